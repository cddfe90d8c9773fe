"""Spoken steps: each step's words rendered to sound ahead of time, played at its zone cue."""
