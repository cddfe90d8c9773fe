"""A ritual file's ``language:`` and ``translations:`` (ARCHITECTURE §3), checked as strictly as
the rest of the file.

A translation gives the ritual's words in another language and nothing else: a title, a summary
exactly when the ritual has one, and for each step, in order, its title and say (and, if wanted,
a recording in that language). Timing, zones and sides are the ritual's own and are never
repeated, so a translation cannot drift from the ritual it translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from facepacer.ritual.checks import Checker, describe, suggest
from facepacer.ritual.language import DEFAULT, EXAMPLE, base, requested, written
from facepacer.ritual.model import SAY_MAX, SUMMARY_MAX, TITLE_MAX, RitualText, StepText
from facepacer.ritual.yamlread import Node, shown

TEXT_KEYS = ("title", "summary", "steps")
STEP_TEXT_KEYS = ("title", "say", "voice")
STEP_TEXT_REQUIRED = ("title", "say")
CODE_MAX = 40  # characters of a language code's text read at all; a real one has 2 or 5

# Checks a step's ``voice:`` node (the node, where it is) into a full path, or None on a problem.
VoiceCheck = Callable[[Node, str], Optional[str]]


@dataclass(frozen=True)
class Original:
    """What a translation is checked against: the ritual as its own file writes it."""

    language: Optional[str]  # its own language, None when that code is itself wrong
    steps: Optional[int]  # how many steps it lists, None when 'steps' is no list
    summary: bool  # whether it has a summary
    # The keys of the ritual and of its steps: one that turns up in a translation is named as
    # the ritual's own, which a translation never repeats, rather than as an unknown key.
    top_keys: Sequence[str]
    step_keys: Sequence[str]


@lru_cache(maxsize=64)
def known(code: str) -> bool:
    """Whether Babel (and so the calendar and number formats of the UI) knows the locale."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def own_language(check: Checker, node: Optional[Node]) -> Optional[str]:
    """The language of the file's own words: its ``language:`` code, or English when not given."""
    if node is None:
        return DEFAULT
    value = check.text(node, "language", "", 1, CODE_MAX)
    if value is None:
        return None
    return _code(check, node, value, f"'language' is {shown(value)}")


def _code(check: Checker, node: Node, value: str, subject: str) -> Optional[str]:
    """``value`` as a language code in its one spelling, or None (reported) when it is none."""
    code = written(value)
    if code is None:
        fixed = written(requested(value))
        if fixed is not None and known(fixed):
            tail = f"did you mean {shown(fixed)}?"
        else:
            tail = (f"write one like {EXAMPLE}: two lowercase letters, then '_' and a "
                    "country's two capital letters if needed")  # fmt: skip
        check.add(node, f"{subject}, which is not a language code; {tail}")
        return None
    if not known(code):
        close = base(code) if code != base(code) and known(base(code)) else None
        tail = f"did you mean {shown(close)}?" if close else f"check it (a code is like {EXAMPLE})"
        check.add(node, f"{subject}, an unknown language code; {tail}")
        return None
    return code


def translations(
    check: Checker, node: Node, original: Original, voice: VoiceCheck
) -> Tuple[Tuple[str, RitualText], ...]:
    """Each translation as ``(code, words)``, in the file's order; every problem reported."""
    if node.kind == "bad":
        return ()
    if node.kind != "mapping":
        check.add(node, "'translations' must be a mapping from language codes to translations "
                  f"(like de: {{title: ..., steps: [...]}}), not {describe(node)}")  # fmt: skip
        return ()
    seen: Dict[str, Node] = {}
    found: List[Tuple[str, RitualText]] = []
    for name, (key, value) in node.value.items():
        code = _code(check, key, name.strip(), f"'translations' names {shown(name)}")
        if code is not None and code == original.language:
            check.add(key, f"'translations' names {shown(name)}, the language the file itself is "
                      f"written in ({_own(original.language)}); translate into another "
                      "language, or remove it")  # fmt: skip
            code = None
        elif code is not None and code in seen:
            check.add(key, f"'translations' names {shown(name)}, the same language as "
                      f"{shown(seen[code].text)} at line {seen[code].line}; keep one")  # fmt: skip
            code = None
        elif code is not None:
            seen[code] = key
        words = _translation(check, value, name, original, voice)
        if code is not None and words is not None:
            found.append((code, words))
    return tuple(found)


def _own(language: str) -> str:
    if language == DEFAULT:
        return f"{shown(DEFAULT)} unless 'language:' says otherwise"
    return f"'language' is {shown(language)}"


def _translation(
    check: Checker, node: Node, name: str, original: Original, voice: VoiceCheck
) -> Optional[RitualText]:
    where = f"in translation {shown(name)}"
    required = ("title", "summary", "steps") if original.summary else ("title", "steps")
    before = len(check.problems)
    fields = _fields(check, node, TEXT_KEYS, required, where, original.top_keys)
    if fields is None:
        return None
    title = check.text(fields["title"], "title", where, 1, TITLE_MAX) if "title" in fields else None
    summary = ""
    if "summary" in fields and original.summary:
        summary = check.text(fields["summary"], "summary", where, 1, SUMMARY_MAX) or ""
    elif "summary" in fields:
        check.add(fields["summary"], f"'summary' {where} translates nothing: the ritual has no "
                  "summary of its own; remove it, or give the ritual a summary too")  # fmt: skip
    steps = _step_texts(check, fields["steps"], name, original, voice) if "steps" in fields else ()
    if len(check.problems) > before or title is None:
        return None
    return RitualText(title=title, steps=steps, summary=summary)


def _fields(
    check: Checker,
    node: Node,
    allowed: Sequence[str],
    required: Sequence[str],
    where: str,
    ritual_keys: Sequence[str],
) -> Optional[Dict[str, Node]]:
    """The keys of a translation's mapping. An unknown key is named with the keys there are; a
    key of the ritual's own (``seconds``, ``zone``...) is told apart, since it is never
    translated."""
    keys = ", ".join(allowed)
    if node.kind == "bad":
        return None
    if node.kind != "mapping":
        what = where[len("in ") :]
        check.add(node, f"{what} must be a mapping of keys ({keys}), not {describe(node)}")
        return None
    found: Dict[str, Node] = {}
    for name, (key, value) in node.value.items():
        if name in allowed:
            found[name] = value
        elif name in ritual_keys:
            check.add(key, f"{shown(name)} {where} belongs to the ritual, not to a translation, "
                      f"which gives only {keys}; remove it")  # fmt: skip
        else:
            close = suggest(name, allowed)
            hint = f"did you mean {shown(close)}? " if close else ""
            check.add(key, f"unknown key {shown(name)} {where}; {hint}the keys are: {keys}")
    for name in required:
        if name not in found:
            check.add(node, f"missing required key {shown(name)} {where}")
    return found


def _step_texts(
    check: Checker, node: Node, name: str, original: Original, voice: VoiceCheck
) -> Tuple[StepText, ...]:
    where = f"in translation {shown(name)}"
    if node.kind == "bad":
        return ()
    if node.kind != "sequence":
        check.add(node, f"'steps' {where} must be a list that translates each of the ritual's "
                  f"steps in order, not {describe(node)}")  # fmt: skip
        return ()
    count = len(node.value)
    if original.steps is not None and count != original.steps:
        check.add(node, f"'steps' {where} has {count} step{'s' if count != 1 else ''} but the "
                  f"ritual has {original.steps}: translate each step once, in order")  # fmt: skip
    texts = [_step_text(check, item, number, name, original, voice)
             for number, item in enumerate(node.value, start=1)]  # fmt: skip
    return tuple(text for text in texts if text is not None)


def _step_text(
    check: Checker, node: Node, number: int, name: str, original: Original, voice: VoiceCheck
) -> Optional[StepText]:
    where = f"in step {number} of translation {shown(name)}"
    fields = _fields(check, node, STEP_TEXT_KEYS, STEP_TEXT_REQUIRED, where, original.step_keys)
    if fields is None:
        return None
    title = check.text(fields["title"], "title", where, 1, TITLE_MAX) if "title" in fields else None
    say = check.text(fields["say"], "say", where, 1, SAY_MAX) if "say" in fields else None
    recording = voice(fields["voice"], where) if "voice" in fields else None
    if title is None or say is None or ("voice" in fields and recording is None):
        return None
    return StepText(title=title, say=say, voice=recording, line=node.line)
