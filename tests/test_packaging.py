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
    catalogues = {
        "facepacer/" + str(p.relative_to(ROOT / "firmware/facepacer"))
        for p in (ROOT / "firmware/facepacer/locale").rglob("*.[mp]o")
    }
    assert "facepacer/locale/de/LC_MESSAGES/facepacer.mo" in catalogues
    assert catalogues <= names, sorted(catalogues - names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA")))
    assert pi_requirements(metadata.decode(), "3.11") == ["gpiozero>=2.0", "lgpio>=0.2.2.0"]
    # PyPI has no lgpio wheel for 3.13 and its source build fails: the system provides it there.
    assert pi_requirements(metadata.decode(), "3.13") == ["gpiozero>=2.0"]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "facepacer = facepacer.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def pi_requirements(metadata: str, python: str):
    """The requirements of the ``pi`` extra that apply on Python ``python``."""
    from packaging.requirements import Requirement

    wanted = []
    for line in metadata.splitlines():
        if line.startswith("Requires-Dist: "):
            requirement = Requirement(line[len("Requires-Dist: ") :])
            env = {"python_version": python, "extra": "pi"}
            marker = requirement.marker
            if marker and "extra" in str(marker) and marker.evaluate(env):
                wanted.append(f"{requirement.name}{requirement.specifier}")
    return sorted(wanted)


def test_pyproject_declares_the_build_backend_so_an_old_pip_does_not_fall_back():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'build-backend = "setuptools.build_meta"' in text
    assert 'requires = ["setuptools>=64", "wheel"]' in text


def test_python_dash_m_facepacer_is_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "facepacer", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("facepacer ")
