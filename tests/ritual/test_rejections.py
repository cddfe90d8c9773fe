"""Each rule of ritual format 1 rejects a bad file with the line, the key and the value."""

from __future__ import annotations

import os

import pytest

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual, load_ritual_text
from facepacer.ritual.yamlread import MAX_BYTES

from .samples import VALID, edited, only_problem, problems


def test_the_sample_ritual_is_valid():
    ritual = load_ritual_text(VALID, "r.yaml")
    assert ritual.id == "test-ritual"
    assert [step.zone for step in ritual.steps] == ["jawline", "cheeks"]
    assert ritual.steps[0].line == 6 and ritual.steps[1].advance == "touch"


# Keys


def test_an_unknown_step_key_is_named_with_its_close_match():
    text = edited("    seconds: 20\n", "    secnds: 20\n")
    found = problems(text)
    assert "r.yaml:9:5: unknown key 'secnds' in step 1; did you mean 'seconds'?" in found
    assert "r.yaml:6:5: missing required key 'seconds' in step 1" in found


def test_an_unknown_top_level_key_is_named_with_its_close_match():
    text = edited("summary:", "sumary:")
    assert only_problem(text) == "r.yaml:4:1: unknown key 'sumary'; did you mean 'summary'?"


def test_an_unknown_key_with_no_close_match_lists_the_keys_there_are():
    message = only_problem(edited("    advance: touch\n", "    advance: touch\n    colour: red\n"))
    assert message.startswith("r.yaml:17:5: unknown key 'colour' in step 2; the keys are: zone,")
    assert "advance, image" in message


def test_a_duplicate_key_names_both_lines():
    text = edited("    seconds: 10\n", "    seconds: 10\n    seconds: 12\n")
    assert only_problem(text) == (
        "r.yaml:16:5: duplicate key 'seconds'; it is already given at line 15: keep one"
    )


def test_a_missing_top_level_key_is_named():
    text = edited("title: Test Ritual\n", "")
    assert only_problem(text) == "r.yaml:1:1: missing required key 'title'"


def test_a_missing_step_key_is_named_at_the_step():
    text = edited("    say: Sweep up and out.\n", "")
    assert only_problem(text) == "r.yaml:12:5: missing required key 'say' in step 2"


# Types and ranges


@pytest.mark.parametrize(
    "value, described",
    [
        ("ten", "not the text 'ten'"),
        ("true", "not true (a yes/no value)"),
        ("yes", "not yes (a yes/no value)"),
        ("[20]", "not a list"),
        ("", "not an empty value"),
    ],
)
def test_seconds_of_the_wrong_type_are_rejected(value, described):
    message = only_problem(edited("seconds: 20\n", f"seconds: {value}\n"))
    assert message.startswith("r.yaml:9:")
    assert "'seconds' in step 1 must be a number from 1 to 600 seconds" in message
    assert message.endswith(described)


@pytest.mark.parametrize(
    "value", ["0", "0.5", "601", "1e9", "6.01e2", "-3", ".nan", ".inf", "-.inf", "9" * 30]
)
def test_seconds_out_of_range_or_not_finite_are_rejected(value):
    message = only_problem(edited("seconds: 20\n", f"seconds: {value}\n"))
    assert message == (
        f"r.yaml:9:14: 'seconds' in step 1 is {value}; it must be a number from 1 to 600 seconds"
    )


@pytest.mark.parametrize("value, seconds", [("7.5", 7.5), ("2e1", 20.0), ("0x10", 16.0)])
def test_seconds_written_as_any_plain_number_are_accepted(value, seconds):
    ritual = load_ritual_text(edited("seconds: 20\n", f"seconds: {value}\n"))
    assert ritual.steps[0].seconds == seconds


def test_a_title_that_is_a_list_is_rejected():
    text = edited("    title: Jaw\n", "    title: [Jaw]\n")
    assert only_problem(text) == (
        "r.yaml:7:12: 'title' in step 1 must be text of 1 to 40 characters, not a list"
    )


def test_steps_that_are_not_a_list_are_rejected():
    text = VALID.split("steps:")[0] + "steps: {zone: jawline}\n"
    assert only_problem(text) == (
        "r.yaml:5:8: 'steps' must be a list of 1 to 50 steps, not a mapping of keys"
    )


def test_a_step_that_is_not_a_mapping_is_rejected():
    text = edited("  - zone: cheeks\n", "  - just words\n  - zone: cheeks\n")
    assert only_problem(text) == (
        "r.yaml:12:5: step 2 must be a mapping of keys (zone, title, say, seconds), "
        "not the text 'just words'"
    )


def test_no_steps_at_all_is_rejected():
    text = VALID.split("steps:")[0] + "steps: []\n"
    assert only_problem(text) == (
        "r.yaml:5:8: 'steps' is an empty list; a ritual needs 1 to 50 steps"
    )


def test_more_than_fifty_steps_are_rejected():
    step = "  - {zone: chin, title: Chin, say: Circles., seconds: 5}\n"
    text = VALID.split("steps:")[0] + "steps:\n" + step * 51
    assert only_problem(text) == "r.yaml:6:3: 'steps' has 51 steps; at most 50: split it"


def test_fifty_steps_are_accepted():
    step = "  - {zone: chin, title: Chin, say: Circles., seconds: 5}\n"
    text = VALID.split("steps:")[0] + "steps:\n" + step * 50
    assert len(load_ritual_text(text).steps) == 50


# Zones, ids, text lengths


def test_an_unknown_zone_is_named_with_its_close_match_and_the_valid_zones():
    message = only_problem(edited("zone: cheeks", "zone: cheek"))
    assert message.startswith(
        "r.yaml:12:11: unknown zone 'cheek' in step 2; did you mean 'cheeks'? the zones are: "
    )
    assert "forehead, brows, temples," in message and message.endswith("scalp, full_face")


@pytest.mark.parametrize(
    "value", ["Test Ritual", "-leading", "UPPER", "under_score", "a" * 41, "é-accent"]
)
def test_an_id_that_is_not_a_slug_is_rejected(value):
    message = only_problem(edited("id: test-ritual", f"id: '{value}'"))
    assert message.startswith("r.yaml:2:5: 'id' is ")
    assert "lowercase letters, digits and hyphens" in message or "at most 40" in message


def test_a_forty_character_id_is_accepted():
    assert load_ritual_text(edited("id: test-ritual", "id: " + "a" * 40)).id == "a" * 40


def test_a_title_over_forty_characters_is_rejected_and_quoted_short():
    long_title = "Sculpt " * 10
    message = only_problem(edited("title: Test Ritual", f"title: {long_title}"))
    assert message.startswith("r.yaml:3:8: 'title' is 69 characters ('Sculpt Sculpt")
    assert "... (69 characters)'); at most 40: shorten it" in message


def test_a_blank_title_is_rejected():
    assert only_problem(edited("    title: Jaw", "    title: '  '")) == (
        "r.yaml:7:12: 'title' in step 1 is blank; it must be text of 1 to 40 characters"
    )


def test_an_instruction_over_two_hundred_characters_is_rejected():
    message = only_problem(edited("say: Sweep up and out.", "say: " + "x" * 201))
    assert message.startswith("r.yaml:14:10: 'say' in step 2 is 201 characters")
    assert message.endswith("at most 200: shorten it")
    assert "x" * 41 not in message


def test_a_summary_over_two_hundred_characters_is_rejected():
    message = only_problem(edited("summary: A short", "summary: " + "word " * 50 + "A short"))
    assert message.startswith("r.yaml:4:10: 'summary' is ")
    assert "at most 200" in message


def test_a_control_character_in_text_is_rejected_and_shown_escaped():
    message = only_problem(edited("say: Sweep up and out.", 'say: "Sweep \\e[31m up"'))
    assert message == (
        "r.yaml:14:10: 'say' in step 2 holds a control character (\\u001b); remove it: "
        "'Sweep \\x1b[31m up'"
    )


# Strokes, side, advance


@pytest.mark.parametrize(
    "value, described",
    [("2.5", "the number 2.5"), ("true", "true (a yes/no value)"), ("six", "the text 'six'")],
)
def test_strokes_that_are_not_a_whole_number_are_rejected(value, described):
    message = only_problem(edited("strokes: 6", f"strokes: {value}"))
    assert message.startswith("r.yaml:10:14: 'strokes' in step 1 must be a whole number from 1")
    assert message.endswith(f"not {described}")


def test_zero_strokes_are_rejected():
    message = only_problem(edited("strokes: 6", "strokes: 0"))
    assert message.startswith("r.yaml:10:14: 'strokes' in step 1 is 0; it must be a whole number")


def test_more_than_three_strokes_a_second_are_rejected():
    assert only_problem(edited("strokes: 6", "strokes: 61")) == (
        "r.yaml:10:14: step 1 has 61 strokes in 20 seconds (3.0 a second); at most 3 a second: "
        "use fewer strokes or more seconds"
    )


def test_exactly_three_strokes_a_second_are_accepted():
    assert load_ritual_text(edited("strokes: 6", "strokes: 60")).steps[0].strokes == 60


def test_a_huge_stroke_count_is_rejected_without_overflow():
    message = only_problem(edited("strokes: 6", "strokes: " + "9" * 400))
    assert message.startswith("r.yaml:10:14: 'strokes' in step 1 is 9999")
    assert "(400 characters)" in message


def test_a_side_outside_its_set_is_rejected_with_the_choices():
    assert only_problem(edited("side: alternate", "side: alternating")) == (
        "r.yaml:11:11: 'side' in step 1 is 'alternating'; did you mean 'alternate'? "
        "it must be one of both, left, right, alternate"
    )


def test_an_advance_outside_its_set_is_rejected_with_the_choices():
    assert only_problem(edited("advance: touch", "advance: tap")) == (
        "r.yaml:16:14: 'advance' in step 2 is 'tap'; it must be one of timer, touch"
    )


# Images: a PNG beside the ritual file, drawn in place of the face diagram


def png(path, width: int = 64, height: int = 48) -> str:
    import pygame

    pygame.image.save(pygame.Surface((width, height)), str(path))
    return str(path)


@pytest.fixture
def ritual_folder(tmp_path):
    folder = tmp_path / "mine"
    (folder / "pictures").mkdir(parents=True)
    png(folder / "pictures" / "jaw.png")
    png(tmp_path / "secret.png")
    return folder


def image_problem(folder, path: str) -> str:
    ritual = folder / "r.yaml"
    ritual.write_text(with_image(path))
    with pytest.raises(RitualError) as caught:
        load_ritual(ritual)
    assert len(caught.value.problems) == 1, caught.value.problems
    message = caught.value.problems[0]
    assert message.startswith(f"{ritual}:12:12: 'image' in step 1 is ")
    return message


def with_image(path: str) -> str:
    return edited("    side: alternate\n", f"    side: alternate\n    image: '{path}'\n")


def test_an_image_beside_the_ritual_is_accepted_as_its_full_path(ritual_folder):
    (ritual_folder / "r.yaml").write_text(with_image("pictures/jaw.png"))
    ritual = load_ritual(ritual_folder / "r.yaml")
    assert ritual.steps[0].image == str(ritual_folder / "pictures" / "jaw.png")


def test_an_image_that_is_missing_is_rejected(ritual_folder):
    assert "but there is no such file in" in image_problem(ritual_folder, "pictures/chin.png")


@pytest.mark.parametrize("path", ["../secret.png", "pictures/../../secret.png"])
def test_an_image_outside_the_ritual_folder_is_rejected(ritual_folder, path):
    assert "it must stay inside the ritual's folder" in image_problem(ritual_folder, path)


def test_a_link_out_of_the_ritual_folder_is_rejected(ritual_folder):
    os.symlink(ritual_folder.parent / "secret.png", ritual_folder / "link.png")
    assert "it must stay inside the ritual's folder" in image_problem(ritual_folder, "link.png")


@pytest.mark.parametrize("path", ["/etc/passwd.png", "~/x.png", "C:/x.png", "\\\\server\\x.png"])
def test_an_absolute_image_path_is_rejected(ritual_folder, path):
    message = image_problem(ritual_folder, path)
    assert message.endswith("it must be a path relative to the ritual file, like 'jaw.png'")


def test_an_image_must_be_a_png(ritual_folder):
    (ritual_folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (ritual_folder / "fake.png").write_text("not a picture")
    assert "an image file must be .png" in image_problem(ritual_folder, "photo.jpg")
    assert "is not a PNG picture" in image_problem(ritual_folder, "fake.png")


@pytest.mark.parametrize("size", [(4000, 20), (20, 8)])
def test_an_image_of_silly_size_is_rejected(ritual_folder, size):
    png(ritual_folder / "odd.png", *size)
    message = image_problem(ritual_folder, "odd.png")
    assert f"a picture of {size[0]}x{size[1]} pixels; each side must be 16 to 2048" in message


def test_an_image_in_text_with_no_file_is_rejected():
    assert "can only be named in a ritual file on disk" in only_problem(with_image("jaw.png"))


def test_a_folder_is_not_an_image(ritual_folder):
    (ritual_folder / "dir.png").mkdir()
    assert "but it is a folder, not a file" in image_problem(ritual_folder, "dir.png")


# Format


def test_another_format_version_is_rejected_alone():
    text = edited("format: 1", "format: 2") + "extra: key\n"
    assert only_problem(text) == "r.yaml:1:9: 'format' is 2; this version reads format 1"


@pytest.mark.parametrize(
    "value, described", [("'1'", "the text '1'"), ("1.0", "the number 1.0"), ("yes", "yes")]
)
def test_a_format_that_is_not_the_integer_1_is_rejected(value, described):
    message = only_problem(edited("format: 1", f"format: {value}"))
    assert message.startswith(f"r.yaml:1:9: 'format' must be the integer 1, not {described}")
    assert message.endswith("this version reads format 1")


def test_a_missing_format_is_rejected():
    assert only_problem(edited("format: 1\n", "")) == "r.yaml:1:1: missing required key 'format'"


# The file as a whole


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", b"", b"\xef\xbb\xbf"])
def test_an_empty_file_is_rejected(text):
    assert only_problem(text) == (
        "r.yaml:1:1: the file is empty; a ritual needs format, id, title, steps"
    )


def test_non_utf8_bytes_are_named_by_line_and_offset():
    data = edited("say: Sweep up and out.", "say: Sweep up and \xe9out.").encode("latin-1")
    offset = data.index(b"\xe9")
    assert only_problem(data) == (
        f"r.yaml:14:23: not UTF-8 text: byte 0xe9 at offset {offset}; save the file as UTF-8"
    )


def test_a_utf8_file_with_a_byte_order_mark_is_accepted():
    assert load_ritual_text(b"\xef\xbb\xbf" + VALID.encode()).id == "test-ritual"


@pytest.mark.parametrize(
    "text, described",
    [
        ("- a\n- b\n", "a list"),
        ("just words\n", "the text 'just words'"),
        ("42\n", "the number 42"),
    ],
)
def test_a_top_level_that_is_not_a_mapping_is_rejected(text, described):
    assert only_problem(text) == (
        "r.yaml:1:1: the top level must be a mapping of keys (format, id, title, steps), "
        f"not {described}"
    )


def test_a_yaml_syntax_error_is_located():
    text = edited("    title: Jaw\n", "    title: Jaw: again\n")
    assert only_problem(text) == (
        "r.yaml:7:15: YAML syntax: an unexpected colon: a value with ': ' in it needs quotes "
        "around it, or this line is indented deeper than the key above it (mapping values are "
        "not allowed here)"
    )


def test_an_unclosed_quote_is_located():
    message = only_problem(edited("title: Test Ritual", 'title: "Test Ritual'))
    assert message.startswith("r.yaml:")
    assert "YAML syntax: a quote is opened and never closed" in message
    assert "(while scanning a quoted scalar" in message  # the reader's words, for a search


def test_tabs_for_indentation_get_a_hint():
    message = only_problem(edited("    title: Jaw", "\ttitle: Jaw"))
    assert message.startswith("r.yaml:7:1: YAML syntax:")
    assert "YAML syntax: a tab character: indent with spaces, not tabs (" in message


def test_two_documents_in_one_file_are_rejected():
    message = only_problem(VALID + "---\nformat: 1\n")
    assert message.startswith("r.yaml:17:1: YAML syntax: a second document ('---')")
    assert "expected a single document" in message


def test_every_problem_in_a_file_is_reported_at_once_in_line_order():
    text = VALID
    for old, new in [
        ("id: test-ritual", "id: Test"),
        ("zone: jawline", "zone: jaw"),
        ("seconds: 20", "seconds: 0"),
        ("side: alternate", "side: up"),
        ("advance: touch", "advance: never"),
    ]:
        text = edited(old, new, text)
    found = problems(text)
    assert [line.split(":")[1] for line in found] == ["2", "6", "9", "11", "16"]


def test_a_file_over_the_size_limit_is_rejected_before_parsing():
    text = VALID + "# " + "x" * MAX_BYTES + "\n"
    assert only_problem(text) == (
        f"r.yaml:1:1: the file is {len(text)} bytes; the limit is 256 KiB "
        "(a ritual or config file is a few KiB)"
    )


def test_deep_nesting_is_rejected():
    text = edited("title: Test Ritual", "title: " + "[" * 200 + "]" * 200)
    assert only_problem(text) == "r.yaml:3:39: nested deeper than 32 levels"


def test_an_image_file_over_4_mib_is_rejected_with_its_size(ritual_folder):
    with open(ritual_folder / "huge.png", "wb") as handle:
        handle.truncate(4 * 1024 * 1024 + 1)  # sparse: no disk used
    message = image_problem(ritual_folder, "huge.png")
    assert message.endswith(
        "'image' in step 1 is 'huge.png', a file of 4194305 bytes; at most 4194304 (4 MiB)"
    )
