"""The installer's paths found by booting it (.ci/virtual-pi): the GL libraries KMSDRM loads, one
starter at a time, tty1's login prompt back at once, the caller previewed by a dry run without
sudo, an image being built where systemd does not run, and a service that never gives up."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "deploy" / "install-pi.sh"
UNIT = ROOT / "deploy" / "facepacer.service"


def installer(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(INSTALLER), *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})  # fmt: skip


def installed_unit(tmp_path: Path, drop_in: bool = True) -> Path:
    units = tmp_path / "units"
    units.mkdir()
    (units / "facepacer.service").write_text(UNIT.read_text())
    if drop_in:
        (units / "facepacer.service.d").mkdir()
        (units / "facepacer.service.d" / "override.conf").write_text(
            "[Service]\nEnvironment=SDL_KMSDRM_DEVICE_INDEX=1\n"
        )
    return units


def test_the_gl_libraries_sdls_kmsdrm_loads_are_installed():
    packages = installer("--print-packages").stdout.split()
    for package in ("libegl1", "libgles2", "libgl1-mesa-dri", "python3-pygame"):
        assert package in packages


def test_the_unit_draws_through_gles_and_gives_the_service_a_cache_it_may_write():
    lines = UNIT.read_text().splitlines()
    assert "Environment=SDL_FRAMEBUFFER_ACCELERATION=opengles2" in lines
    assert "CacheDirectory=facepacer" in lines
    assert "Environment=XDG_CACHE_HOME=/var/cache/facepacer" in lines


def restart_pause(tmp_path: Path, restarts: str) -> str:
    """The pause ExecStartPre takes before the start after ``restarts`` restarts in a row."""
    command = next(line for line in UNIT.read_text().splitlines()
                   if line.startswith("ExecStartPre="))  # fmt: skip
    script = re.fullmatch(r"ExecStartPre=-/bin/sh -c '(.*)'", command).group(1).replace("$$", "$")
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "systemctl").write_text(f"#!/bin/sh\necho {restarts}\n")
    (fake / "sleep").write_text('#!/bin/sh\necho "$1"\n')
    for tool in fake.iterdir():
        tool.chmod(0o755)
    done = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True,
                          env={"PATH": f"{fake}:/usr/bin:/bin"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("restarts, pause", [("0", "0"), ("1", "1"), ("3", "9"), ("17", "289"),
                                             ("18", "300"), ("500", "300"), ("", "0")])  # fmt: skip
def test_a_late_screen_is_retried_forever_with_a_growing_pause(tmp_path, restarts, pause):
    assert "StartLimitIntervalSec=0" in UNIT.read_text().splitlines()
    assert restart_pause(tmp_path, restarts) == pause


def test_switching_to_the_desktop_removes_the_service_its_drop_ins_and_frees_tty1(tmp_path):
    units = installed_unit(tmp_path)
    running = tmp_path / "run-systemd"
    running.mkdir()
    result = installer("--dry-run", "--mode", "desktop", "--user", "fp-nobody-here",
                       env={"FACEPACER_UNIT_DIR": str(units),
                            "FACEPACER_SYSTEMD_RUN": str(running)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "would run: systemctl disable facepacer.service" in out
    assert f"would run: rm -f {units}/facepacer.service" in out
    assert f"would run: rm -rf {units}/facepacer.service.d" in out
    assert "would run: systemctl start getty@tty1.service" in out
    assert "would write /home/fp-nobody-here/.config/autostart/facepacer.desktop" in out


def test_the_uninstall_removes_the_drop_ins_and_starts_the_login_prompt_at_once(tmp_path):
    units = installed_unit(tmp_path)
    running = tmp_path / "run-systemd"
    running.mkdir()
    result = installer("--dry-run", "--uninstall", "--user", "fp-nobody-here",
                       env={"FACEPACER_UNIT_DIR": str(units),
                            "FACEPACER_SYSTEMD_RUN": str(running)})  # fmt: skip
    out = result.stdout
    assert "would run: systemctl stop facepacer.service" in out
    assert f"would run: rm -rf {units}/facepacer.service.d" in out
    assert "would run: systemctl enable getty@tty1.service" in out
    assert "would run: systemctl start getty@tty1.service" in out
    assert (units / "facepacer.service.d").exists()  # a dry run


def test_without_a_running_systemd_the_runtime_steps_are_skipped_and_listed(tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    result = installer("--dry-run", "--mode", "lite", "--user", "fp-nobody-here",
                       env={"FACEPACER_UNIT_DIR": str(units),
                            "FACEPACER_SYSTEMD_RUN": str(tmp_path / "absent")})  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "skipped (systemd is not running here): systemctl daemon-reload" in out
    assert "would run: systemctl enable facepacer.service" in out  # links: no systemd needed
    assert "Skipped here (no running systemd or udevd" in out
    assert "udevadm control --reload" in out.split("Skipped here")[1]


def test_a_dry_run_without_sudo_previews_the_user_who_ran_it():
    if os.geteuid() != 0:
        me = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        result = installer("--dry-run", "--no-hardware", env={"SUDO_USER": ""})
    else:
        setpriv = shutil.which("setpriv")
        if setpriv is None or not os.access(INSTALLER, os.R_OK):
            pytest.skip("needs setpriv to run as nobody")
        me = "nobody"
        env = {k: v for k, v in os.environ.items() if k != "SUDO_USER"}
        result = subprocess.run(
            [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "bash",
             str(INSTALLER), "--dry-run", "--no-hardware"],
            capture_output=True, text=True, env=env, cwd="/",
        )  # fmt: skip
        if "Permission denied" in result.stderr:
            pytest.skip("the clone is not readable by nobody")
    assert result.returncode == 0, result.stderr
    assert f"for user {me} " in result.stdout
    assert "(user facepacer)" not in result.stdout
