"""What a long run keeps: the simulator's records of its own traffic are bounded, so a day of
rituals does not grow the process (bench/bench_memory.py measures the whole), and pygame comes
without setuptools' pkg_resources (some 10 MB and 0.1 s of every start)."""

from __future__ import annotations

import os
import subprocess
import sys

from facepacer.config import Config
from facepacer.hardware.buzzer import RecordingBuzzer
from facepacer.hardware.emulated import EmulatedMPR121
from facepacer.hardware.parts import build_sim


def test_the_emulated_chip_keeps_only_its_latest_transfers():
    chip = EmulatedMPR121(0x5A)
    for _ in range(20_000):
        chip.read_byte_data(0x5A, 0x5C)
    chip.read_byte_data(0x5A, 0x5D)
    assert 4096 <= len(chip.wire) <= 8192
    assert chip.wire[-1] == ("read", 0x5D, 1)
    assert chip.wire[-2] == ("read", 0x5C, 1)


def test_the_simulated_buzzer_pin_keeps_only_its_latest_states():
    hardware = build_sim(Config())
    pin = hardware.pin_factory.pin(18)
    for k in range(500):
        hardware.buzzer.play("zone", k * 1.0)
        hardware.buzzer.update(k * 1.0 + 0.9)
    assert 2 <= len(pin.states) <= 64
    assert pin.states[-1].state == 0
    hardware.close()


def test_the_view_imports_pygame_without_pkg_resources_and_leaves_it_importable():
    code = (
        "import sys, facepacer.ui.widgets\n"
        "loaded = 'pkg_resources' in sys.modules\n"
        "import importlib.util\n"
        "print(loaded, importlib.util.find_spec('pkg_resources') is not None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, SDL_VIDEODRIVER="dummy"), timeout=60,
                          check=True)  # fmt: skip
    loaded, findable = done.stdout.split()[-2:]
    assert loaded == "False"
    assert findable == "True"  # setuptools is in the test extra: gpiozero 1.6 still finds it


def test_the_buzzer_keeps_only_its_latest_records_of_what_it_played_and_dropped():
    buzzer = RecordingBuzzer()
    for k in range(3000):
        buzzer.play("zone", k * 1.0)
        buzzer.play("stroke", k * 1.0 + 0.01)  # dropped: the zone pattern sounds
        buzzer.update(k * 1.0 + 0.9)
    assert 256 <= len(buzzer.played) <= 512
    assert 256 <= len(buzzer.dropped) <= 512
    assert 256 <= len(buzzer.tones) <= 512
    assert buzzer.played[-1] == (2999.0, "zone")
    assert buzzer.dropped[-1] == (2999.01, "stroke")


def test_the_view_imports_pygame_without_a_word_on_standard_output():
    env = {k: v for k, v in os.environ.items() if k != "PYGAME_HIDE_SUPPORT_PROMPT"}
    done = subprocess.run([sys.executable, "-c", "import facepacer.ui.widgets"],
                          capture_output=True, text=True, env=dict(env, SDL_VIDEODRIVER="dummy"),
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout == ""  # `run --json` prints its summary there, and nothing else
