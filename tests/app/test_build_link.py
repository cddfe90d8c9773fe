"""How the composition root opens the MQTT link: the settings' rituals and goal, the pad's wake
event, and a wait for the broker at start on a virtual clock only (README: a --virtual-clock run
waits up to 5 seconds for the broker at start; the device never does)."""

from __future__ import annotations

import pytest

from facepacer.app.build import build
from facepacer.cli import build_parser
from facepacer.link import mqtt


class Link:
    """Stands in for the started link: it only notes whether it was closed."""

    closed = False

    def commands(self):
        return []

    def observe(self, state, log_changed):
        pass

    def answered(self, command, refused):
        pass

    def close(self):
        self.closed = True


@pytest.fixture
def opened(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "c.yaml").write_text("mqtt:\n  host: 127.0.0.1\n")
    calls = []

    def open_link(config, **kw):
        calls.append(kw)
        return Link(), []

    monkeypatch.setattr(mqtt, "open_link", open_link)

    def run(*extra):
        argv = ["run", "--sim", "--headless", "--config", str(tmp_path / "c.yaml"),
                "--db", str(tmp_path / "log.db"), *extra]  # fmt: skip
        app, _ = build(build_parser().parse_args(argv))
        try:
            return app, calls[-1]
        finally:
            app.close()

    return run


def test_a_virtual_clock_run_waits_up_to_5_s_for_the_broker(opened):
    _, kw = opened("--virtual-clock", "--wall", "2026-05-04T21:00")
    assert kw["wait"] == 5.0
    assert kw["today"]().isoformat() == "2026-05-04"  # the run's wall clock, not the machine's


def test_the_device_itself_never_waits_for_the_broker_and_wakes_on_a_command(opened):
    app, kw = opened()
    assert kw["wait"] == 0.0
    assert kw["wake"] is app.wiring.pad.irq_event
    assert "symmetry-sculpt" in [r.id for r in kw["rituals"]]


def test_the_link_is_the_first_part_closed_so_it_says_offline_before_the_rest_goes(opened):
    app, _ = opened()
    assert app.wiring.link.closed
    assert app.wiring.closers[0] == app.wiring.link.close
