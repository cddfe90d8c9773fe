"""--script files at their limits: not a file, too big, too many mistakes, times past any run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from facepacer.app.script import MAX_BYTES, MAX_SECONDS, load_script, parse_script
from facepacer.errors import ScriptError

from .conftest import char_device


def limited_memory() -> None:
    # In the child only: a script read without a bound would stop here, not fill the machine.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def run_child(home, *argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), SDL_VIDEODRIVER="dummy")  # fmt: skip
    return subprocess.run([sys.executable, "-m", "facepacer", *argv], env=env, timeout=60,
                          capture_output=True, text=True, preexec_fn=limited_memory)  # fmt: skip


@pytest.mark.parametrize("node", ["/dev/zero", "/dev/null"])
def test_a_device_node_as_the_script_is_refused(home, node):
    ran = run_child(home, "run", "--sim", "--headless", "--virtual-clock", "--script", node)
    assert char_device(node)
    assert ran.returncode == 2, ran.stderr
    assert f"{node}: the script is not a regular file (a character device)" in ran.stderr


def test_a_fifo_as_the_script_is_refused_without_waiting_for_a_writer(home):
    fifo = home / "script.fifo"
    os.mkfifo(fifo)
    ran = run_child(home, "run", "--sim", "--headless", "--virtual-clock", "--script", str(fifo))
    assert ran.returncode == 2 and "the script is not a regular file (a FIFO)" in ran.stderr


def test_a_folder_as_the_script_is_refused(tmp_path):
    with pytest.raises(ScriptError, match="the script is a folder, not a file"):
        load_script(str(tmp_path))


def test_a_script_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "long.txt"
    with open(path, "w") as file:
        file.write("0.5 tap\n" * (MAX_BYTES // 8 + 1))
    with pytest.raises(ScriptError) as raised:
        load_script(str(path))
    assert str(raised.value) == (
        f"{path}: the script is {path.stat().st_size} bytes; the limit is "
        f"{MAX_BYTES // 1024} KiB (a script is a few lines): split it or shorten it"
    )


def test_errors_stop_at_500_with_a_count_of_the_rest():
    with pytest.raises(ScriptError) as raised:
        parse_script("nonsense\n" * 100_000, "s.txt")
    lines = str(raised.value).splitlines()
    assert len(lines) == 501
    assert lines[0] == "s.txt:1: expected 'SECONDS ACTION', got 'nonsense'"
    assert lines[-1] == "s.txt:501: and 99500 more problems"


@pytest.mark.parametrize("line", ["1e10 tap", "1e17 tap", "86401 press", "5 hold 1e9",
                                  "9e99999 quit"])  # fmt: skip
def test_times_past_the_maximum_are_an_error_at_their_line(line):
    with pytest.raises(ScriptError) as raised:
        parse_script(f"# far away\n{line}\n", "s.txt")
    message = str(raised.value)
    assert message.startswith("s.txt:2: ") and "\n" not in message
    assert f"at most {MAX_SECONDS:g} seconds (a day)" in message or "0 or more seconds" in message


def test_a_script_an_hour_long_ends_quickly_on_the_virtual_clock(home, headless):
    # The longest a script may run (a day) ends too, in a few seconds; an hour keeps this fast.
    script = home / "far.txt"
    script.write_text("3600 tap\n")
    outcome = headless("--script", str(script))
    assert outcome.code == 0 and outcome.summary["status"] == "completed"


@pytest.mark.parametrize("pad, shown", [("²", "'²'"), ("1" * 5000, "'1111111111"),
                                        ("٣", "'٣'"), ("-1", "'-1'")])  # fmt: skip
def test_a_pad_that_is_not_a_plain_electrode_number_is_our_message(pad, shown):
    with pytest.raises(ScriptError) as raised:
        parse_script(f"1 tap pad {pad}\n", "s.txt")
    message = str(raised.value)
    assert message.startswith(f"s.txt:1: pad must be an electrode 0-11, got {shown}")
    assert len(message) < 200
