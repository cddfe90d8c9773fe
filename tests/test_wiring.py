"""docs/wiring.svg is what docs/make_wiring.py draws from the default pins in config.py."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from facepacer.config import BuzzerConfig, Config, SensorConfig

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


def load_script():
    spec = importlib.util.spec_from_file_location("make_wiring", ROOT / "docs" / "make_wiring.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wiring = load_script()


def wires(svg_text: str):
    root = ET.fromstring(svg_text)
    return {(p.get("data-part"), p.get("data-terminal")): p.get("data-pin")
            for p in root.iter(f"{SVG}polyline")}  # fmt: skip


def test_the_picture_in_docs_is_the_one_the_defaults_draw():
    drawn = wiring.render(Config())
    assert (ROOT / "docs" / "wiring.svg").read_text(encoding="utf-8") == drawn, (
        "docs/wiring.svg is out of date: run `python docs/make_wiring.py`"
    )


def test_the_wires_go_to_the_default_pins():
    found = wires((ROOT / "docs" / "wiring.svg").read_text(encoding="utf-8"))
    defaults = Config()
    assert found[("mpr121", "IRQ")] == str(wiring.physical(defaults.sensor.irq_pin)) == "7"
    assert found[("piezo", "+")] == str(wiring.physical(defaults.buzzer.pin)) == "12"
    assert found[("piezo", "-")] == "14"  # a ground beside it
    assert (found[("mpr121", "SDA")], found[("mpr121", "SCL")]) == ("3", "5")
    assert found[("mpr121", "VIN")] == "1" and found[("mpr121", "GND")] == "9"
    assert ("pad", str(defaults.sensor.pad)) in found


def test_moving_a_pin_in_the_defaults_would_change_the_picture():
    moved = Config(sensor=SensorConfig(irq_pin=17, pad=3), buzzer=BuzzerConfig(pin=13))
    drawn = wiring.render(moved)
    found = wires(drawn)
    assert found[("mpr121", "IRQ")] == "11" and found[("piezo", "+")] == "33"
    assert ("pad", "3") in found and "GPIO17 (pin 11)" in drawn
    assert drawn != wiring.render(Config())


def test_without_an_irq_wire_none_is_drawn():
    drawn = wiring.render(replace(Config(), sensor=SensorConfig(irq_pin=None)))
    assert ("mpr121", "IRQ") not in wires(drawn) and "IRQ: none" in drawn


def test_every_header_pin_is_labelled_once():
    root = ET.fromstring(wiring.render(Config()))
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith(")")]
    for pin in range(1, 41):
        assert sum(text.endswith(f"({pin})") for text in texts) == 1, pin
