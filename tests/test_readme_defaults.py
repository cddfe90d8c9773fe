"""The README's settings blocks show the real defaults: loaded as a config file, each gives
exactly what no config file gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facepacer.config import Config, load_config

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def block_of(section: str) -> str:
    text = README.split(f"<!-- section: {section} -->", 1)[1].split("<!-- section:", 1)[0]
    blocks = [b for b in re.findall(r"^```yaml\n(.*?)^```", text, re.M | re.S)]
    # The section's first settings block gives the defaults; any later one is an example.
    return [b for b in blocks if "format: 1" not in b][0]


@pytest.mark.parametrize("section", ["sim", "hardware"])
def test_a_settings_block_is_the_defaults(tmp_path, section):
    path = tmp_path / "config.yaml"
    path.write_text(block_of(section), encoding="utf-8")
    config, warnings = load_config(path)
    assert warnings == []
    assert config == Config()


def test_the_blocks_name_every_setting_of_the_sensor_a_user_changes():
    hardware = block_of("hardware")
    for key in ("bus", "address", "irq_pin", "pad", "roles", "touch_threshold", "pin", "volume"):
        assert f"  {key}:" in hardware, key
