"""The built device's week: judged by the goal in its settings file (README: ``weekly_goal``,
1-7, default 5), as ``facepacer history`` does, and its days moving on soon after midnight (the
date is looked at once a minute)."""

from __future__ import annotations

from .test_calibration_saved import built, home  # noqa: F401 (a fixture)


def test_the_device_judges_the_week_by_the_goal_in_its_settings(home):  # noqa: F811
    (home / "c.yaml").write_text("weekly_goal: 3\n")
    app = built(home, "1 quit\n")
    try:
        app.run()
    finally:
        app.close()
    assert app.wiring.device.stats.weekly_goal == 3


def test_the_days_move_on_within_a_minute_of_midnight(home):  # noqa: F811
    from datetime import date

    from facepacer.app.build import build
    from facepacer.cli import build_parser

    (home / "script.txt").write_text("90 quit\n")
    argv = ["run", "--sim", "--headless", "--virtual-clock", "--wall", "2026-05-03T23:59",
            "--config", str(home / "c.yaml"), "--script", str(home / "script.txt"),
            "--db", str(home / "log.db")]  # fmt: skip
    app, _ = build(build_parser().parse_args(argv))
    try:
        app.run()
    finally:
        app.close()
    assert app.wiring.device.stats.days[-1].day == date(2026, 5, 4)
