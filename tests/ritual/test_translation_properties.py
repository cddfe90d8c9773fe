"""Generated translations blocks, hostile and odd: each ends in located problems or in a ritual
whose every language is a known code and shows the same steps. Derandomised and bounded."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual_text
from facepacer.ritual.checks import unsafe
from facepacer.ritual.language import written
from facepacer.ritual.model import SAY_MAX, SUMMARY_MAX, TITLE_MAX
from facepacer.ritual.translations import known

BOUNDED = settings(
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)

HEAD = """\
format: 1
id: generated
title: Generated
summary: A ritual with generated translations.
steps:
  - {zone: cheeks, title: One, say: Sweep up., seconds: 3}
  - {zone: jawline, title: Two, say: Glide., seconds: 4, strokes: 4}
translations: """

GOOD_CODES = st.sampled_from(["de", "de_DE", "de-DE", "de_AT", "fr", "ja", "en_GB", "pt-BR"])
CODES = st.one_of(
    GOOD_CODES,
    st.sampled_from(["en", "xx", "de_XX", "DE", "no", "yes", "1", "", " de", "de_de", "zz-ZZ",
                     "sr_Latn"]),
    st.text(max_size=6),
)  # fmt: skip
TEXTS = st.one_of(
    st.sampled_from(["Titel", "Wange", "", "  ", "\u202e", "\x1b[2J", "a" * 41, "b" * 201]),
    st.text(max_size=12),
)
SCALARS = st.one_of(TEXTS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
STEP_KEYS = st.sampled_from(["title", "say", "voice", "seconds", "zone", "sai"])
TOP_KEYS = st.sampled_from(["title", "summary", "steps", "id", "voice", "x"])


def shaped(keys, values):
    return st.dictionaries(keys, values, max_size=5)


STEP = st.one_of(shaped(STEP_KEYS, SCALARS), SCALARS, st.lists(SCALARS, max_size=2))
WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=30).filter(str.strip)  # fmt: skip
GOOD_STEP = st.fixed_dictionaries({"title": WORDS, "say": WORDS})
GOOD = st.fixed_dictionaries(
    {"title": WORDS, "summary": WORDS, "steps": st.lists(GOOD_STEP, min_size=2, max_size=2)}
)
TRANSLATION = st.one_of(
    GOOD,
    st.fixed_dictionaries(
        {"title": TEXTS, "steps": st.lists(STEP, max_size=3)},
        optional={"summary": TEXTS, "voice": SCALARS},
    ),
    shaped(TOP_KEYS, st.one_of(SCALARS, st.lists(STEP, max_size=3))),
    SCALARS,
)
BLOCKS = st.one_of(
    st.dictionaries(GOOD_CODES, GOOD, min_size=1, max_size=4),  # mostly valid: the happy path
    st.dictionaries(CODES, TRANSLATION, max_size=4),
    SCALARS,
    st.lists(SCALARS),
)


@BOUNDED
@given(block=BLOCKS, ascii=st.booleans())
def test_any_translations_block_is_located_problems_or_a_ritual_in_known_languages(block, ascii):
    # JSON is YAML's flow style; ASCII-only writes a character beyond U+FFFF as a pair of
    # surrogate escapes, which the reader refuses with its message, raw writes it as it is.
    text = HEAD + json.dumps(block, ensure_ascii=ascii) + "\n"
    try:
        ritual = load_ritual_text(text, "g.yaml")
    except RitualError as exc:
        assert exc.problems
        for problem in exc.problems:
            source, line, col, message = problem.split(":", 3)
            assert source == "g.yaml" and int(line) >= 1 and int(col) >= 1 and message.strip()
            problem.encode("utf-8")  # printable on any UTF-8 terminal
        return
    assert ritual.languages[0] == "en"
    assert len(set(ritual.languages)) == len(ritual.languages)
    for code in ritual.languages[1:]:
        assert written(code) == code and known(code)
        shown = ritual.in_language(code)
        assert shown.language == code
        assert [s.seconds for s in shown.steps] == [s.seconds for s in ritual.steps]
        limits = [(shown.title, TITLE_MAX), (shown.summary, SUMMARY_MAX)]
        limits += [(s.title, TITLE_MAX) for s in shown.steps]
        limits += [(s.say, SAY_MAX) for s in shown.steps]
        for words, most in limits:
            assert 1 <= len(words) <= most
            assert not any(unsafe(ch) and ch not in "\n\t" for ch in words), words
