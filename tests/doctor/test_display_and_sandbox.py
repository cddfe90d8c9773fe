"""The doctor's display path (SDL's video really started, as the service starts it), its view
from inside the service's sandbox, and two starters reported as one problem."""

from __future__ import annotations

import sys
import types
from dataclasses import replace
from pathlib import Path

from facepacer.config import Config
from facepacer.doctor import FAIL, OK, WARN, Context, Identity, system, unit
from facepacer.doctor.video import Started, start_video

PI = Identity("pi", 4242, (4242,))
PLENTY = types.SimpleNamespace(f_bavail=1_000_000, f_frsize=4096)
SHIPPED_UNIT = Path(__file__).resolve().parents[2] / "deploy" / "facepacer.service"


def put(root: Path, path: str, text: str = "") -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


STARTED = Started(True, "kmsdrm 1280x800")


def context(tmp_path, started=STARTED, **changes) -> Context:
    seen = []

    def fake(env):
        seen.append(dict(env))
        return started

    base = Context(Config(), root=tmp_path, who=PI, env={"HOME": str(tmp_path / "home/pi")},
                   statvfs=lambda path: PLENTY, start_video=fake,
                   sdl_libraries=lambda: [Path("/usr/lib/libSDL2-2.0.so.0")])  # fmt: skip
    base = replace(base, **changes)
    base.seen = seen  # type: ignore[attr-defined]
    return base


def with_kmsdrm(monkeypatch):
    monkeypatch.setattr(system, "sdl_video_drivers", lambda libraries: ["kmsdrm", "offscreen"])


def install_unit(tmp_path, text=None):
    return put(tmp_path, "/etc/systemd/system/facepacer.service", text or SHIPPED_UNIT.read_text())


# -- the display path ------------------------------------------------------------------------------


def test_sdl_is_ok_only_when_its_video_really_started_with_the_services_driver(
    tmp_path, monkeypatch
):
    with_kmsdrm(monkeypatch)
    install_unit(tmp_path)
    ctx = context(tmp_path)
    result = system.sdl(ctx)
    assert result.status == OK and "kmsdrm 1280x800" in result.detail
    assert ctx.seen == [{"SDL_VIDEODRIVER": "kmsdrm", "SDL_FRAMEBUFFER_ACCELERATION": "opengles2"}]


def test_sdl_whose_video_fails_reports_sdls_own_error_and_the_gl_packages(tmp_path, monkeypatch):
    with_kmsdrm(monkeypatch)
    ctx = context(tmp_path, started=Started(False, "EGL not initialized"))
    result = system.sdl(ctx)
    assert result.status == FAIL and "EGL not initialized" in result.detail
    assert "libegl1 libgles2 libgl1-mesa-dri" in result.fix


def test_a_display_held_by_the_running_service_is_only_a_warning(tmp_path, monkeypatch):
    with_kmsdrm(monkeypatch)
    install_unit(tmp_path)
    put(tmp_path, "/run/systemd/units/invocation:facepacer.service.target")
    link = tmp_path / "run/systemd/units/invocation:facepacer.service"
    link.symlink_to("invocation:facepacer.service.target")
    result = system.sdl(context(tmp_path, started=Started(False, "kmsdrm not available")))
    assert result.status == WARN and "kmsdrm not available" in result.detail
    assert "sudo systemctl stop facepacer" in result.fix


def test_a_drop_in_changes_the_environment_the_display_is_tested_with(tmp_path, monkeypatch):
    with_kmsdrm(monkeypatch)
    install_unit(tmp_path)
    put(tmp_path, "/etc/systemd/system/facepacer.service.d/override.conf",
        "[Service]\nEnvironment=SDL_KMSDRM_DEVICE_INDEX=1\n")  # fmt: skip
    ctx = context(tmp_path)
    system.sdl(ctx)
    assert ctx.seen[0]["SDL_KMSDRM_DEVICE_INDEX"] == "1"
    assert ctx.seen[0]["SDL_VIDEODRIVER"] == "kmsdrm"


def test_sdls_video_starts_for_real_in_a_child_with_the_dummy_driver():
    started = start_video({"SDL_VIDEODRIVER": "dummy"}, timeout=60)
    assert started.ok, started.detail
    assert started.detail.startswith("dummy ")


def test_an_unknown_video_driver_gives_sdls_error_from_the_child():
    started = start_video({"SDL_VIDEODRIVER": "no-such-driver"}, timeout=60)
    assert not started.ok and "no-such-driver" in started.detail


def test_a_child_that_does_not_answer_in_time_is_reported_not_waited_for():
    started = start_video({"SDL_VIDEODRIVER": "dummy"}, timeout=0.001)
    assert not started.ok and "did not start within" in started.detail


# -- the sandbox's view of the session log ---------------------------------------------------------


def test_a_log_in_the_home_folder_fails_when_the_service_may_not_write_there(tmp_path):
    install_unit(tmp_path)
    home = tmp_path / "home/pi"
    home.mkdir(parents=True)
    ctx = context(tmp_path, config=replace(Config(), db=str(home / "sessions.db")))
    result = system.data(ctx)
    assert result.status == FAIL and "facepacer.service may not write there" in result.detail
    assert "ReadWritePaths=" in result.fix


def test_the_default_log_folder_is_one_the_service_may_write(tmp_path):
    home = "/home/pi"
    text = SHIPPED_UNIT.read_text()
    props = unit.properties(install_unit(tmp_path, text).parents[3])
    assert unit.service_may_write(props, Path(f"{home}/.local/share/facepacer"), Path(home))
    assert not unit.service_may_write(props, Path(home), Path(home))
    assert unit.service_may_write(props, Path("/var/cache/facepacer/mesa"), Path(home))
    assert not unit.service_may_write(props, Path("/srv/log"), Path(home))


def test_a_folder_opened_by_a_drop_in_is_writable_for_the_service(tmp_path):
    install_unit(tmp_path)
    put(tmp_path, "/etc/systemd/system/facepacer.service.d/log.conf",
        "[Service]\nReadWritePaths=/srv/facepacer\n")  # fmt: skip
    props = unit.properties(tmp_path)
    assert unit.service_may_write(props, Path("/srv/facepacer"), Path("/home/pi"))
    assert unit.service_may_write(props, Path("/home/pi/.config/facepacer"), Path("/home/pi"))


def test_without_a_service_only_the_users_permissions_count(tmp_path):
    home = tmp_path / "home/pi"
    home.mkdir(parents=True)
    who = Identity("pi", home.stat().st_uid, (home.stat().st_gid,))
    ctx = context(tmp_path, who=who, config=replace(Config(), db=str(home / "sessions.db")))
    assert system.data(ctx).status == OK


# -- starters ------------------------------------------------------------------------------------


def test_a_service_and_a_desktop_entry_together_are_two_starters(tmp_path):
    install_unit(tmp_path)
    put(tmp_path, str(tmp_path / "home/pi/.config/autostart/facepacer.desktop"))
    result = system.service(context(tmp_path))
    assert result.status == FAIL and "two starters" in result.detail
    assert "--mode lite" in result.fix and "--mode desktop" in result.fix


def test_the_doctor_checks_with_the_python_that_runs_it():
    assert sys.executable
