"""Calibration saving into a config.yaml that a person wrote in any way YAML allows: a section
left null in any spelling gets its settings, and when the edit cannot be made the reason given
is the real one (a duplicate key, a value tagged as text, nesting too deep), never a guess."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facepacer.config import load_config
from facepacer.configedit import ConfigEditError, set_settings

VALUES = {"touch_threshold": 9, "release_threshold": 4}


def save_into(folder, text: str):
    path = folder / "config.yaml"
    path.write_text(text)
    set_settings(path, "sensor", VALUES)
    config, warnings = load_config(str(path))
    return (config.sensor.touch_threshold, config.sensor.release_threshold), warnings, path


@settings(max_examples=60)
@given(
    null=st.sampled_from(["", " ~", " null", " Null", " NULL", " !!null", " !!null ''"]),
    comment=st.sampled_from(["", "  # none yet"]),
    after=st.sampled_from(["", "voice:\n  speak: title\n", "# the end\n"]),
)
@example(null=" ~", comment="  # none yet", after="voice:\n  speak: title\n")
@example(null=" null", comment="", after="")
def test_a_section_left_null_in_any_spelling_gets_its_settings(tmp_path_factory, null, comment,
                                                               after):  # fmt: skip
    folder = tmp_path_factory.mktemp("config")
    read, warnings, path = save_into(folder, f"sensor:{null}{comment}\n{after}")
    assert read == (9, 4) and warnings == []
    text = path.read_text()
    first, rest = text.split("\n", 1)
    assert first.split() == ["sensor:", *comment.split()]  # the comment kept, the null gone
    assert rest.startswith("  touch_threshold: 9\n  release_threshold: 4\n")
    assert text.endswith(after)


@pytest.mark.parametrize(
    "text, says",
    [
        ("sensor:\n  touch_threshold: 12\nsensor:\n  release_threshold: 6\n",
         "3:1: duplicate key 'sensor'; it is already given at line 1"),
        ("sensor:\n  touch_threshold: 12\n  touch_threshold: 13\n",
         "3:3: duplicate key 'touch_threshold'; it is already given at line 2"),
        ("sensor:\n  touch_threshold: !!str 12\n", "must be a whole number from 1 to 255, not "
                                                   "the text '9'"),
        ("base: &b\n  touch_threshold: 12\nsensor:\n  <<: *b\n", "aliases are not supported"),
    ],
    ids=["two sensor sections", "a key given twice", "a value tagged as text", "a merge key"],
)  # fmt: skip
def test_an_edit_that_would_not_read_back_says_the_readers_own_reason(tmp_path, text, says):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    with pytest.raises(ConfigEditError) as refused:
        set_settings(path, "sensor", VALUES)
    message = str(refused.value)
    assert f"would not read back as written: {path}:" in message
    assert says in message and "overrides it?" not in message
    assert path.read_text() == text


@pytest.mark.parametrize(
    "depth, says",
    [(100, "nested deeper than 32 levels"), (1500, "the file is nested too deeply to be edited")],
)
def test_a_file_nested_too_deeply_is_refused_with_that_reason(tmp_path, depth, says):
    path = tmp_path / "config.yaml"
    text = "x: " + "[" * depth + "]" * depth + "\nsensor:\n  touch_threshold: 12\n"
    path.write_text(text)
    with pytest.raises(ConfigEditError, match=says):
        set_settings(path, "sensor", VALUES)
    assert path.read_text() == text
