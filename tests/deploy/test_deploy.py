"""The Pi's installer, service unit, autostart entry and settings template, checked with the real
tools (shellcheck, systemd-analyze, desktop-file-validate). The full install runs in CI
(.ci/install-test): it needs root and apt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from facepacer.config import Config, load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALLER = DEPLOY / "install-pi.sh"
UNIT = DEPLOY / "facepacer.service"
STEPS = ["I2C", "system packages", "user", "virtual environment", "command",
         "settings and session log folders", "backlight udev rule", "start at boot",
         "facepacer doctor"]  # fmt: skip


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it, so CI runs this test)")
    return path


def installer(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(INSTALLER), *args], capture_output=True, text=True,
                          **kwargs)  # fmt: skip


def test_the_installer_passes_shellcheck():
    result = subprocess.run([tool("shellcheck"), str(INSTALLER)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_dry_run_prints_every_step_changes_nothing_and_exits_0(tmp_path):
    prefix, bin_dir = tmp_path / "prefix", tmp_path / "bin"
    result = installer("--dry-run", "--user", "fp-nobody-here", "--prefix", str(prefix),
                       "--bin-dir", str(bin_dir))  # fmt: skip
    assert result.returncode == 0, result.stderr
    headers = re.findall(r"^==> (.*)$", result.stdout, re.M)
    assert len(headers) == len(STEPS)
    for header, step in zip(headers, STEPS):
        assert header.startswith(step)
    out = result.stdout
    assert "would run: useradd --create-home --user-group" in out
    assert f"would run: /usr/bin/python3 -m venv --system-site-packages {prefix}/venv" in out
    assert "pip --no-index, no PyPI" in out
    assert f"would run: ln -sfn {prefix}/venv/bin/facepacer {bin_dir}/facepacer" in out
    assert "would write /home/fp-nobody-here/.config/facepacer/config.yaml" in out
    assert "would write /etc/udev/rules.d/99-facepacer-backlight.rules" in out
    assert "would write /etc/systemd/system/facepacer.service" in out
    assert "would run: systemctl enable facepacer.service" in out
    assert "Dry run: nothing was changed" in out and "facepacer probe" in out
    assert not prefix.exists() and not bin_dir.exists()


def test_a_dry_run_of_the_desktop_mode_writes_an_autostart_entry_instead():
    result = installer("--dry-run", "--mode", "desktop", "--user", "fp-nobody-here")
    assert result.returncode == 0, result.stderr
    assert "would write /home/fp-nobody-here/.config/autostart/facepacer.desktop" in result.stdout
    assert "facepacer.service" not in result.stdout.split("==> start at boot")[1].split("==>")[0]


def test_a_dry_run_of_the_uninstall_keeps_the_log_unless_purged():
    kept = installer("--dry-run", "--uninstall", "--user", "fp-nobody-here")
    assert kept.returncode == 0 and "kept: the session log" in kept.stdout
    purged = installer("--dry-run", "--uninstall", "--purge", "--user", "fp-nobody-here")
    assert purged.returncode == 0 and "kept: the session log" not in purged.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--mode", "kiosk"], "--mode must be lite or desktop, not 'kiosk'"),
        (["--purge"], "--purge goes with --uninstall"),
        (["--user", "root"], "the device runs unprivileged"),
        (["--user", "Bad Name"], "not a user name"),
        (["--prefix", "relative"], "--prefix must be an absolute path"),
        (["--bogus"], "unknown option '--bogus'"),
    ],
)
def test_bad_options_are_refused_with_exit_2(args, message):
    result = installer("--dry-run", *args)
    assert result.returncode == 2 and message in result.stderr


def test_the_installer_needs_root_unless_it_is_a_dry_run():
    if os.geteuid() == 0:
        # As nobody; the script comes on stdin, so the clone's folders need not be open to it.
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-s", "--",
             "--user", "fp-nobody-here"],
            input=INSTALLER.read_text(), capture_output=True, text=True, cwd="/",
        )  # fmt: skip
    else:
        result = installer("--user", "fp-nobody-here")
    assert result.returncode == 2 and "run it as root" in result.stderr


def test_the_shipped_unit_is_what_the_installer_writes_for_pi_in_opt():
    result = installer("--print-unit", "--user", "pi", "--prefix", "/opt/facepacer")
    if "/home/pi/" not in result.stdout:
        pytest.skip("this machine has a user pi with another home")
    assert result.stdout == UNIT.read_text()


def test_the_installed_unit_passes_systemd_analyze_verify(tmp_path):
    # The unit's command must exist: the prefix's venv gets this test run's own facepacer.
    facepacer = Path(sys.executable).with_name("facepacer")
    assert facepacer.exists()
    (tmp_path / "prefix" / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "prefix" / "venv" / "bin" / "facepacer").symlink_to(facepacer)
    result = installer("--print-unit", "--user", "mirror", "--prefix", str(tmp_path / "prefix"))
    unit = tmp_path / "facepacer.service"
    unit.write_text(result.stdout)
    assert "User=mirror\n" in result.stdout and f"{tmp_path}/prefix/venv" in result.stdout
    check = subprocess.run([tool("systemd-analyze"), "verify", str(unit)], capture_output=True,
                           text=True)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def directives(text: str):
    return [line.strip() for line in text.splitlines() if line and not line.startswith("#")]


def test_the_unit_owns_tty1_through_kmsdrm_as_an_unprivileged_hardened_user():
    lines = directives(UNIT.read_text())
    for wanted in (
        "Environment=SDL_VIDEODRIVER=kmsdrm", "TTYPath=/dev/tty1",
        "Conflicts=getty@tty1.service", "User=pi", "WorkingDirectory=/var/lib/facepacer",
        "Restart=on-failure", "RestartSec=5", "StartLimitIntervalSec=0", "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ProtectHome=read-only", "PrivateTmp=yes", "DevicePolicy=closed",
        "DeviceAllow=char-i2c rw", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-drm rw",
        "DeviceAllow=char-input r", "DeviceAllow=/dev/tty1 rw", "DeviceAllow=char-alsa rw",
        "StandardError=journal", "WantedBy=multi-user.target",
        "ReadWritePaths=-/home/pi/.local/share/facepacer -/home/pi/.config/facepacer",
        "EnvironmentFile=-/etc/default/locale",  # the screens' language when config names none
    ):  # fmt: skip
        assert wanted in lines, wanted


def test_the_autostart_entry_passes_desktop_file_validate():
    entry = DEPLOY / "facepacer.desktop"
    result = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    assert "Exec=/opt/facepacer/venv/bin/facepacer run" in entry.read_text()


def test_the_settings_template_is_all_defaults_commented_out(tmp_path):
    template = (DEPLOY / "config.yaml").read_text()
    assert load_config(DEPLOY / "config.yaml") == (Config(), [])
    # Uncommented, each setting line is valid and gives the default, except the example backlight
    # (a setting with no default to write).
    settings = [re.sub(r"^# ?", "", line) for line in template.splitlines()
                if re.match(r"^#( |   )[a-z_]+:", line)]  # fmt: skip
    uncommented = tmp_path / "config.yaml"
    uncommented.write_text("\n".join(settings) + "\n")
    config, warnings = load_config(uncommented)
    assert warnings == []
    assert config.backlight == "rpi_backlight"
    assert replace(config, backlight=None) == Config()
    for key in (
        "irq_pin: 4",
        "touch_threshold: 12",
        "release_threshold: 6",
        'night_start: "22:00"',
    ):
        assert f"\n#   {key} " in template, key


def test_the_udev_rule_gives_the_video_group_the_backlight_files():
    rule = (DEPLOY / "99-facepacer-backlight.rules").read_text()
    assert 'SUBSYSTEM=="backlight"' in rule
    assert "chgrp video /sys%p/brightness /sys%p/bl_power" in rule
    assert "chmod g+w /sys%p/brightness /sys%p/bl_power" in rule
