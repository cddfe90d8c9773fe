"""``facepacer screenshot`` writes a PNG of the asked screen and size, or says what is wrong."""

from __future__ import annotations

import pygame
import pytest

from facepacer.cli import main


def image(path):
    return pygame.image.load(str(path))


@pytest.mark.parametrize("size", ["480x320", "800x480"])
def test_a_sample_screen_is_written_at_the_asked_size(tmp_path, size):
    out = tmp_path / "step.png"
    assert main(["screenshot", "--screen", "step", "--size", size, "--out", str(out)]) == 0
    assert image(out).get_size() == tuple(int(v) for v in size.split("x"))


def test_a_moment_of_a_shipped_ritual_is_drawn(tmp_path):
    out = tmp_path / "shots" / "sculpt.png"
    argv = ["screenshot", "--ritual", "symmetry-sculpt", "--at", "25", "--out", str(out)]
    assert main(argv + ["--theme", "contrast", "--partner"]) == 0
    assert image(out).get_size() == (480, 320)


def test_the_same_command_makes_the_same_picture(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for out in (a, b):
        assert main(["screenshot", "--screen", "home", "--out", str(out)]) == 0
    assert pygame.image.tostring(image(a), "RGB") == pygame.image.tostring(image(b), "RGB")


def test_a_ritual_file_path_works_too(tmp_path):
    ritual = tmp_path / "mine.yaml"
    ritual.write_text(
        "format: 1\nid: mine\ntitle: Mine\nsteps:\n"
        "  - zone: chin\n    title: Chin\n    say: Small circles.\n    seconds: 10\n"
    )
    out = tmp_path / "mine.png"
    assert main(["screenshot", "--ritual", str(ritual), "--at", "3", "--out", str(out)]) == 0


def test_an_unknown_ritual_is_an_error_with_a_message(tmp_path, capsys):
    out = tmp_path / "x.png"
    assert main(["screenshot", "--ritual", "no-such-ritual", "--out", str(out)]) == 1
    assert "no-such-ritual" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("bad", [["--size", "480"], ["--size", "10x10"], ["--at", "-1"],
                                 ["--screen", "settings"], ["--wall", "noon"]])  # fmt: skip
def test_bad_arguments_are_refused(tmp_path, bad):
    with pytest.raises(SystemExit) as exit:
        main(["screenshot", "--out", str(tmp_path / "x.png"), *bad])
    assert exit.value.code == 2


def test_an_unwritable_output_is_an_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["screenshot", "--out", str(blocker / "x.png")]) == 1
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize(
    "bad, message",
    [
        (["--ritual", "quick-calm", "--at", "inf"], "--at must be a finite number of seconds"),
        (["--at", "10"], "--at goes with --ritual"),
        (["--screen", "step", "--at", "10"], "--at goes with --ritual"),
        (
            ["--ritual", "quick-calm", "--at", "60.5"],
            "error: --at 60.5 is past the end of quick-calm, which lasts 60 s",
        ),
    ],
)
def test_a_moment_that_cannot_be_drawn_is_a_usage_error_that_says_why(
    tmp_path, capsys, bad, message
):
    out = tmp_path / "x.png"
    with pytest.raises(SystemExit) as exit:
        main(["screenshot", "--out", str(out), *bad])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("name", ["shot.txt", "shot", "shot.webp"])
def test_an_output_name_that_would_not_be_a_png_is_refused(tmp_path, capsys, name):
    out = tmp_path / name
    with pytest.raises(SystemExit) as exit:
        main(["screenshot", "--out", str(out)])
    assert exit.value.code == 2
    assert "--out must end in .png" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_name_in_capitals_is_a_png_too(tmp_path):
    out = tmp_path / "SHOT.PNG"
    assert main(["screenshot", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
