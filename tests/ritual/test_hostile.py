"""Hostile files: tags that would run code, alias bombs, huge and odd files. None gets anywhere."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual, load_ritual_text

from .samples import VALID, edited, only_problem, problems


def test_a_python_tag_is_rejected_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    text = edited("seconds: 20", f"seconds: !!python/object/apply:os.system ['touch {marker}']")
    assert only_problem(text) == (
        "r.yaml:9:14: the tag '!!python/object/apply:os.system' is not allowed; "
        "plain values only (remove the tag)"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "tagged, shown",
    [
        ("!!python/name:os.system", "'!!python/name:os.system'"),
        ("!!python/object/new:subprocess.Popen [[ls]]", "'!!python/object/new:subprocess.Popen'"),
        ("!custom thing", "'!custom'"),
        ("!!binary aGVsbG8=", "'!!binary'"),
        ("!!set {a, b}", "'!!set'"),
    ],
)
def test_any_tag_other_than_the_plain_types_is_rejected(tagged, shown):
    message = only_problem(edited("title: Test Ritual", f"title: {tagged}"))
    assert message == (
        f"r.yaml:3:8: the tag {shown} is not allowed; plain values only (remove the tag)"
    )


def test_a_tag_on_a_top_level_mapping_is_rejected():
    message = only_problem("!!python/object:os.Foo\n" + VALID)
    assert message.startswith("r.yaml:1:1: the tag '!!python/object:os.Foo' is not allowed")


def test_plain_type_tags_are_read_as_their_type():
    ritual = load_ritual_text(edited("seconds: 20", "seconds: !!int '20'"))
    assert ritual.steps[0].seconds == 20


def test_a_plain_type_tag_on_a_wrong_value_is_rejected():
    assert only_problem(edited("seconds: 20", "seconds: !!int twenty")) == (
        "r.yaml:9:14: 'twenty' is not a valid int"
    )


BILLION_LAUGHS = """\
format: 1
id: lol
title: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
steps: [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


@settings(max_examples=1, deadline=2000)
@given(st.just(BILLION_LAUGHS))
def test_a_billion_laughs_file_is_rejected_at_its_first_alias_unexpanded(text):
    message = only_problem(text)
    assert message == ("r.yaml:4:8: aliases are not supported (*'a'); write the value out in full")
    assert message.count("lol") == 0


def test_even_a_harmless_alias_is_rejected():
    text = edited("    title: Cheeks", "    title: *t").replace("title: Jaw", "title: &t Jaw")
    assert only_problem(text) == (
        "r.yaml:13:12: aliases are not supported (*'t'); write the value out in full"
    )


def test_a_large_file_is_rejected_before_it_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:
        stream.write(VALID.encode())
        stream.truncate(64 * 1024 * 1024)  # sparse: 64 MiB on paper, nothing to read
    with pytest.raises(RitualError) as caught:
        load_ritual(path)
    assert caught.value.problems == [
        f"{path}:1:1: the file is {64 * 1024 * 1024} bytes; the limit is 256 KiB "
        "(a ritual or config file is a few KiB)"
    ]


def test_a_value_of_a_hundred_thousand_characters_is_quoted_short():
    found = problems(edited("title: Test Ritual", "title: " + "y" * 100_000))
    assert found == [
        f"r.yaml:3:8: 'title' is 100000 characters ('{'y' * 40}... (100000 characters)'); "
        "at most 40: shorten it"
    ]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(RitualError) as caught:
        load_ritual(tmp_path / "nope.yaml")
    assert caught.value.problems == [f"{tmp_path / 'nope.yaml'}:1:1: no such file"]


def test_a_folder_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(RitualError) as caught:
        load_ritual(tmp_path)
    assert caught.value.problems == [f"{tmp_path}:1:1: this is a folder, not a file"]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path, permissions_apply):
    path = tmp_path / "locked.yaml"
    path.write_text(VALID)
    path.chmod(0)
    with pytest.raises(RitualError) as caught:
        load_ritual(path)
    assert caught.value.problems == [f"{path}:1:1: cannot read the file: Permission denied"]


def test_a_device_file_is_a_problem_not_a_crash():
    with pytest.raises(RitualError) as caught:
        load_ritual("/dev/zero")
    assert caught.value.problems == ["/dev/zero:1:1: not a regular file (a character device)"]


def test_a_nul_byte_is_located():
    data = edited("say: Sweep up and out.", "say: Sweep\0up").encode()
    assert only_problem(data) == "r.yaml:14:15: the character #x0000 is not allowed in YAML text"


def test_a_key_that_is_a_list_is_rejected():
    assert "r.yaml:17:3: a key must be a plain word, not a sequence" in problems(
        VALID + "? [a, b]\n: 1\n"
    )


def test_a_file_of_very_many_values_is_rejected_at_the_limit():
    text = VALID + "many: [" + "1, " * 20_000 + "1]\n"
    message = only_problem(text)
    assert message.startswith("r.yaml:17:")
    assert message.endswith(": more than 5000 values; a ritual or config file has far fewer")


def test_the_number_of_problems_reported_is_bounded():
    text = VALID + "".join(f"extra{n}: 1\n" for n in range(600))
    found = problems(text)
    assert len(found) == 501
    assert found[-1] == "r.yaml:517:1: and 100 more problems"
