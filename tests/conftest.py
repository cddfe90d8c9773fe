"""Tests run with no display and no sound card, on any machine, and the same way every time in CI.

Hypothesis: under ``CI`` the ``ci`` profile derandomises every property test, so a run in CI
tries the same examples each time and a red build is never luck; elsewhere examples are random,
to keep finding new ones (a failure found that way becomes an explicit example in its test).
``HYPOTHESIS_PROFILE=ci`` picks the CI profile on any machine. No profile has a deadline: a Pi
Zero runs an example several times slower than a laptop, and a slow example is not a failure.
"""

import ctypes
import os

import pytest
from hypothesis import settings

from .ci import in_ci

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The device speaks the environment's language unless told otherwise (facepacer.i18n): the tests
# expect English and a 24-hour clock whatever the machine's locale, and so do the commands they
# start. Tests of the choice itself give their own environment.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

settings.register_profile("dev", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))


# -- file permissions, even for root ------------------------------------------------------------

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_CAP_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities(change=None):
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _CapHeader(_CAP_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    before = data[0].effective
    if change is not None:
        data[0].effective = change(before)
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")
    return before


@pytest.fixture
def permissions_apply():
    """File permissions bind this test even when it runs as root (as CI does).

    Root ignores permission bits through two capabilities; they are dropped from this thread's
    effective set (file reads and SQLite run in the calling thread) and restored afterwards.
    """
    if os.geteuid() != 0:
        yield
        return
    mask = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH)
    try:
        saved = _capabilities(lambda effective: effective & ~mask)
    except (OSError, AttributeError) as exc:
        pytest.skip(f"running as root and cannot drop the capability to ignore permissions: {exc}")
    try:
        yield
    finally:
        _capabilities(lambda _effective: saved)


# -- what was not compared, said at the end of every run --------------------------------------


def pytest_terminal_summary(terminalreporter):
    """A skipped golden-image module is said in the summary even under ``-q``: a skip that no
    one reads is how a green run stops meaning anything."""
    for report in terminalreporter.stats.get("skipped", []):
        if "test_golden.py" in report.nodeid and isinstance(report.longrepr, tuple):
            why = report.longrepr[2].removeprefix("Skipped: ")
            terminalreporter.write_line(f"golden images not compared: {why}")


# -- one language per process --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_again():
    """A test that switches the device to another language leaves it in English for the next."""
    yield
    from facepacer import i18n

    if i18n.current().code != i18n.SOURCE:
        i18n.use(i18n.choose(None, {}))
