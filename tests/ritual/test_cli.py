"""``facepacer rituals list | show | validate``: what each prints and the exit status."""

from __future__ import annotations

import pytest

from facepacer.cli import main
from facepacer.cli.rituals import clock
from facepacer.ritual import user_rituals_dir

from .samples import VALID, edited


def run(capsys, *argv: str):
    status = main(["rituals", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "seconds, shown", [(0, "0:00"), (20, "0:20"), (120, "2:00"), (7.5, "0:07.5"), (59.96, "1:00")]
)
def test_times_are_shown_as_minutes_and_seconds(seconds, shown):
    assert clock(seconds) == shown


def test_list_prints_id_title_steps_and_time(capsys):
    status, out, err = run(capsys, "list")
    assert status == 0 and err == ""
    assert [line.split() for line in out.splitlines()] == [
        ["ID", "TITLE", "STEPS", "TIME"],
        ["symmetry-sculpt", "Symmetry", "Sculpt", "7", "2:00"],
        ["quick-calm", "Quick", "Calm", "5", "1:00"],
        ["lymphatic-drain", "Lymphatic", "Drain", "7", "5:00"],
    ]


def test_list_prints_warnings_about_broken_files_on_stderr(capsys):
    folder = user_rituals_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(VALID)
    (folder / "broken.yaml").write_text("format: 1\nid: broken\n")
    status, out, err = run(capsys, "list")
    assert status == 0
    assert "test-ritual" in out and "broken" not in out
    assert err.splitlines() == [
        f"facepacer rituals: warning: skipped {folder / 'broken.yaml'}: 2 problems",
        f"facepacer rituals: warning: {folder / 'broken.yaml'}:1:1: missing required key 'title'",
        f"facepacer rituals: warning: {folder / 'broken.yaml'}:1:1: missing required key 'steps'",
    ]


def test_list_loads_extra_folders(tmp_path, capsys):
    (tmp_path / "x.yaml").write_text(edited("id: test-ritual", "id: extra-one"))
    status, out, _ = run(capsys, "list", "--dir", str(tmp_path))
    assert status == 0 and out.splitlines()[-1].split()[0] == "extra-one"


def test_show_prints_each_step_with_its_start_time(capsys):
    status, out, err = run(capsys, "show", "symmetry-sculpt")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Symmetry Sculpt (symmetry-sculpt), 7 steps, 2:00"
    starts = [line.split()[0] for line in lines if line[:6].strip().count(":") == 1]
    assert starts == ["0:00", "0:20", "0:40", "0:56", "1:12", "1:30", "1:50"]
    assert (
        "  0:00  1. Sculpt the jawline  [jawline, 20 s, side alternate, 6 strokes, on a timer]"
        in lines
    )
    assert (
        "        Knuckles on the chin. Glide along the jaw up to the ear. Firm and slow." in lines
    )


def test_show_says_when_a_step_waits_for_a_tap(capsys):
    status, out, _ = run(capsys, "show", "quick-calm")
    assert status == 0
    assert "  0:00  1. Settle in  [full_face, 10 s, side both, waits for a tap]" in out


def test_show_reads_a_file_by_path(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text(VALID)
    status, out, _ = run(capsys, "show", str(path))
    assert status == 0
    assert out.splitlines()[0] == "Test Ritual (test-ritual), 2 steps, 0:30"
    assert "  0:20  2. Cheeks  [cheeks, 10 s, side both, waits for a tap]" in out


def test_show_says_nothing_of_other_broken_files_unless_the_ritual_is_missing(capsys):
    folder = user_rituals_dir()
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("format: 1\nid: [\n")
    status, out, err = run(capsys, "show", "quick-calm")
    assert status == 0 and err == "" and out.startswith("Quick Calm (quick-calm)")
    status, out, err = run(capsys, "show", "no-such-ritual")
    assert status == 1 and "broken.yaml" in err


def test_show_an_unknown_id_exits_1_naming_the_ids(capsys):
    status, out, err = run(capsys, "show", "symetry-sculpt")
    assert status == 1 and out == ""
    assert err.startswith(
        "facepacer rituals show: error: no ritual with the id 'symetry-sculpt'; "
        "did you mean 'symmetry-sculpt'?"
    )


def test_show_a_broken_file_exits_1_with_its_problems(tmp_path, capsys):
    path = tmp_path / "r.yaml"
    path.write_text(edited("side: alternate", "side: sideways"))
    status, out, err = run(capsys, "show", str(path))
    assert status == 1 and out == ""
    assert err.startswith(
        f"facepacer rituals show: error: {path}:11:11: 'side' in step 1 is 'sideways'"
    )


def test_validate_prints_ok_for_valid_files_and_problems_for_the_rest(tmp_path, capsys):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(VALID)
    bad.write_text(edited("seconds: 20", "secnds: 20").replace("test-ritual", "other"))
    status, out, err = run(capsys, "validate", str(good), str(bad))
    assert status == 1 and err == ""
    assert out.splitlines() == [
        f"OK {good}",
        f"{bad}:6:5: missing required key 'seconds' in step 1",
        f"{bad}:9:5: unknown key 'secnds' in step 1; did you mean 'seconds'?",
    ]


def test_validate_exits_0_when_all_files_are_valid(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(VALID)
    assert run(capsys, "validate", str(good)) == (0, f"OK {good}\n", "")


def test_validate_reports_a_missing_file_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(VALID)
    missing = tmp_path / "missing.yaml"
    status, out, _ = run(capsys, "validate", str(missing), str(good))
    assert status == 1
    assert out.splitlines() == [f"{missing}:1:1: no such file", f"OK {good}"]


def test_validate_rejects_the_same_id_in_two_files(tmp_path, capsys):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(VALID)
    second.write_text(VALID)
    status, out, _ = run(capsys, "validate", str(first), str(second))
    assert status == 1
    assert out.splitlines() == [
        f"OK {first}",
        f"{second}:2:1: the id 'test-ritual' is already used by {first}; ids must be unique: "
        "give this ritual another id",
    ]


def test_validate_needs_at_least_one_file(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["rituals", "validate"])
    assert caught.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err


def test_rituals_alone_prints_its_usage_and_exits_2(capsys):
    status, out, err = run(capsys)
    assert status == 2 and out == ""
    assert err.startswith("usage: facepacer rituals [-h] ACTION ...")
    assert "validate  check ritual files; exit 0 when all are valid" in err


@pytest.mark.parametrize(
    "argv, words",
    [
        ([], "List them, show one step by step, or check ritual files."),
        (["list"], "id, title, number of steps and total time"),
        (["show"], "each with the time it starts"),
        (["validate"], "Exit status: 0 when every file is valid, 1 otherwise."),
    ],
)
def test_each_command_explains_itself_in_its_help(capsys, argv, words):
    with pytest.raises(SystemExit) as caught:
        main(["rituals", *argv, "--help"])
    assert caught.value.code == 0
    assert words in " ".join(capsys.readouterr().out.split())


def test_validate_refuses_an_id_an_installed_ritual_already_has(tmp_path, capsys):
    mine = tmp_path / "mine.yaml"
    mine.write_text(VALID.replace("id: test-ritual", "id: quick-calm"))
    status, out, err = run(capsys, "validate", str(mine))
    assert status == 1 and err == ""
    (line,) = out.splitlines()
    assert line.startswith(f"{mine}:2:1: the id 'quick-calm' is already used by the installed")
    assert "quick-calm.yaml" in line and "would be skipped" in line


def test_validate_blames_the_new_file_not_the_shipped_one_it_copies(tmp_path, capsys):
    from facepacer.paths import shipped_rituals

    new = tmp_path / "new.yaml"
    new.write_text(VALID.replace("id: test-ritual", "id: quick-calm"))
    shipped = str(shipped_rituals() / "quick-calm.yaml")
    status, out, _ = run(capsys, "validate", str(new), shipped)
    assert status == 1
    assert out.splitlines() == [
        f"{new}:2:1: the id 'quick-calm' is already used by {shipped}; ids must be unique: "
        "give this ritual another id",
        f"OK {shipped}",
    ]


def test_show_counts_one_step_and_one_stroke_in_the_singular(tmp_path, capsys):
    path = tmp_path / "one.yaml"
    path.write_text(
        "format: 1\nid: one\ntitle: One\nsteps:\n"
        "  - {zone: cheeks, title: Cheeks, say: Sweep up., seconds: 10, strokes: 1}\n"
    )
    status, out, _ = run(capsys, "show", str(path))
    assert status == 0
    assert out.splitlines()[0] == "One (one), 1 step, 0:10"
    assert "[cheeks, 10 s, side both, 1 stroke, on a timer]" in out


def test_validate_does_not_warn_of_an_installed_file_about_itself(capsys):
    from facepacer.paths import shipped_rituals

    shipped = str(shipped_rituals() / "quick-calm.yaml")
    assert run(capsys, "validate", shipped) == (0, f"OK {shipped}\n", "")


# Languages


def test_show_lists_the_rituals_languages(capsys):
    status, out, err = run(capsys, "show", "quick-calm")
    assert status == 0 and err == ""
    assert out.splitlines()[3].startswith("languages: en (English), de (German)")


def test_show_with_a_language_prints_its_words_and_the_same_timing(capsys):
    status, out, err = run(capsys, "show", "symmetry-sculpt", "--language", "de")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Symmetrie-Modellage (symmetry-sculpt), 7 steps, 2:00"
    assert lines[1].startswith("Zwei Minuten straffende, modellierende Streichungen")
    assert lines[3].startswith("languages: en (English), de (German)")
    assert (
        "  0:00  1. Kieferlinie modellieren  [jawline, 20 s, side alternate, 6 strokes, on a timer]"
        in lines
    )
    say = "Setz die Knöchel ans Kinn. Gleite am Kiefer entlang bis zum Ohr. Fest und langsam."
    assert f"        {say}" in lines


@pytest.mark.parametrize("code", ["de_AT", "de-CH", "de_DE.UTF-8"])
def test_show_finds_the_german_for_a_country_of_it(capsys, code):
    status, out, err = run(capsys, "show", "quick-calm", "--language", code)
    assert status == 0 and err == "" and out.startswith("Schnell zur Ruhe (quick-calm)")


def test_show_in_a_language_the_ritual_lacks_warns_and_shows_its_own_words(capsys):
    status, out, err = run(capsys, "show", "quick-calm", "--language", "eo")
    assert status == 0 and out.startswith("Quick Calm (quick-calm)")
    assert err == (
        "facepacer rituals show: warning: the ritual 'quick-calm' has no words in eo (Esperanto); "
        "shown in its own, en (English)\n"
    )


def test_show_in_its_own_language_says_nothing_more(capsys):
    for code in ("en", "en_GB"):
        status, out, err = run(capsys, "show", "quick-calm", "--language", code)
        assert status == 0 and err == "" and out.startswith("Quick Calm (quick-calm)")


@pytest.mark.parametrize("code", ["Deutsch", "xx", "de_XX", ""])
def test_show_in_no_known_language_warns_once_and_shows_the_original(capsys, code):
    status, out, err = run(capsys, "show", "quick-calm", "--language", code)
    assert status == 0 and out.startswith("Quick Calm (quick-calm)")
    assert err == (
        f"facepacer rituals show: warning: {code!r} is not a language code known here (write one "
        "like 'de' or 'de_AT'); the rituals are shown in their own words\n"
    )


def test_list_with_a_language_prints_the_titles_in_it(capsys):
    status, out, err = run(capsys, "list", "--language", "de")
    assert status == 0 and err == ""
    assert out.splitlines() == [
        "ID               TITLE                STEPS   TIME",
        "symmetry-sculpt  Symmetrie-Modellage      7   2:00",
        "quick-calm       Schnell zur Ruhe         5   1:00",
        "lymphatic-drain  Lymphdrainage            7   5:00",
    ]


def test_list_in_german_warns_of_each_ritual_without_it(capsys):
    folder = user_rituals_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(VALID)
    status, out, err = run(capsys, "list", "--language", "de")
    assert status == 0
    assert out.splitlines()[-1].split() == ["test-ritual", "Test", "Ritual", "2", "0:30"]
    assert err == (
        "facepacer rituals: warning: the ritual 'test-ritual' has no words in de (German); "
        "shown in its own, en (English)\n"
    )


def test_list_in_a_language_no_ritual_has_warns_for_each(capsys):
    status, out, err = run(capsys, "list", "--language", "ja")
    assert status == 0 and "Symmetry Sculpt" in out
    assert [line.split("'")[1] for line in err.splitlines()] == [
        "symmetry-sculpt", "quick-calm", "lymphatic-drain",
    ]  # fmt: skip
    assert all("has no words in ja (Japanese)" in line for line in err.splitlines())


@pytest.mark.parametrize("action", ["list", "show"])
def test_the_language_option_explains_itself(capsys, action):
    with pytest.raises(SystemExit):
        main(["rituals", action, "--help"])
    assert "--language CODE" in capsys.readouterr().out
