"""The built device judges the week by the goal in its settings file (README: ``weekly_goal``,
1-7, default 5), as ``facepacer history`` does."""

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
