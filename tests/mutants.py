"""Plant small, realistic bugs one at a time and check that the tests catch each.

    python tests/mutants.py            # every mutant; a table, exit 1 if any survived
    python tests/mutants.py -k mood    # only those whose name contains "mood"
    python tests/mutants.py --list     # the list, without running anything

Each mutant replaces one exact piece of text in one file of a temporary copy of the tree; the
tests named with it then run against that copy (its ``firmware`` first on the import path) and
must fail. The unchanged copy runs the same tests first and must pass, so a failure is the
mutant's doing. The list grows with each bug that once slipped through: a mutant that no longer
applies (its text is gone) fails ``tests/test_mutants.py`` in the ordinary suite, so the list
is kept up to date with the code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, NamedTuple, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "firmware",
    "tests",
    "rituals",
    "assets",
    "deploy",
    "docs",
    "setup.py",
    "README.md",
    "ruff.toml",
)
PACKAGE = "firmware/facepacer"
# Data packages that the installed tree maps into the package (see setup.py).
DATA = {"rituals": "rituals", "assets": "assets"}


class Mutant(NamedTuple):
    name: str
    path: str  # relative to the repository
    old: str  # exact text, found once in the file
    new: str
    tests: Tuple[str, ...]  # pytest arguments that must fail once the mutant is in


def _m(name: str, path: str, old: str, new: str, *tests: str) -> Mutant:
    return Mutant(name, path, old, new, tests)


SESSIONS = "tests/app/test_sessions.py"
CLI = "tests/test_cli_exits.py"
RUN = f"{PACKAGE}/engine/run.py"
VOICE = (
    "tests/speech/test_voice.py::"
    + "test_in_german_each_step_says_its_german_words_with_the_german_voice"
)
DISCOVERY = f"{PACKAGE}/link/discovery.py"
MQTT = f"{PACKAGE}/link/mqtt.py"
REMINDER = f"{PACKAGE}/app/reminder.py"
CALIBRATION = f"{PACKAGE}/engine/calibration.py"
SYSTEM = f"{PACKAGE}/doctor/system.py"
FIT = "tests/link/test_consumer_fit.py"
WILL = "tests/link/test_from_outside.py"
LINK_LIMITS = "tests/link/test_link_limits.py"
BUZZER = f"{PACKAGE}/hardware/buzzer.py"
SIM_AUDIO = "tests/app/test_sim_audio.py"
REMINDER_LIMITS = "tests/app/test_reminder_limits.py"
CALIBRATION_LIMITS = "tests/engine/test_calibration_limits.py"
NIGHT = "tests/speech/test_voice_night.py"
DOCTOR_LIMITS = "tests/doctor/test_limits.py"
DOCTOR = "tests/doctor/test_checks.py"
GUIDE = f"{PACKAGE}/ui/guide.py"
I18N = f"{PACKAGE}/i18n.py"

MUTANTS: Tuple[Mutant, ...] = (
    _m("active time counts a finished pause", RUN,
       "        self.ritual_paused += t - self.paused_at\n        self.paused_at = None\n"
       "        return [self._cue(",
       "        self.paused_at = None\n        return [self._cue(", SESSIONS),
    _m("mood check-in waits 30 s", f"{PACKAGE}/engine/device.py",
       "MOOD_SECONDS = 20.0", "MOOD_SECONDS = 30.0", SESSIONS, "tests/engine/test_device.py"),
    _m("summary rounds to 10 ms", f"{PACKAGE}/app/summary.py",
       "round(seconds, 3)", "round(seconds, 2)", SESSIONS),
    _m("paused idle timeout counts from the pause", RUN,
       "return max(self.last_input, self.paused_at) + self.idle_timeout",
       "return self.paused_at + self.idle_timeout", SESSIONS),
    _m("mood saved to the run's first session", f"{PACKAGE}/app/sessionlog.py",
       "session_id = self.last_session_id", "session_id = self.first_session_id",
       SESSIONS),
    _m("days left this week count today when done", f"{PACKAGE}/store/streaks.py",
       "left = DAYS_IN_WEEK - today.weekday() - (1 if this_week[today.weekday()] else 0)",
       "left = DAYS_IN_WEEK - today.weekday()", SESSIONS),
    _m("BACK on the first step goes to the last", RUN,
       "self._start_step(max(0, self.index - 1), g.t)", "self._start_step(self.index - 1, g.t)",
       "tests/engine/test_invariants.py::test_back_twice_on_the_first_step_stays_on_the_first_step",
       SESSIONS),
    _m("count-down shows one second more", f"{PACKAGE}/ui/screens/ritual.py",
       "left_index(s.step_left, 1.0)", "left_index(s.step_left + 1.0, 1.0)",
       "tests/ui/test_golden.py"),
    _m("golden comparison allows 0.5 % of pixels", "tests/ui/golden.py",
       "    if not changed:\n",
       "    if len(changed) <= 0.005 * picture.get_width() * picture.get_height():\n",
       "tests/ui/test_golden_rules.py"),
    _m("golden images skip under CI", "tests/ui/golden.py",
       'return ("fail", f"{why}; CI must compare them, not skip") if in_ci(environ) else',
       'return ("skip", why) if in_ci(environ) else', "tests/ui/test_golden_rules.py"),
    _m("golden update runs under CI", "tests/ui/golden.py",
       "    if in_ci(environ):\n        pytest.fail(", "    if False:\n        pytest.fail(",
       "tests/ui/test_golden_rules.py"),
    _m("filtered data register moved", f"{PACKAGE}/hardware/mpr121.py",
       "FILTERED_DATA = 0x04", "FILTERED_DATA = 0x06", "tests/hardware/test_registers.py"),
    _m("baseline register moved", f"{PACKAGE}/hardware/mpr121.py",
       "BASELINE = 0x1E", "BASELINE = 0x1F", "tests/hardware/test_registers.py"),
    _m("Ctrl-C exits 1", f"{PACKAGE}/cli/__init__.py",
       "    except KeyboardInterrupt:\n        return 130",
       "    except KeyboardInterrupt:\n        return 1", CLI),
    _m("a closed pipe is left to the flush at exit", f"{PACKAGE}/cli/__init__.py",
       "            sys.stdout.flush()  #", "            pass  #", CLI),
    _m("bare facepacer exits 0", f"{PACKAGE}/cli/__init__.py",
       "        parser.print_help(sys.stderr)  # no command is a usage error, like argparse's own\n"
       "        return 2",
       "        parser.print_help(sys.stderr)  # no command is a usage error, like argparse's own\n"
       "        return 0", CLI),
    _m("Ctrl-C on a run exits 0", f"{PACKAGE}/cli/run.py",
       "return 130 if signal.SIGINT in stopped_by else 0", "return 0", CLI),
    _m("--partner ignored", f"{PACKAGE}/app/build.py",
       "replace(config, partner=True)", "replace(config, partner=False)", CLI),
    _m("--no-mood ignored", f"{PACKAGE}/app/build.py",
       "replace(config, mood=False)", "replace(config, mood=True)", CLI),
    _m("--theme ignored", f"{PACKAGE}/app/build.py",
       "replace(config, theme=args.theme)", 'replace(config, theme="calm")', CLI),
    _m("a word on screen bypasses the catalogue", f"{PACKAGE}/ui/screens/ritual.py",
       'surface, _("Paused"), big', 'surface, "Paused", big',
       "tests/ui/test_translated.py"),
    _m("--language ignored", f"{PACKAGE}/app/build.py",
       "replace(config, language=args.language)", "replace(config, language=None)", VOICE),
    _m("rituals shown in the language of their file", f"{PACKAGE}/app/build.py",
       "    library = library.in_language(language)\n", "", VOICE, "tests/test_i18n.py"),
    _m("the voice speaks every line in English", f"{PACKAGE}/speech/voice.py",
       "prepared = self._render(line, ritual.language)", 'prepared = self._render(line, "en")',
       VOICE),
    _m("the finish screen counts the pause", f"{PACKAGE}/ui/screens/after.py",
       "time_text = clock_text(s.ritual_active)", "time_text = clock_text(s.elapsed)",
       "tests/ui/test_finish_time.py"),
    _m("the picker's Back entry opens history", f"{PACKAGE}/engine/device.py",
       "if menu[self.highlighted] == BACK_LABEL:", "if menu[self.highlighted] is None:",
       "tests/engine/test_device.py"),
    _m("validate blames the shipped file", f"{PACKAGE}/cli/rituals.py",
       "key=lambda pair: _installed_at(pair[0], installed) is None",
       "key=lambda pair: 0", "tests/ritual/test_cli.py"),
    _m("partner mode reads no catalogue's side words", f"{PACKAGE}/i18n.py",
       "_gettext.NullTranslations() if code == SOURCE else load(code).words",
       "_gettext.NullTranslations()", "tests/engine/test_partner.py"),
    # The newer features: the MQTT link, the reminder, the voice, calibration, the stroke guide,
    # languages, history and the doctor (each killed by a test that reads README's numbers).
    _m("the week sensor reads a key the device never sends", DISCOVERY,
       '"{{ value_json.days_done }}"', '"{{ value_json.days }}"', FIT),
    _m("the step sensor shows the step's number", DISCOVERY,
       'optional.format("step_title")', 'optional.format("step")', FIT),
    _m("the fault sensor waits for lower-case words", DISCOVERY,
       '"payload_on": "ON", "payload_off": "OFF"', '"payload_on": "on", "payload_off": "off"',
       FIT),
    _m("the select sends the option in capitals", DISCOVERY,
       '"ritual": "{{ value }}"', '"ritual": "{{ value | upper }}"', FIT),
    _m("the event entity offers quit, not interrupted", DISCOVERY,
       'SESSION_EVENTS = ("completed", "abandoned", "interrupted")',
       'SESSION_EVENTS = ("completed", "abandoned", "quit")', FIT),
    _m("the session event is retained", MQTT,
       "self.topics.session, payload, qos=1)", "self.topics.session, payload, qos=1, retain=True)",
       FIT),
    _m("the session event goes at QoS 0", MQTT,
       "publish(self.topics.session, payload, qos=1)", "publish(self.topics.session, payload)",
       FIT),
    _m("the last will is not retained", MQTT,
       "will_set(self.topics.availability, OFFLINE, qos=1, retain=True)",
       "will_set(self.topics.availability, OFFLINE, qos=1, retain=False)", WILL),
    _m("the last will goes at QoS 0", MQTT,
       "will_set(self.topics.availability, OFFLINE, qos=1",
       "will_set(self.topics.availability, OFFLINE, qos=0", WILL),
    _m("sessions 8 days old are still announced", MQTT,
       "BACKLOG_DAYS = 7", "BACKLOG_DAYS = 8", LINK_LIMITS),
    _m("a command of 1025 bytes is read", f"{PACKAGE}/link/commands.py",
       "if size > MAX_BYTES:", "if size > MAX_BYTES + 1:", LINK_LIMITS),
    _m("JSON 3 deep is read", f"{PACKAGE}/link/commands.py",
       "if _depth(text) > MAX_DEPTH:", "if _depth(text) > MAX_DEPTH + 1:", LINK_LIMITS),
    _m("plain command words are case-sensitive", f"{PACKAGE}/link/commands.py",
       "words[0].lower(), (words[1]", "words[0], (words[1]", LINK_LIMITS),
    _m("a reminder comes eleven minutes late", REMINDER,
       "if wall < at + late:", "if wall <= at + late + timedelta(minutes=1):", REMINDER_LIMITS),
    _m("a reminder at 23:58 is lost at midnight", REMINDER,
       "for day in (wall.date() - timedelta(days=1), wall.date()):",
       "for day in (wall.date(),):", REMINDER_LIMITS),
    _m("a dismissed reminder led to a ritual", f"{PACKAGE}/store/store.py",
       "total(outcome = 'taken')", "total(outcome IS NOT NULL)", REMINDER_LIMITS),
    _m("the last 30 days of reminders are 31", f"{PACKAGE}/cli/history.py",
       "today - timedelta(days=REMINDER_DAYS - 1)", "today - timedelta(days=REMINDER_DAYS)",
       REMINDER_LIMITS),
    _m("calibration hears only the dips of the noise", CALIBRATION,
       "max(int(round(abs(v - mean))) for v in values)",
       "max(int(round(mean - v)) for v in values)", CALIBRATION_LIMITS),
    _m("calibration hears only the pad's noise", CALIBRATION,
       "noise, weakest = max(self.noise.values()), min(self.taps)\n        touch",
       "noise, weakest = self.noise[self.pad], min(self.taps)\n        touch",
       CALIBRATION_LIMITS),
    _m("a tap 5 counts clear of the noise is enough", CALIBRATION,
       "if weakest - noise < MIN_GAP:", "if weakest - noise < MIN_GAP - 1:",
       CALIBRATION_LIMITS),
    _m("calibration counts the lifting finger", CALIBRATION,
       "SETTLE = 1.0", "SETTLE = 0.5", CALIBRATION_LIMITS),
    _m("calibration waits 6 s for a reading", CALIBRATION,
       "NO_READINGS = 5.0", "NO_READINGS = 6.0", CALIBRATION_LIMITS),
    _m("the voice is never quieter at night", f"{PACKAGE}/speech/voice.py",
       "volume = self.config.night_volume if self.night else self.config.volume",
       "volume = self.config.volume", NIGHT),
    _m("a pause leaves the voice speaking", f"{PACKAGE}/speech/voice.py",
       'STOP_CUES = ("pause", "finish")', 'STOP_CUES = ("finish",)', NIGHT),
    _m("doctor takes a read-only I2C device", SYSTEM,
       "may(device, context.who, read=True, write=True)", "may(device, context.who, read=True)",
       DOCTOR_LIMITS),
    _m("doctor takes an unknown connector for a screen", SYSTEM,
       'state == "connected"]', 'state != "disconnected"]', DOCTOR_LIMITS),
    _m("doctor fails only under 2 MB free", SYSTEM,
       "FREE_FAIL, FREE_WARN = 20 * MB, 200 * MB", "FREE_FAIL, FREE_WARN = 2 * MB, 200 * MB",
       DOCTOR_LIMITS),
    _m("doctor is content with 200 MB less a byte", SYSTEM,
       "if free < FREE_WARN:", "if free < FREE_WARN - MB:", DOCTOR_LIMITS),
    _m("doctor takes an IRQ line held low for idle", f"{PACKAGE}/doctor/devices.py",
       "    if not high:\n", "    if False:\n", DOCTOR),
    _m("doctor proposes an address that is no MPR121's", f"{PACKAGE}/doctor/devices.py",
       "if a in mpr121.ADDRESSES]", "if a not in mpr121.ADDRESSES]", DOCTOR),
    _m("the stroke guide travels the whole period", GUIDE,
       "TRAVEL = 0.85", "TRAVEL = 1.0", "tests/ui/test_guide.py"),
    _m("the stroke guide ignores partner mode", GUIDE,
       "swap_side(s.side_now) if s.partner else s.side_now", "s.side_now",
       "tests/ui/test_guide.py"),
    _m("the stroke guide leaves no trail", GUIDE,
       "TRAIL_DOTS = 6", "TRAIL_DOTS = 0", "tests/ui/test_guide_trail.py"),
    _m("the stroke guide trails behind a dot that arrived", GUIDE,
       "            if self.progress < 1.0:\n", "            if True:\n",
       "tests/ui/test_guide_trail.py"),
    _m("LANGUAGE is read as one code", I18N,
       'value.split(":") if name == "LANGUAGE" else [value]', "[value]", "tests/test_i18n.py"),
    _m("LANG=C does not mean English", I18N,
       "return None  # C or POSIX", "continue  # C or POSIX", "tests/test_i18n.py"),
    _m("a plural formula is tried up to 999", I18N,
       "PLURAL_PROBES = range(0, 1001)", "PLURAL_PROBES = range(0, 1000)",
       "tests/hostile/test_catalogues.py"),
    _m("history shows 21 sessions", f"{PACKAGE}/cli/history.py",
       "DEFAULT_LIMIT = 20", "DEFAULT_LIMIT = 21", "tests/store/test_history_limit.py"),
    _m("history's last 30 days are 31", f"{PACKAGE}/store/store.py",
       "first = today - timedelta(days=HISTORY_DAYS - 1)",
       "first = today - timedelta(days=HISTORY_DAYS)", "tests/store/test_stats.py"),
    _m("the best streak counts weeks with gaps", f"{PACKAGE}/store/streaks.py",
       "run = run + 1 if previous == start - timedelta(days=DAYS_IN_WEEK) else 1",
       "run = run + 1", "tests/store/test_streaks.py"),
    # The cue records and the one set of sound rules both outputs follow.
    _m("stroke ticks sound at night", f"{PACKAGE}/engine/cues.py",
       "order=3,\n            quiet_at_night=True,", "order=3,\n            quiet_at_night=False,",
       SIM_AUDIO),
    _m("the buzzer keeps its full volume under the voice", BUZZER, "DUCK = 0.4", "DUCK = 1.0",
       SIM_AUDIO),
    _m("a queued pattern skips its gap", BUZZER, "if self._note_start > now:",
       "if False:", "tests/hardware/test_buzzer.py"),
    _m("the buzzer remembers every pattern it played", BUZZER,
       "if len(records) > 2 * KEPT:", "if False:", "tests/test_long_runs_stay_small.py"),
    _m("the speaker plays a dropped cue", f"{PACKAGE}/ui/sound.py",
       "if sounding.start is not None:", "if True:", SIM_AUDIO),
    _m("a --ritual start asks the hour after its first cues", f"{PACKAGE}/app/loop.py",
       "self._check_night(now)\n        self._emit(self.wiring.device.start(ritual, now), now)",
       "self._emit(self.wiring.device.start(ritual, now), now)", SIM_AUDIO),
    _m("pygame brings pkg_resources", f"{PACKAGE}/sdl.py", "if fullname == SKIPPED:",
       "if False:", "tests/test_long_runs_stay_small.py"),
    _m("the 12-hour clock shows midnight as 0", f"{PACKAGE}/i18n.py",
       'value = hour if field[0] == "H" else (hour % 12 or 12)',
       'value = hour if field[0] == "H" else hour % 12', "tests/test_dates.py"),
    # cues: what the user hears and the stroke guide, at README's numbers
    _m("cues: the buzzer is louder at night than set by day", BUZZER,
       "min(self.volume, self.config.night_volume) if self.night",
       "self.config.night_volume if self.night", "tests/hardware/test_buzzer_edges.py"),
    _m("cues: a passive piezo hums at volume 0", BUZZER,
       "        if freq is None or volume == 0:\n            self.device.stop()",
       "        if freq is None:\n            self.device.stop()",
       "tests/hardware/test_buzzer_edges.py"),
    _m("cues: an active buzzer sounds at volume 0", BUZZER,
       "            if freq is None or volume == 0:\n                self.device.off()",
       "            if freq is None:\n                self.device.off()",
       "tests/hardware/test_buzzer_edges.py"),
    _m("cues: muting keeps a cue that waits out its gap", BUZZER,
       "                waiting.insert(0, (self._cue, self._asked))  # had not started yet\n",
       "                pass\n", "tests/hardware/test_buzzer_edges.py"),
    _m("cues: a tick after a pattern ended finds the buzzer busy", BUZZER,
       "        style = cue_style(cue)\n        self.update(now)\n",
       "        style = cue_style(cue)\n", "tests/hardware/test_buzzer_edges.py"),
    _m("cues: after a mute the gap counts from the pattern's start", BUZZER,
       "self._cue, self._free_at = None, self._note_start if now is None else now",
       "self._cue, self._free_at = None, self._note_start", "tests/hardware/test_buzzer_edges.py"),
    _m("cues: a new buzzer volume is ignored", BUZZER,
       "got {volume!r}\")\n        self.volume = volume", "got {volume!r}\")",
       "tests/hardware/test_buzzer_edges.py"),
    _m("cues: a buzzer volume of 0 is refused", BUZZER,
       "            if not 0 <= value <= 1:", "            if not 0 < value <= 1:",
       "tests/hardware/test_buzzer_edges.py"),
    _m("cues: a quit leaves the voice speaking", f"{PACKAGE}/speech/voice.py",
       "            elif (isinstance(item, Cue) and item.cue in STOP_CUES) or isinstance(\n"
       "                item, SessionEnded\n            ):",
       "            elif isinstance(item, Cue) and item.cue in STOP_CUES:",
       f"{NIGHT}::test_quitting_while_a_line_is_said_stops_the_voice_with_the_session"),
    _m("cues: a muted voice still speaks", f"{PACKAGE}/speech/voice.py",
       "if self._channel is None or self.mute or self._ritual is None:",
       "if self._channel is None or self._ritual is None:",
       f"{SIM_AUDIO}::test_m_silences_the_pattern_playing_and_the_voice_says_no_more_lines"),
    _m("cues: M leaves the voice on", f"{PACKAGE}/app/loop.py",
       "                wiring.voice.mute = wiring.buzzer.mute", "                pass",
       f"{SIM_AUDIO}::test_m_silences_the_pattern_playing_and_the_voice_says_no_more_lines"),
    _m("cues: M leaves the speaker on", f"{PACKAGE}/app/loop.py",
       "                wiring.speaker.mute = wiring.buzzer.mute", "                pass",
       f"{SIM_AUDIO}::test_m_silences_the_pattern_playing_and_the_voice_says_no_more_lines"),
    _m("cues: the muted speaker lets its pattern finish", f"{PACKAGE}/ui/sound.py",
       "        if self._mute and self._channel is not None:\n            self._channel.stop()",
       "        if False:\n            pass",
       f"{SIM_AUDIO}::test_m_silences_the_pattern_playing_and_the_voice_says_no_more_lines"),
    _m("cues: the hour is looked at every 5 minutes", f"{PACKAGE}/app/loop.py",
       "and now >= self._night_checked + 30", "and now >= self._night_checked + 300",
       f"{NIGHT}::test_a_ritual_running_into_the_night_leaves_its_ticks_out_within_"
       "half_a_minute"),
    _m("cues: espeak-ng speaks at one rate", f"{PACKAGE}/speech/synth.py",
       '"-s", str(rate),', '"-s", "160",',
       "tests/speech/test_voice_edges.py::test_espeak_ng_says_a_line_at_the_configured_rate"),
    _m("cues: lines not ready are warned of at every step", f"{PACKAGE}/speech/voice.py",
       "        if key not in self._warned:\n", "        if True:\n",
       "tests/speech/test_voice_edges.py"),
    _m("cues: the summary lists lines said after its session", f"{PACKAGE}/app/summary.py",
       "        if self._sessions == 1 and not self.ended:\n            t0",
       "        if self._sessions == 1:\n            t0", "tests/speech/test_voice_edges.py"),
    _m("cues: the speaker's tones click in and out", f"{PACKAGE}/ui/sound.py",
       "FADE = 0.005", "FADE = 0.0", "tests/ui/test_sound.py"),
    _m("cues: the speaker makes full-volume patterns again", f"{PACKAGE}/ui/sound.py",
       "if set(k[1]) == {1.0}}", "if False}", "tests/ui/test_sound.py"),
    _m("cues: the speaker keeps every mixed pattern", f"{PACKAGE}/ui/sound.py",
       "            if len(self._sounds) >= MAX_SOUNDS:", "            if False:",
       "tests/ui/test_sound.py"),
    _m("cues: the stroke guide redraws 60 times a second", GUIDE,
       "MAX_FPS = 30.0", "MAX_FPS = 60.0", "tests/ui/test_guide_pace.py"),
    _m("cues: the stroke guide steps 3 pixels", GUIDE, "STEP_PX = 2.0", "STEP_PX = 3.0",
       "tests/ui/test_guide_pace.py"),
    _m("cues: the stroke guide arrives at 90 % of the period", GUIDE,
       "TRAVEL = 0.85  #", "TRAVEL = 0.9  #", "tests/ui/test_guide_pace.py"),
    _m("cues: the stroke guide wakes after the last stroke", GUIDE,
       "        elif stroke + 1 < st.strokes:", "        elif stroke < st.strokes:",
       "tests/ui/test_guide_pace.py"),
    _m("cues: the stroke guide covers a step's own picture", GUIDE,
       "    if st.image:", "    if False:", "tests/ui/test_guide_pace.py"),
    _m("cues: every cue sends a ring out from the time ring", f"{PACKAGE}/ui/screens/ritual.py",
       "    if s.last_cue not in PULSE_CUES or s.last_cue_t is None:",
       "    if s.last_cue_t is None:", "tests/ui/test_guide_pace.py"),
    # calibration, doctor, history and languages: each caught by a test that reads README's
    # numbers or what the command prints (python tests/mutants.py -k calib/)
    _m("calib/ a strong tap proposes a touch threshold of 254", CALIBRATION,
       "touch = min(255,", "touch = min(254,", "tests/engine/test_calibration_detection.py"),
    _m("calib/ a noisy pad gets a release threshold equal to its touch", CALIBRATION,
       "min(release, touch - 1)", "min(release, touch)",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ a tap need pass only twice the noise and 1", CALIBRATION,
       "2 * self.noise[self.pad] + 2)", "2 * self.noise[self.pad] + 1)",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ a 4-count dip on a quiet pad is a tap", CALIBRATION,
       "MIN_DETECT = 4", "MIN_DETECT = 3", "tests/engine/test_calibration_detection.py"),
    _m("calib/ a dip back to the detection level ends the tap", CALIBRATION,
       "delta < self._detect() / 2", "delta < self._detect()",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ a tap exactly at the detection level counts", CALIBRATION,
       "if delta > self._detect():", "if delta >= self._detect():",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the taps get 20 s and one reading more", CALIBRATION,
       "elif now - self.phase_at >= self.tap_seconds:",
       "elif now - self.phase_at > self.tap_seconds:",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ a measurement found late counts as ended then", CALIBRATION,
       "        self._ended_at = deadline\n", "        self._ended_at = now\n",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the quiet shows 3 s to the end", CALIBRATION,
       "return min(length, max(0.0, length - (now - self.phase_at)))", "return length",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the reading at the end of the settling second is left out", CALIBRATION,
       "        if now < self.phase_at:\n            return",
       "        if now <= self.phase_at:\n            return",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the back electrode cannot leave the proposal", f"{PACKAGE}/engine/device.py",
       "answer(g.kind, g.t) if g.kind in (TAP, HOLD, BACK) else []",
       "answer(g.kind, g.t) if g.kind in (TAP, HOLD) else []",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the screen measures the pad's noise alone", f"{PACKAGE}/engine/device.py",
       "CalibrationFlow(self.pad_electrodes, g.t)", "CalibrationFlow(self.pad_electrodes[:1], g.t)",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the probe leaves the chip at its old thresholds", f"{PACKAGE}/cli/calibrate.py",
       "    device.set_thresholds(proposal.touch, proposal.release)\n", "",
       "tests/hardware/test_calibrate.py"),
    _m("calib/ the probe reports the strongest tap as the weakest", f"{PACKAGE}/cli/calibrate.py",
       "weakest tap {min(calibration.taps)}", "weakest tap {max(calibration.taps)}",
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ thresholds not saved are not said on the screen", f"{PACKAGE}/app/loop.py",
       "wiring.extra_notices = (*wiring.extra_notices, problem)", "pass",
       "tests/app/test_calibration_loop.py"),
    _m("calib/ doctor refuses root a device file", f"{PACKAGE}/doctor/__init__.py",
       "    if who.uid == 0:\n        return True\n    st", "    st",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor reads the owner's access from the group's bits",
       f"{PACKAGE}/doctor/__init__.py", "bits = st.st_mode >> 6", "bits = st.st_mode >> 3",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor asks root to join groups", SYSTEM,
       "if context.who.uid == 0:", "if context.who.uid == 1:", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor forgets the user's primary group", SYSTEM,
       "            members[names[int(fields[3])]].add(fields[0])\n", "            pass\n",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor's scan stops at 0x76", f"{PACKAGE}/doctor/devices.py",
       "SCAN = range(0x08, 0x78)", "SCAN = range(0x08, 0x77)", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor's scan asks the reserved addresses", f"{PACKAGE}/doctor/devices.py",
       "SCAN = range(0x08,", "SCAN = range(0x03,", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor takes a chip the device set up for another", f"{PACKAGE}/doctor/devices.py",
       '    mpr121.CONFIG2_SETTING: "an MPR121 set up by facepacer",\n', "",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor takes a pin in use for a broken one", f"{PACKAGE}/doctor/devices.py",
       'return "busy" in text or "in use" in text', 'return "busy" in text',
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor misses a service enabled for the desktop", SYSTEM,
       'for t in ("multi-user.target", "graphical.target")]', 'for t in ("multi-user.target",)]',
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor misses the system-wide autostart entry", SYSTEM,
       'context.path(f"/etc/xdg/autostart/{AUTOSTART}")]',
       'context.path(f"/etc/autostart/{AUTOSTART}")]', "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor fails a log folder not made yet", SYSTEM,
       "while not existing.exists() and existing != existing.parent:", "while False:",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor counts free space in 4 KiB blocks", SYSTEM,
       "free = stats.f_bavail * stats.f_frsize", "free = stats.f_bavail * 4096",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor keeps the ReadWritePaths a drop-in emptied", f"{PACKAGE}/doctor/unit.py",
       "found[key] = [] if not value else found.get(key, []) + value.split()",
       "found[key] = found.get(key, []) + value.split()", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor reads a quoted Environment line with its quotes", f"{PACKAGE}/doctor/unit.py",
       "key, _, value = item.strip('\"').partition(\"=\")",
       "key, _, value = item.partition(\"=\")", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor tries the display with the terminal's SDL settings",
       f"{PACKAGE}/doctor/video.py",
       'child_env = {k: v for k, v in os.environ.items() if not k.startswith("SDL_")}',
       "child_env = dict(os.environ)", "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor keeps the pins it claimed", f"{PACKAGE}/doctor/__init__.py",
       "    context.release_pins()\n    return results", "    return results",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor prints a fix under an ok line", f"{PACKAGE}/cli/doctor.py",
       "if result.fix and result.status != Verdict.OK:", "if result.fix:",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ history says 1 more days", f"{PACKAGE}/cli/history.py",
       "{'s' if week.days_needed > 1 else ''}", "{'s' if week.days_needed >= 1 else ''}",
       "tests/store/test_history_edges.py"),
    _m("calib/ history says 1 reminders", f"{PACKAGE}/cli/history.py",
       'times = "reminder" if shown == 1 else "reminders"', 'times = "reminders"',
       "tests/store/test_history_edges.py"),
    _m("calib/ a week still to come counts in the best streak", f"{PACKAGE}/store/streaks.py",
       "for start in sorted(s for s in per_week if s <= monday and met(s)):",
       "for start in sorted(s for s in per_week if met(s)):", "tests/store/test_history_edges.py"),
    _m("calib/ streak days are UTC days", f"{PACKAGE}/store/store.py",
       "\"SELECT DISTINCT date(started_at, 'localtime') AS day FROM sessions\"",
       "\"SELECT DISTINCT date(started_at) AS day FROM sessions\"",
       "tests/store/test_history_edges.py"),
    _m("calib/ the history screen counts days with minutes as done",
       f"{PACKAGE}/ui/screens/history.py",
       "done = sum(1 for i in week if days[i].completed > 0)",
       "done = sum(1 for i in week if days[i].minutes > 0)", "tests/ui/test_history_weeks.py"),
    _m("calib/ the history screen hides the best streak while the current is 0",
       f"{PACKAGE}/ui/screens/history.py",
       "if stats.current_streak or stats.best_streak:", "if stats.current_streak:",
       "tests/ui/test_history_weeks.py"),
    _m("calib/ the history screen never mutes a bar", f"{PACKAGE}/ui/screens/history.py",
       "color = p.bar if day.completed else p.muted", "color = p.bar",
       "tests/ui/test_history_weeks.py"),
    _m("calib/ the device judges the week by 5 days whatever its settings",
       f"{PACKAGE}/app/build.py", "store.stats(today, config.weekly_goal)", "store.stats(today)",
       "tests/app/test_week_goal.py"),
    _m("calib/ a catalogue that breaks leaves the device in German", I18N,
       "        _current = load(_locale(SOURCE, None))\n", "", "tests/test_i18n_edges.py"),
    _m("calib/ a language folder without a catalogue is a language", I18N,
       'if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():', "if folder.is_dir():",
       "tests/test_i18n_edges.py"),
    _m("calib/ two quotes in a clock pattern write none", I18N,
       "out.append(field[1:-1] or \"'\")", "out.append(field[1:-1])", "tests/test_i18n_edges.py"),
    _m("calib/ a region in digits is no locale", I18N,
       "(?:[_-]([a-zA-Z]{2}|[0-9]{3}))?", "(?:[_-]([a-zA-Z]{2}))?", "tests/test_i18n_edges.py"),
    _m("calib/ the side words are read without their context", I18N,
       "return self.words.pgettext(context, message)", "return self.words.gettext(message)",
       "tests/test_i18n_edges.py"),
    _m("calib/ history names 11 damaged sessions", f"{PACKAGE}/cli/history.py",
       'listed = ", ".join(str(n) for n in ids[:10]) + (", ..." if len(ids) > 10 else "")',
       'listed = ", ".join(str(n) for n in ids[:11]) + (", ..." if len(ids) > 11 else "")',
       "tests/store/test_history_edges.py"),
    _m("calib/ history counts damaged sessions in all", f"{PACKAGE}/cli/history.py",
       "store.count() - len(skipped),", "store.count(),", "tests/store/test_history_edges.py"),
    _m("calib/ the probe asks for each phase at every reading", f"{PACKAGE}/cli/calibrate.py",
       "if calibration.phase is not said and calibration.phase in",
       "if calibration.phase in",
       "tests/hardware/test_calibrate.py"),
    _m("calib/ the probe takes a capital Y for no", f"{PACKAGE}/cli/calibrate.py",
       "if answer.strip().lower() not in", "if answer.strip() not in",
       "tests/hardware/test_calibrate.py"),
    _m("calib/ a weekday Babel writes is shortened", I18N,
       'format_date(when, format="EEEE", locale=self.locale)',
       'format_date(when, format="EEE", locale=self.locale)', "tests/test_i18n_edges.py"),
    _m("calib/ partner mode swaps side words not written left:right", I18N,
       'if colon and left and right and ":" not in right:', "if colon:",
       "tests/test_i18n_edges.py"),
    _m("calib/ the week's days done count days still to come", f"{PACKAGE}/store/store.py",
       "week_days_done=result.days_done,", "week_days_done=sum(result.this_week),",
       "tests/store/test_history_edges.py"),
    _m("calib/ the probe calls every electrode the pad", f"{PACKAGE}/cli/calibrate.py",
       'role = "pad" if e == calibration.pad else "role"', 'role = "pad"',
       "tests/engine/test_calibration_detection.py"),
    _m("calib/ the probe measures the pad's noise alone", f"{PACKAGE}/cli/calibrate.py",
       "Calibration([sensor.pad, *sorted(sensor.roles)])", "Calibration([sensor.pad])",
       "tests/hardware/test_calibrate.py"),
    _m("calib/ doctor looks for the sensor's device on bus 1 whatever the setting", SYSTEM,
       '    bus = context.config.sensor.bus\n    device = context.path(f"/dev/i2c-{bus}")',
       '    bus = 1\n    device = context.path(f"/dev/i2c-{bus}")',
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor checks the default log folder without XDG_DATA_HOME", SYSTEM,
       "if db else data_dir(context.env)", "if db else data_dir({})",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ doctor breaks on a group line without its members", SYSTEM,
       "if len(fields) == 4 and fields[2]", "if len(fields) >= 3 and fields[2]",
       "tests/doctor/test_doctor_edges.py"),
    _m("calib/ the home screen's days move on an hour after midnight", f"{PACKAGE}/app/loop.py",
       "        self._stats_check_at = now + 60.0", "        self._stats_check_at = now + 3600.0",
       "tests/app/test_week_goal.py"),
    # the session log read while a device ends its session and exits
    _m("a session just ended reads as interrupted", f"{PACKAGE}/store/store.py",
       "return result if self._liveness.gone == gone else self._reading(read)", "return result",
       "tests/store/test_concurrency.py::"
       "test_a_session_ended_by_a_writer_that_exits_during_a_read_shows_how_it_ended"),
    # mqtt: the link to Home Assistant and the reminder (what Home Assistant reads, the worker's
    # manners on each connection, the answers and refusals, the log as published).
    _m("mqtt: the week sensor's attributes come from the state topic", DISCOVERY,
       '"json_attributes_topic": topics.week, "icon"',
       '"json_attributes_topic": topics.state, "icon"', FIT),
    _m("mqtt: the streak sensor shows the best streak", DISCOVERY,
       '"{{ value_json.streak }}"', '"{{ value_json.best_streak }}"', FIT),
    _m("mqtt: a select with no options is announced", DISCOVERY,
       "buttons + ([choose] if rituals else [])", "buttons + [choose]",
       "tests/link/test_discovery.py"),
    _m("mqtt: the mood screen is not finished", f"{PACKAGE}/link/state.py",
       "    elif screen in (Screen.FINISH, Screen.MOOD):", "    elif screen == Screen.FINISH:",
       "tests/link/test_state.py"),
    _m("mqtt: a dimmed home is idle, not asleep", f"{PACKAGE}/link/state.py",
       "elif device.power(now) != AWAKE:", 'elif device.power(now) == "blank":',
       "tests/link/test_state.py"),
    _m("mqtt: a new connection leaves out the week and the last session", MQTT,
       "        self._log_sent = {}\n", "", "tests/link/test_worker.py"),
    _m("mqtt: a command sent now waits for the loop's next deadline", MQTT,
       "            self._wake.set()  #", "            pass  #", "tests/link/test_worker.py"),
    _m("mqtt: answers to commands carried out count against the refusals", MQTT,
       "(not ok and not self._refusals.may_answer())", "(not self._refusals.may_answer())",
       "tests/link/test_worker.py"),
    _m("mqtt: the link takes a goal of 3 whatever the settings", MQTT,
       "goal=config.weekly_goal", "goal=3",
       "tests/link/test_broker.py::"
       "test_a_scripted_run_announces_discovery_then_its_states_then_one_session_event"),
    _m("mqtt: a quiet hour saves up refusal answers", f"{PACKAGE}/link/refusals.py",
       "min(REFUSALS_PER_SECOND, self._budget + refill)", "self._budget + refill",
       "tests/link/test_refusals.py"),
    _m("mqtt: a clock stepping back costs refusal answers", f"{PACKAGE}/link/refusals.py",
       "refill = max(0.0, now - self._budget_at) * REFUSALS_PER_SECOND",
       "refill = (now - self._budget_at) * REFUSALS_PER_SECOND", "tests/link/test_refusals.py"),
    _m("mqtt: retained commands are remembered without end", f"{PACKAGE}/link/refusals.py",
       "            self._retained.clear()\n", "            pass\n", "tests/link/test_refusals.py"),
    _m("mqtt: dropped answers are not counted", f"{PACKAGE}/link/inbox.py",
       "            if len(self._answers) == self._answers.maxlen:\n"
       "                self.dropped_answers += 1\n", "", "tests/link/test_queue.py"),
    _m("mqtt: last_session is the one before the latest", f"{PACKAGE}/link/published.py",
       "return event(store, ended[-1])", "return event(store, ended[0])",
       "tests/link/test_published.py"),
    _m("mqtt: the week's best streak is the current one", f"{PACKAGE}/link/published.py",
       '"best_streak": stats.best_streak', '"best_streak": stats.current_streak',
       "tests/link/test_published.py"),
    _m("mqtt: answers on status are retained", MQTT,
       "publish(self.topics.status, json.dumps(answer), qos=1)",
       "publish(self.topics.status, json.dumps(answer), qos=1, retain=True)",
       "tests/link/test_worker.py"),
    _m("mqtt: a command beyond the 16 waiting goes unanswered", MQTT,
       '            self._status(False, command, "busy: too many commands waiting; try again")\n',
       "", "tests/link/test_worker.py"),
    _m("mqtt: a reminder on one weekday is not looked for a week on", REMINDER,
       "for ahead in range(8):", "for ahead in range(7):", "tests/app/test_reminder.py"),
    _m("mqtt: the reminder at this very minute is not the next one", REMINDER,
       "and at >= wall:", "and at > wall:", "tests/app/test_reminder.py"),
    _m("mqtt: a missed reminder comes when the clock is set back", REMINDER,
       "            if day == wall.date():\n                self.handled = day",
       "            if False:\n                self.handled = day", REMINDER_LIMITS),
    _m("mqtt: a reminder at night's first second sounds", f"{PACKAGE}/app/loop.py",
       '        self._night_checked = float("-inf")  # a reminder',
       "        pass  # a reminder", "tests/app/test_reminder_night.py"),
    _m("mqtt: the link never hears of a lost sensor", f"{PACKAGE}/app/loop.py",
       "sensor_ok=self.wiring.pad.status.ok)", "sensor_ok=True)", "tests/app/test_loop_link.py"),
    _m("mqtt: a command over the link is carried out in silence", f"{PACKAGE}/app/loop.py",
       "            link.answered(command, refused)\n            self._emit(outputs, now)\n",
       "            link.answered(command, refused)\n", "tests/app/test_loop_link.py"),
    _m("mqtt: a real clock waits for the reminder however far off", f"{PACKAGE}/app/loop.py",
       "return t if p.virtual else min(t, now + 60.0)", "return t", "tests/app/test_loop_link.py"),
    _m("mqtt: a ritual that is no id is refused as unknown", f"{PACKAGE}/link/commands.py",
       "    if ritual is not None and not isinstance(ritual, str):\n", "    if False:\n",
       "tests/link/test_commands.py"),
    _m("mqtt: a reminder over the picker offers the highlighted entry",
       f"{PACKAGE}/engine/device.py",
       "        self.highlighted = self._home_index()\n        self._swallow = False\n"
       "        self._go(Screen.REMINDER, now)",
       "        self._swallow = False\n        self._go(Screen.REMINDER, now)",
       "tests/engine/test_reminder.py"),
    _m("mqtt: the sensor fault is no diagnostic entity", DISCOVERY,
       '"device_class": "problem", "entity_category": "diagnostic",',
       '"device_class": "problem",', "tests/link/test_discovery.py"),
    _m("mqtt: a quoted JSON string is read as a word", f"{PACKAGE}/link/commands.py",
       "if text[:1] in (\"{\", \"[\", '\"'):", "if text[:1] in (\"{\", \"[\"):",
       "tests/link/test_commands.py"),
    _m("mqtt: reminder days that name no weekday mean every day", f"{PACKAGE}/config.py",
       "        if days == ():  # days", "        if False:  # days", "tests/test_config_link.py"),
    _m("mqtt: the streak is counted in days", DISCOVERY,
       '"unit_of_measurement": "weeks"', '"unit_of_measurement": "d"',
       "tests/link/test_discovery.py"),
    _m("mqtt: the week sensor keeps no statistics", DISCOVERY,
       '"unit_of_measurement": "d", "state_class": "measurement",',
       '"unit_of_measurement": "d",', "tests/link/test_discovery.py"),
    _m("mqtt: a broker that keeps refusing is warned about at every try", MQTT,
       "        if message != self.problem:\n            log.warning",
       "        if True:\n            log.warning", "tests/link/test_worker.py"),
    _m("mqtt: a lost broker is still taken for connected", MQTT,
       '            self._connected = False\n            self._trouble(f"lost',
       '            self._trouble(f"lost', "tests/link/test_worker.py"),
    _m("mqtt: a virtual-clock run does not wait for the broker", f"{PACKAGE}/app/build.py",
       "wait=5.0 if isinstance(clock, VirtualClock) else 0.0", "wait=0.0",
       "tests/app/test_build_link.py"),
    _m("mqtt: a command does not wake the loop", f"{PACKAGE}/app/build.py",
       "wake=hardware.pad.irq_event,", "wake=None,", "tests/app/test_build_link.py"),
    _m("mqtt: the week is counted on the machine's day", MQTT,
       "published.week(self._store, self._today(), self._goal)",
       "published.week(self._store, date.today(), self._goal)", "tests/link/test_worker.py"),
    _m("mqtt: paho's retain flag is lost on the way", MQTT, "bool(m.retain)", "False",
       "tests/link/test_worker.py"),
    _m("mqtt: the link is closed after the rest", f"{PACKAGE}/app/build.py",
       "(link, voice, hardware, window, store)", "(voice, hardware, window, store, link)",
       "tests/app/test_build_link.py"),
    _m("mqtt: the password is the last line of its file", MQTT,
       'return lines[0] if lines else ""', 'return lines[-1] if lines else ""',
       "tests/link/test_worker.py"),
    _m("mqtt: reconnecting waits up to 120 s", MQTT,
       "reconnect_delay_set(1, 30)", "reconnect_delay_set(1, 120)", "tests/link/test_worker.py"),
    _m("mqtt: getting the broker back goes unsaid", MQTT,
       '            log.warning("connected to the MQTT broker at %s", self._where())\n',
       "            pass\n", "tests/link/test_worker.py"),
)  # fmt: skip


def problem(mutant: Mutant, root: Path = ROOT) -> str:
    """Why ``mutant`` cannot be planted in the tree at ``root``; empty when it can."""
    path = root / mutant.path
    if not path.is_file():
        return f"{mutant.path} does not exist"
    found = path.read_text(encoding="utf-8").count(mutant.old)
    if found != 1:
        return f"its text is found {found} times in {mutant.path}, not once"
    for test in mutant.tests:
        if not (root / test.split("::")[0]).is_file():
            return f"its test {test} does not exist"
    return ""


def copy_tree(into: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, into / name)
    for package, folder in DATA.items():
        (into / PACKAGE / package).symlink_to(into / folder, target_is_directory=True)


def pytest_run(tree: Path, tests: Sequence[str]) -> Tuple[int, float]:
    """Run ``tests`` in ``tree`` against its own package; the exit status and the seconds."""
    env = dict(os.environ, PYTHONPATH=str(tree / "firmware"), PYTHONDONTWRITEBYTECODE="1")
    for name, value in (("SDL_VIDEODRIVER", "dummy"), ("SDL_AUDIODRIVER", "dummy")):
        env.setdefault(name, value)
    start = time.monotonic()
    status = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
        cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ).returncode  # fmt: skip
    return status, time.monotonic() - start


def check_imports_the_copy(tree: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree / "firmware"))
    where = subprocess.run(
        [sys.executable, "-c", "import facepacer.rituals as r; print(r.__path__[0])"],
        cwd=tree, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not Path(where).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the copy's tests would import facepacer from {where}, not the copy")


def check(mutants: Sequence[Mutant]) -> List[Tuple[Mutant, str, float]]:
    """Plant each mutant in a fresh copy and run its tests: ``(mutant, verdict, seconds)``."""
    results = []
    with tempfile.TemporaryDirectory(prefix="facepacer-mutants-") as scratch:
        tree = Path(scratch) / "tree"
        tree.mkdir()
        copy_tree(tree)
        check_imports_the_copy(tree)
        every_test = sorted({test for mutant in mutants for test in mutant.tests})
        status, _ = pytest_run(tree, every_test)
        if status != 0:
            raise SystemExit(f"the unchanged tree fails its own tests ({' '.join(every_test)})")
        for mutant in mutants:
            path = tree / mutant.path
            original = path.read_text(encoding="utf-8")
            why_not = problem(mutant, tree)
            if why_not:
                results.append((mutant, f"NOT PLANTED: {why_not}", 0.0))
                continue
            path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
            try:
                status, seconds = pytest_run(tree, mutant.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            results.append((mutant, "caught" if status == 1 else _survived(status), seconds))
    return results


def _survived(status: int) -> str:
    return "SURVIVED" if status == 0 else f"ERROR (pytest exit {status})"


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", metavar="TEXT", help="only mutants whose name contains TEXT")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.k or args.k.lower() in m.name.lower()]
    if args.list:
        for mutant in chosen:
            print(f"{mutant.name:46}  {mutant.path}")
        return 0
    results = check(chosen)
    width = max(len(m.name) for m in chosen)
    print(f"{'mutant':{width}}  {'verdict':8}  seconds  tests")
    for mutant, verdict, seconds in results:
        print(f"{mutant.name:{width}}  {verdict:8}  {seconds:7.1f}  {' '.join(mutant.tests)}")
    caught = sum(verdict == "caught" for _, verdict, _ in results)
    print(f"{caught} of {len(results)} caught")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
