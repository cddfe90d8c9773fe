"""The shipped ritual files. A package only so that they install as package data."""
