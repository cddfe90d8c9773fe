"""The hardware section of README.md stays true: its config example loads without a warning and
its numbers are the code's."""

from __future__ import annotations

import re
from pathlib import Path

from facepacer.config import load_config
from facepacer.hardware import pad
from facepacer.hardware.mpr121 import ADDRESSES

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8").split("<!-- section: hardware -->", 1)[1]
    return text.split("<!-- section:", 1)[0]


def test_the_config_example_loads_without_warnings(tmp_path):
    (example,) = re.findall(r"```yaml\n(.*?)```", section(), re.S)
    path = tmp_path / "config.yaml"
    path.write_text(example, encoding="utf-8")
    config, warnings = load_config(path)
    assert warnings == []
    assert config.sensor.roles == {}  # the default: the comment shows how to give roles
    assert (config.sensor.touch_threshold, config.sensor.release_threshold) == (12, 6)


def test_the_timings_and_addresses_it_quotes_are_the_code_s():
    text = section()
    assert f"every {pad.IRQ_SAFETY} s anyway" in text
    assert f"at least every {pad.RETRY_MAX} s" in text
    assert "two minutes" in text and pad.STUCK_TOUCH == 120
    assert f"0x{ADDRESSES[0]:02x}-0x{ADDRESSES[-1]:02x}" in text
