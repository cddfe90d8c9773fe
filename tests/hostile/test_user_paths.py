"""Every path the device opens for a user is a regular file before anything opens it: a FIFO (which
would hang the open for ever), a device node, a socket or a folder is refused with a message that
says what it is, and the size is capped. One helper (``facepacer.userfiles``) does it; a scan of
the sources finds any other way of opening a file, and only the program's own files may."""

from __future__ import annotations

import ast
import os
import socket
import threading
from pathlib import Path

import pytest

from facepacer import i18n, userfiles
from facepacer.config import MqttConfig, load_config
from facepacer.configedit import ConfigEditError, set_settings
from facepacer.errors import RitualError
from facepacer.link import mqtt
from facepacer.ritual import load_ritual

PACKAGE = Path(__file__).resolve().parents[2] / "firmware" / "facepacer"
WAIT = 10.0  # seconds a call may take before it counts as hung on a FIFO


def finishes(call, *args, **kwargs):
    """``call``'s result (or the exception it raised), or a failure if it is still blocked after
    ``WAIT`` seconds, as an open of a FIFO with no writer would be."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT)
    assert not thread.is_alive(), f"{call.__name__} hung on its path (a FIFO opened blocking)"
    return outcome


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "named.pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


# -- the helper ------------------------------------------------------------------------------


def test_a_fifo_is_refused_as_a_fifo_without_waiting_for_a_writer(fifo):
    outcome = finishes(userfiles.read_bytes, fifo, limit=100)
    error = outcome["error"]
    assert isinstance(error, userfiles.UserFileError)
    assert str(error) == f"the file {fifo} is a FIFO, not a file"
    assert not isinstance(error, FileNotFoundError)


def test_a_fifo_swapped_in_after_the_look_is_caught_through_its_descriptor(fifo, monkeypatch):
    monkeypatch.setattr(userfiles, "refusal", lambda path, what: None)  # the look saw a file
    outcome = finishes(userfiles.read_bytes, fifo, limit=100)
    assert str(outcome["error"]) == f"the file {fifo} is a FIFO, not a file"


def test_a_device_a_socket_and_a_folder_are_each_named_for_what_they_are(tmp_path, unix_socket):
    for path, kind in (("/dev/null", "a character device"), (unix_socket, "a socket"),
                       (tmp_path, "a folder")):  # fmt: skip
        with pytest.raises(userfiles.UserFileError) as caught:
            userfiles.read_bytes(path, limit=100, what="the CA file")
        assert str(caught.value) == f"the CA file {path} is {kind}, not a file"


def test_a_missing_file_is_a_file_not_found_error_that_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="there is no such file"):
        userfiles.read_bytes(tmp_path / "gone", limit=10)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big"
    with open(path, "wb") as handle:
        handle.truncate(10_001)  # sparse
    with pytest.raises(userfiles.UserFileError) as caught:
        userfiles.read_bytes(path, limit=10_000)
    assert str(caught.value) == f"the file {path} is 10001 bytes; at most 10000 bytes are read"


def test_a_symlink_to_a_regular_file_is_followed(tmp_path):
    (tmp_path / "real.txt").write_text("secret\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert userfiles.read_text(tmp_path / "link.txt", limit=100) == "secret\n"


def test_a_symlink_to_a_fifo_is_refused_as_a_fifo(tmp_path, fifo):
    (tmp_path / "link").symlink_to(fifo)
    outcome = finishes(userfiles.read_bytes, tmp_path / "link", limit=100)
    assert "is a FIFO, not a file" in str(outcome["error"])


# -- each place that opens a user's path ------------------------------------------------------


def test_a_fifo_as_the_mqtt_password_file_is_refused_as_a_fifo(fifo):
    config = MqttConfig(host="localhost", username="u", password_file=str(fifo))
    outcome = finishes(mqtt._read_password, config)
    assert isinstance(outcome["error"], mqtt.LinkUnavailable)
    assert f"{fifo} is a FIFO, not a file" in str(outcome["error"])


def test_a_fifo_as_the_mqtt_ca_file_is_refused_as_a_fifo(fifo):
    outcome = finishes(mqtt._tls_context, str(fifo))
    assert str(outcome["error"]) == f"the file {fifo} is a FIFO, not a file"


def test_a_ca_file_that_is_no_certificate_is_an_error_not_a_trust_of_nothing(tmp_path):
    (tmp_path / "ca.pem").write_bytes(b"\xff\xfe not a certificate")
    with pytest.raises((OSError, ValueError)):
        mqtt._tls_context(str(tmp_path / "ca.pem"))


def test_a_fifo_as_config_yaml_is_a_located_problem_not_a_hang(fifo):
    outcome = finishes(load_config, fifo)
    config, warnings = outcome["value"]
    assert any("a FIFO" in warning for warning in warnings), warnings


def test_the_config_editor_refuses_a_fifo_without_opening_or_replacing_it(fifo):
    outcome = finishes(set_settings, fifo, "sensor", {"touch_threshold": 12})
    assert isinstance(outcome["error"], ConfigEditError)
    assert str(outcome["error"]) == f"cannot edit the settings file {fifo} is a FIFO, not a file"
    assert fifo.is_fifo()


def test_a_fifo_as_a_ritual_file_is_refused(fifo):
    outcome = finishes(load_ritual, fifo)
    assert isinstance(outcome["error"], RitualError)
    assert "a FIFO" in str(outcome["error"])


def test_a_fifo_named_as_a_steps_recording_is_a_fifo_not_no_such_file(tmp_path):
    os.mkfifo(tmp_path / "jaw.wav")
    (tmp_path / "r.yaml").write_text(
        "format: 1\nid: r\ntitle: R\nsteps:\n"
        "  - {zone: cheeks, title: One, say: Up., seconds: 3, voice: jaw.wav}\n"
    )
    outcome = finishes(load_ritual, tmp_path / "r.yaml")
    (problem,) = outcome["error"].problems
    assert problem.endswith("'voice' in step 1 is 'jaw.wav', but it is a FIFO, not a file")


def test_a_fifo_in_place_of_a_catalogue_leaves_english_and_says_so(tmp_path, monkeypatch):
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "facepacer.mo")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        outcome = finishes(i18n.use, "de_DE")
        assert outcome["value"] == (
            f"{folder / 'facepacer.mo'}: cannot read the catalogue (it is a FIFO, not a file); "
            "speaking English"
        )
        assert i18n.current().code == "en"
    finally:
        i18n.use("en_GB")


def test_a_fifo_as_the_saved_brightness_is_ignored(tmp_path, fifo):
    from facepacer.ui.backlight import Backlight

    light = Backlight.__new__(Backlight)
    light.state_file = fifo
    assert finishes(light._saved, tmp_path)["value"] == 0


# -- the scan -------------------------------------------------------------------------------

# Calls that open a file by its path, by their last name (``os.open``, ``Path.open``,
# ``wave.open`` and ``open`` all end in "open").
OPENERS = {"open", "read_text", "read_bytes", "load_cert_chain", "load_verify_locations",
           "Sound", "tls_set", "translation"}  # fmt: skip
PATH_KEYWORDS = {"cafile", "capath", "ca_certs", "certfile", "keyfile"}

# Where a file is opened without the helper, and why that is right. Each entry must still be
# found: a stale one fails the test too.
ALLOWED = {
    ("ui/drivers.py", "open"): "/proc/self/maps, the kernel's own list of this process's maps",
    ("ui/drivers.py", "read_bytes"): "the SDL library this process has loaded (from /proc maps)",
    ("ui/shapes.py", "open"): "the shipped face shapes, package data (paths.asset_path)",
    ("doctor/system.py", "read_text"): "/sys and /etc/group and /etc/passwd: the system's files",
    (
        "doctor/unit.py",
        "read_text",
    ): "the service's unit and drop-ins in /etc/systemd: the system's",
    ("ui/backlight.py", "read_text"): "/sys/class/backlight and /sys/class/drm: the kernel's",
    ("store/liveness.py", "read_text"): "/proc: the kernel's view of a process",
    ("store/opening.py", "open"): "the session log, refused by file_problem() before this",
    ("store/opening.py", "os.open"): "the log's folder, opened to fsync a rename",
    ("speech/synth.py", "os.open"): "creates the program's own temporary file in its cache",
    ("cli/__init__.py", "os.open"): "os.devnull, to silence stdout after a broken pipe",
}


HELPER = "userfiles.py"  # the one module that opens a user's path itself, once it has looked


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{dotted(node.func)}()"
    return "?"


def from_memory(call: ast.Call) -> bool:
    """A sound or picture made from bytes in memory (``buffer=``, or ``io.BytesIO(...)``)."""
    values = list(call.args) + [k.value for k in call.keywords]
    if any(k.arg == "buffer" for k in call.keywords):
        return True
    return bool(values) and all(
        isinstance(v, ast.Call) and dotted(v.func) in ("io.BytesIO", "BytesIO") for v in values[:1]
    )


def openings(package: Path):
    """(file, call name, line) for each call that could open a file by its path."""
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).as_posix()
        if where == HELPER:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = dotted(node.func)
            if name.startswith("userfiles."):
                continue
            last = name.rsplit(".", 1)[-1]
            image = name.endswith("image.load")
            keyword = any(k.arg in PATH_KEYWORDS for k in node.keywords)
            if (last in OPENERS or image or keyword) and not from_memory(node):
                yield where, name, node.lineno


def test_no_user_path_is_opened_but_through_the_helper():
    found = list(openings(PACKAGE))
    unexplained = [f"{where}:{line}: {name}(...)" for where, name, line in found
                   if (where, name if name.startswith("os.") else name.rsplit(".", 1)[-1])
                   not in ALLOWED]  # fmt: skip
    assert not unexplained, (
        "files opened without facepacer.userfiles (use it, or add the call to ALLOWED with the "
        "reason it is the program's own file):\n" + "\n".join(unexplained)
    )
    used = {(where, name if name.startswith("os.") else name.rsplit(".", 1)[-1])
            for where, name, _ in found}  # fmt: skip
    assert not set(ALLOWED) - used, f"stale entries in ALLOWED: {set(ALLOWED) - used}"


def test_the_scan_finds_each_way_of_opening_a_path(tmp_path):
    (tmp_path / "m.py").write_text(
        "import pygame, ssl, wave\n"
        "open(p)\nPath(p).read_text()\nq.read_bytes()\npygame.image.load(p)\n"
        "pygame.mixer.Sound(p)\nwave.open(p)\nctx.load_verify_locations(p)\n"
        "ssl.create_default_context(cafile=p)\nclient.tls_set(ca_certs=p)\n"
        "pygame.mixer.Sound(buffer=b)\npygame.image.load(io.BytesIO(b), 'x.png')\n"
    )
    names = [name for _, name, _ in openings(tmp_path)]
    assert names == ["open", "Path().read_text", "q.read_bytes", "pygame.image.load",
                     "pygame.mixer.Sound", "wave.open", "ctx.load_verify_locations",
                     "ssl.create_default_context", "client.tls_set"]  # fmt: skip
