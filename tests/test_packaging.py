"""The package installs with its rituals and assets, and imports without hardware libraries."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_importing_facepacer_loads_no_display_or_hardware_library():
    code = (
        "import sys, facepacer, facepacer.engine, facepacer.ritual, facepacer.cli;"
        "print(sorted(m for m in ('pygame', 'gpiozero', 'smbus2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_shipped_rituals_are_found_through_importlib_resources():
    from facepacer.paths import shipped_rituals

    names = {p.name for p in shipped_rituals().iterdir()}
    assert {"symmetry-sculpt.yaml", "lymphatic-drain.yaml", "quick-calm.yaml"} <= names


@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("setuptools", "wheel")),
    reason="building a wheel needs setuptools and wheel (the test extra installs both)",
)
def test_the_wheel_carries_the_rituals_and_assets(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("facepacer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"facepacer/rituals/{p.name}" for p in (ROOT / "rituals").glob("*.yaml")}
    assert shipped and shipped <= names
    assets = {
        "facepacer/assets/" + str(p.relative_to(ROOT / "assets"))
        for p in (ROOT / "assets").rglob("*.*")
        if "__pycache__" not in p.parts
    }
    assert assets <= names, sorted(assets - names)
    assert "facepacer/engine/run.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "facepacer = facepacer.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_python_dash_m_facepacer_is_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "facepacer", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("facepacer ")
