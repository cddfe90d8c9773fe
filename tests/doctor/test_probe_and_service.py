"""``facepacer probe`` does not fight the running service for the sensor and the buzzer."""

from __future__ import annotations

import argparse

from facepacer.cli import probe


def args(**changes) -> argparse.Namespace:
    base = dict(sim=False, bus=None, address=None, config=None, once=True, seconds=None,
                no_sound=True, calibrate=False, yes=False)  # fmt: skip
    return argparse.Namespace(**{**base, **changes})


def running_service(tmp_path, monkeypatch):
    marker = tmp_path / "invocation:facepacer.service"
    marker.symlink_to("0123456789abcdef")
    monkeypatch.setattr(probe, "SERVICE_RUNNING", marker)


def test_probe_refuses_while_the_service_holds_the_sensor_and_says_how_to_stop_it(
    tmp_path, monkeypatch, capsys
):
    running_service(tmp_path, monkeypatch)
    monkeypatch.setattr(probe, "probe", lambda *a, **k: 0)
    assert probe.run(args()) == 1
    err = capsys.readouterr().err
    assert err.startswith("facepacer probe: error: facepacer.service is running")
    assert "sudo systemctl stop facepacer" in err and "sudo systemctl start facepacer" in err


def test_probe_runs_when_the_service_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(probe, "SERVICE_RUNNING", tmp_path / "absent")
    monkeypatch.setattr(probe, "probe", lambda *a, **k: 0)
    assert probe.run(args()) == 0


def test_the_simulated_probe_needs_no_stopped_service(tmp_path, monkeypatch):
    running_service(tmp_path, monkeypatch)
    monkeypatch.setattr(probe, "probe", lambda *a, **k: 0)
    assert probe.run(args(sim=True)) == 0
