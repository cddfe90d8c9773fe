"""The located reader: lines and columns, YAML's surprises, and what it refuses."""

from __future__ import annotations

from facepacer.ritual.yamlread import parse, shown


def root(text):
    node, problems = parse(text)
    assert problems == []
    return node


def test_every_value_keeps_its_line_and_column():
    node = root("a: 1\nb:\n  - x\n  - {c: 2.5}\n")
    key, value = node.value["b"]
    assert (key.line, key.col, value.kind) == (2, 1, "sequence")
    item = value.value[1].value["c"][1]
    assert (item.line, item.col, item.value) == (4, 9, 2.5)


def test_hex_numbers_are_numbers_and_clock_times_keep_their_text():
    node = root("address: 0x5A\nat: 22:00\n")
    assert node.value["address"][1].value == 0x5A
    at = node.value["at"][1]
    assert (at.value, at.text) == (1320, "22:00")  # YAML 1.1 sexagesimal; the text is kept


def test_quoted_numbers_stay_text():
    assert root("a: '12'\n").value["a"][1].value == "12"


def test_dates_are_read_as_text():
    assert root("a: 2024-01-31\n").value["a"][1].value == "2024-01-31"


def test_a_control_character_in_a_message_is_shown_escaped():
    assert shown("\x1b[2J") == "'\\x1b[2J'"


def test_a_long_value_in_a_message_is_cut_with_its_length():
    assert shown("z" * 100) == "'" + "z" * 40 + "... (100 characters)'"
