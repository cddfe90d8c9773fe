"""The library: shipped rituals, then the user's, then extra folders; broken files are skipped."""

from __future__ import annotations

import pytest

from facepacer.errors import RitualError, RitualNotFound
from facepacer.ritual import Library, user_rituals_dir

from .samples import VALID, edited

SHIPPED = ("symmetry-sculpt", "quick-calm", "lymphatic-drain")


def ritual_text(ritual_id: str) -> str:
    return edited("id: test-ritual", f"id: {ritual_id}")


@pytest.fixture
def user_dir():
    folder = user_rituals_dir()
    folder.mkdir(parents=True)
    return folder


def test_a_user_ritual_comes_after_the_shipped_ones(user_dir):
    (user_dir / "mine.yaml").write_text(ritual_text("mine"))
    (user_dir / "also.yml").write_text(ritual_text("also"))
    (user_dir / "notes.txt").write_text("not a ritual")
    library = Library.load()
    assert library.ids == (*SHIPPED, "also", "mine")
    assert library.warnings == ()


def test_the_user_folder_can_be_left_out(user_dir):
    (user_dir / "mine.yaml").write_text(ritual_text("mine"))
    assert Library.load(include_user=False).ids == SHIPPED


def test_extra_folders_come_last(tmp_path, user_dir):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "extra.yaml").write_text(ritual_text("extra"))
    (user_dir / "mine.yaml").write_text(ritual_text("mine"))
    assert Library.load(extra_dirs=[extra]).ids == (*SHIPPED, "mine", "extra")


def test_a_broken_file_is_skipped_with_its_problems_as_a_warning(user_dir):
    broken = user_dir / "broken.yaml"
    broken.write_text(edited("seconds: 20", "seconds: 0"))
    (user_dir / "good.yaml").write_text(ritual_text("good"))
    library = Library.load()
    assert library.ids == (*SHIPPED, "good")
    assert library.warnings == (
        f"skipped {broken}: 1 problem\n"
        f"{broken}:9:14: 'seconds' in step 1 is 0; it must be a number from 1 to 600 seconds",
    )


def test_the_same_id_in_two_files_keeps_the_first_and_names_both(user_dir):
    first, second = user_dir / "a.yaml", user_dir / "b.yaml"
    first.write_text(VALID)
    second.write_text(VALID)
    library = Library.load()
    assert library.ids == (*SHIPPED, "test-ritual")
    assert library.get("test-ritual").source == str(first)
    assert library.warnings == (
        f"{second}:2:1: skipped: the id 'test-ritual' is already used by {first}; "
        "give one of them another id",
    )


def test_a_user_ritual_cannot_take_a_shipped_id(user_dir):
    (user_dir / "copy.yaml").write_text(ritual_text("quick-calm"))
    library = Library.load()
    assert library.ids == SHIPPED
    assert "the id 'quick-calm' is already used by" in library.warnings[0]
    assert library.get("quick-calm").source.endswith("rituals/quick-calm.yaml")


def test_a_missing_user_folder_is_not_a_warning():
    assert not user_rituals_dir().exists()
    assert Library.load().warnings == ()


def test_a_missing_extra_folder_is_a_warning(tmp_path):
    library = Library.load(extra_dirs=[tmp_path / "gone"])
    assert library.warnings == (f"{tmp_path / 'gone'}: no such folder of rituals",)


def test_an_extra_folder_that_is_a_file_is_a_warning(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    assert Library.load(extra_dirs=[path]).warnings == (
        f"{path}: cannot read the folder: Not a directory",
    )


def test_get_names_the_ids_there_are_and_the_close_match():
    with pytest.raises(RitualNotFound) as caught:
        Library.load().get("quick-clam")
    assert str(caught.value) == (
        "no ritual with the id 'quick-clam'; did you mean 'quick-calm'? the rituals are: "
        "symmetry-sculpt, quick-calm, lymphatic-drain (or give the path to a ritual file)"
    )


def test_resolve_takes_an_id_or_a_path(tmp_path):
    path = tmp_path / "elsewhere.yaml"
    path.write_text(ritual_text("elsewhere"))
    library = Library.load()
    assert library.resolve("lymphatic-drain").id == "lymphatic-drain"
    assert library.resolve(str(path)).id == "elsewhere"
    assert library.resolve(path).source == str(path)


def test_resolve_reports_a_broken_file_with_its_problems(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(edited("zone: cheeks", "zone: cheek"))
    with pytest.raises(RitualError) as caught:
        Library.load().resolve(str(path))
    assert caught.value.problems[0].startswith(f"{path}:12:11: unknown zone 'cheek' in step 2")


def test_resolve_reports_a_missing_file_as_not_found(tmp_path):
    with pytest.raises(RitualNotFound) as caught:
        Library.load().resolve(str(tmp_path / "gone.yaml"))
    assert str(caught.value) == f"no ritual file {tmp_path / 'gone.yaml'}: no such file"


def test_the_library_in_german_holds_the_same_rituals_in_german_words():
    library = Library.load()
    german = library.in_language("de_DE.UTF-8")
    assert german.ids == library.ids and german.warnings == library.warnings
    assert [ritual.title for ritual in german] == [
        "Symmetrie-Modellage", "Schnell zur Ruhe", "Lymphdrainage",
    ]  # fmt: skip
    assert [ritual.title for ritual in library.in_language("eo")] == [
        ritual.title for ritual in library
    ]
