"""The doctor's checks on both sides of each limit: a device file open for reading only, a
display whose state is neither connected nor disconnected, and free space around its two marks
(20 MB fails, 200 MB warns)."""

from __future__ import annotations

import types

import pytest

from facepacer.config import Config
from facepacer.doctor import FAIL, OK, WARN, Identity, system

from .test_checks import context, in_group_of, put

MB = 1024 * 1024


@pytest.mark.parametrize("mode, status", [(0o640, FAIL), (0o620, FAIL), (0o660, OK)])
def test_an_i2c_device_must_be_both_readable_and_writable_by_the_users_group(
    tmp_path, mode, status
):
    device = put(tmp_path, "/dev/i2c-1", mode=mode)
    assert system.i2c(context(tmp_path, who=in_group_of(device))).status == status


@pytest.mark.parametrize("state", ["unknown", "disconnected", "connected-ish", ""])
def test_a_display_in_any_state_but_connected_is_no_display(tmp_path, state):
    put(tmp_path, "/sys/class/drm/card1-DSI-1/status", f"{state}\n")
    result = system.display(context(tmp_path))
    assert result.status == FAIL and "card1-DSI-1" in result.detail


def test_a_connected_dsi_panel_is_named_as_readme_says(tmp_path):
    put(tmp_path, "/sys/class/drm/card1-DSI-1/status", "connected\n")
    put(tmp_path, "/sys/class/drm/card1-HDMI-A-1/status", "unknown\n")
    result = system.display(context(tmp_path))
    assert result.status == OK and result.detail == "connected: card1-DSI-1"


@pytest.mark.parametrize(
    "free_mb, status",
    [(0, FAIL), (19, FAIL), (20, WARN), (21, WARN), (199, WARN), (200, OK), (201, OK)],
)
def test_free_space_fails_under_20_mb_and_warns_under_200_mb(tmp_path, free_mb, status):
    blocks = types.SimpleNamespace(f_bavail=free_mb * MB // 4096, f_frsize=4096)
    config = Config(db=str(tmp_path / "sessions.db"))
    root = Identity("root", 0, (0,))
    result = system.data(context(tmp_path, config=config, who=root, statvfs=lambda path: blocks))
    assert result.status == status
    assert f"{free_mb:,} MB free" in result.detail
