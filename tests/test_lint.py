"""The linter runs with the tests, so CI fails on what ruff flags."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_to_flag():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run(
        [ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_line_of_the_package_silences_the_type_checker():
    # mypy runs in CI over firmware/facepacer; a "type: ignore" would let a wrong type through
    # unseen, so a type the checker cannot follow is declared instead (as Catalogue does).
    silenced = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "firmware" / "facepacer").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line
    ]
    assert silenced == []
