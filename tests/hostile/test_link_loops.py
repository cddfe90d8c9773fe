"""Symbolic links that lead round in a loop, wherever a user names a file: a step's picture or
recording, the settings file, the session log. Each is named for what it is at its place, and
the device, ``rituals list`` and ``history`` go on; Python 3.11 says "Symlink loop" with a
RuntimeError where other errors are OSErrors, so nothing may leave that to a generic handler."""

from __future__ import annotations

import pytest

from facepacer.errors import RitualError
from facepacer.ritual import load_ritual

from .test_media import RITUAL


def looping(folder, name: str) -> None:
    """``name`` in ``folder`` a link to a link back to it."""
    (folder / name).symlink_to(f"{name}.again")
    (folder / f"{name}.again").symlink_to(name)


@pytest.mark.parametrize("key, name", [("image", "jaw.png"), ("voice", "jaw.wav"),
                                       ("voice", "pictures/jaw.ogg")])  # fmt: skip
def test_a_step_file_that_loops_is_a_problem_at_its_key(tmp_path, key, name):
    (tmp_path / "pictures").mkdir()
    looping(tmp_path / name.rpartition("/")[0] if "/" in name else tmp_path, name.split("/")[-1])
    path = tmp_path / "hostile.yaml"
    path.write_text(RITUAL.format(id="hostile", key=key, value=name))
    with pytest.raises(RitualError) as caught:
        load_ritual(path)
    (problem,) = caught.value.problems
    column = len(f"    {key}: ") + 1
    assert problem == (
        f"{path}:9:{column}: '{key}' in step 1 is '{name}', but it is a symbolic link that "
        "leads round in a loop; name the file itself"
    )


def test_a_ritual_beside_a_looping_picture_is_skipped_and_the_device_runs(home, facepacer,
                                                                          headless):  # fmt: skip
    rituals = home / "config" / "facepacer" / "rituals"
    rituals.mkdir(parents=True)
    looping(rituals, "jaw.png")
    (rituals / "hostile.yaml").write_text(RITUAL.format(id="hostile", key="image", value="jaw.png"))
    listed = facepacer("rituals", "list")
    assert listed.code == 0 and "quick-calm" in listed.out
    assert listed.err.count("leads round in a loop") == 1
    ran = headless()
    assert ran.code == 0 and ran.summary["status"] == "completed"
    assert ran.err.count("leads round in a loop") == 1


def test_a_settings_file_that_loops_is_not_called_no_settings_file(home, facepacer):
    folder = home / "config" / "facepacer"
    folder.mkdir(parents=True)
    looping(folder, "config.yaml")
    checked = facepacer("config", "validate")
    assert checked.code == 1 and "no settings file" not in checked.out
    assert "config.yaml:1:1: cannot read the file: Too many levels of symbolic links" in checked.out
    shown = facepacer("config", "show")
    assert "no settings file" not in shown.out


def test_a_log_that_loops_is_said_to_loop_not_to_be_empty_or_a_failing_card(home, facepacer,
                                                                            headless):  # fmt: skip
    looping(home, "sessions.db")
    log = str(home / "sessions.db")
    history = facepacer("history", "--db", log)
    assert history.code == 1 and "No sessions logged yet" not in history.out
    assert "it is a symbolic link that leads round in a loop" in history.err
    ran = headless("--db", log)
    assert ran.code == 0 and ran.summary["status"] == "completed"
    assert "it is a symbolic link that leads round in a loop" in ran.summary["log_problem"]
    assert "SD card" not in ran.err


def test_a_ritual_file_named_on_the_command_line_that_loops_is_not_no_such_file(home, facepacer):
    looping(home, "glow.yaml")
    for argv in (("run", "--sim", "--headless", "--virtual-clock"), ("rituals", "show")):
        outcome = facepacer(*argv, "--ritual" if argv[0] == "run" else str(home / "glow.yaml"),
                            *([str(home / "glow.yaml")] if argv[0] == "run" else []))  # fmt: skip
        assert outcome.code != 0
        assert "Too many levels of symbolic links" in outcome.err
        assert "no such file" not in outcome.err
