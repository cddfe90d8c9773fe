"""Random edits of a valid ritual never crash or hang the validator: a Ritual or a RitualError.

Hypothesis's deadline bounds the time of every example (``HANG``: far above a Pi Zero's worst
example, so it catches a hang and never a slow machine); each problem must keep its form.
"""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facepacer.errors import RitualError
from facepacer.ritual import ZONES, Ritual, load_ritual_text
from facepacer.ritual.loader import ID_PATTERN

from .samples import VALID

HANG = 10_000  # milliseconds
PROBLEM = re.compile(r"r\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S")
LINES = VALID.splitlines(keepends=True)

YAML_BITS = [
    "~", "null", "true", "no", "[", "]", "{", "}", "*a", "&a", "&a x", "!!python/object:os.Foo",
    "!x", "'", '"', "|", ">-", "- ", ": ", "? ", "#", "0x5A", "0o17", "1e400", ".nan", "-.inf",
    "---", "...", "%YAML 1.1", "\t", "\\", "<<", "@", "`", "=", "1:30", "2024-01-01", "\ufeff",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(YAML_BITS),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.sampled_from(YAML_BITS), max_size=5).map(" ".join),
)


@st.composite
def edited_files(draw) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        action = draw(st.sampled_from(["value", "delete", "duplicate", "insert", "indent", "key"]))
        if not lines:
            lines.append("")
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        line = lines[index]
        if action == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(values)}\n"
        elif action == "key" and ":" in line:
            indent = line[: len(line) - len(line.lstrip(" -"))]
            lines[index] = f"{indent}{draw(values)}:{line.split(':', 1)[1]}"
        elif action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = " " * draw(st.integers(min_value=0, max_value=8)) + line.lstrip()
        else:
            lines.insert(index, draw(values) + draw(st.sampled_from(["\n", ""])))
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


def check_outcome(data) -> None:
    """A valid Ritual that keeps every rule, or a RitualError whose problems keep their form."""
    try:
        ritual = load_ritual_text(data, "r.yaml")
    except RitualError as exc:
        assert exc.problems, "an error with no problem in it"
        for problem in exc.problems:
            assert PROBLEM.match(problem), problem
            assert len(problem) < 1000, problem
        return
    assert isinstance(ritual, Ritual)
    assert ID_PATTERN.fullmatch(ritual.id) and 1 <= len(ritual.title) <= 40
    assert 1 <= len(ritual.steps) <= 50
    for step in ritual.steps:
        assert step.zone in ZONES
        assert math.isfinite(step.seconds) and 1 <= step.seconds <= 600
        assert step.strokes is None or 1 <= step.strokes <= 3 * step.seconds
        assert 1 <= len(step.say) <= 200 and 1 <= len(step.title) <= 40


@settings(max_examples=400, deadline=HANG, suppress_health_check=[HealthCheck.too_slow])
@given(edited_files())
def test_random_edits_of_a_valid_file_give_a_ritual_or_located_problems(data):
    check_outcome(data)


@settings(max_examples=200, deadline=HANG)
@given(st.binary(max_size=300))
def test_random_bytes_give_only_located_problems(data):
    check_outcome(data)


@settings(max_examples=200, deadline=HANG)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!'\"#|>? \n\t,0.1")), max_size=200))
def test_random_yaml_punctuation_gives_only_located_problems(text):
    check_outcome(text)
