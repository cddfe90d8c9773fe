"""docs/ARCHITECTURE.md and the code keep each other honest: every section the code cites exists,
and the code keeps the shape the document promises (functions of one job)."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGE = ROOT / "firmware" / "facepacer"
CITED_FROM = ("firmware", "tests", "bench")
CITATION = re.compile(r"ARCHITECTURE §(\d+)")
HEADING = re.compile(r"^## (\d+)\. \S", re.MULTILINE)
MAX_LINES = 60


def sections(text: str) -> set:
    return set(HEADING.findall(text))


def citations(root: Path):
    """(file:line, section number) for every "ARCHITECTURE §N" under ``root``'s code folders."""
    for folder in CITED_FROM:
        for path in sorted((root / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                for section in CITATION.findall(line):
                    yield f"{path.relative_to(root)}:{number}", section


def long_functions(package: Path, limit: int):
    """``(where, name, lines)`` of each function in ``package`` longer than ``limit`` lines."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                lines = node.end_lineno - start + 1
                if lines > limit:
                    where = path.relative_to(package).as_posix()
                    yield f"{where}:{node.lineno}", f"{where}:{node.name}", lines


def test_the_architecture_document_numbers_its_sections():
    numbers = [int(n) for n in HEADING.findall(DOC.read_text())]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert len(numbers) >= 10


def test_every_section_the_code_cites_exists():
    known = sections(DOC.read_text())
    cited = list(citations(ROOT))
    missing = [f"{where}: ARCHITECTURE §{n}" for where, n in cited if n not in known]
    assert cited, "no citation found: the pattern no longer matches how the code cites"
    assert not missing, "cited sections missing from docs/ARCHITECTURE.md:\n" + "\n".join(missing)


def test_a_citation_of_a_missing_section_is_caught(tmp_path):
    (tmp_path / "firmware").mkdir()
    cite = "ARCHITECTURE " + "§"  # split, so this file cites nothing itself
    (tmp_path / "firmware" / "a.py").write_text(f'"""See {cite}4 and {cite}99."""\n')
    cited = list(citations(tmp_path))
    assert cited == [("firmware/a.py:1", "4"), ("firmware/a.py:1", "99")]
    assert {n for _, n in cited} - sections("## 4. Gestures\n") == {"99"}


def test_no_function_is_longer_than_sixty_lines():
    found = list(long_functions(PACKAGE, MAX_LINES))
    offenders = [f"{where} {name.split(':')[1]} ({lines} lines)" for where, name, lines in found]
    assert not offenders, f"functions over {MAX_LINES} lines:\n" + "\n".join(offenders)


def test_the_length_check_names_the_file_and_line_of_a_long_function(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    (tmp_path / "m.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}")
    assert list(long_functions(tmp_path, MAX_LINES)) == [("m.py:5", "m.py:long", 61)]


LAYER_ROW = re.compile(r"^\| ((?:`[\w.]+/?`(?:, )?)+) \| [^|]* \| ([^|]*) \|$", re.MULTILINE)


def layers(text: str) -> list:
    """The rows of §1's table in ``text``, bottom-up: ``(units, allowed)``, a unit being ``ui/``
    or ``config.py`` and ``allowed`` the facepacer modules the row may import (None: everything
    below)."""
    rows = []
    section = text.split("\n## 1. ", 1)[-1].split("\n## 2. ", 1)[0]
    for units, may in LAYER_ROW.findall(section):
        names = tuple(re.findall(r"`([\w.]+/?)`", units))
        modules = re.findall(r"`([a-z_][\w.]*)`", may)  # `Stats` and the like name no module
        rows.append((names, None if may.strip() == "everything below" else modules))
    return rows


def unit_of(module: str, package: Path = PACKAGE) -> str:
    """The table's unit that holds ``module`` (``ui.view`` -> ``ui/``, ``config`` ->
    ``config.py``); a name the package itself defines (``__version__``) is ``__init__.py``."""
    first = module.split(".")[0]
    if (package / first).is_dir():
        return f"{first}/"
    if (package / f"{first}.py").is_file():
        return f"{first}.py"
    return "__init__.py"


def units_of(package: Path) -> set:
    """Every package and top-level module of ``package``, as the table names them."""
    found = {f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    return found | {p.name for p in package.glob("*.py")}


def imports_of(path: Path):
    """(line, module) for each facepacer module ``path`` imports, ``facepacer.`` left off."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "facepacer":
            names = [f"facepacer.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name.startswith("facepacer."):
                yield node.lineno, name[len("facepacer.") :]


def upward(rows: list, package: Path = PACKAGE) -> list:
    """Each module a row may import that is not in a row above it: an import from a lower layer
    to a higher one (or sideways, within a row) that the table itself would allow."""
    wrong, below = [], set()
    for units, allowed in rows:
        for module in allowed or ():
            unit = unit_of(module, package)
            if unit not in below and unit not in units:
                wrong.append(f"{', '.join(units)} may import {module}, which is not below it")
        below |= set(units)
    return wrong


def files_of(unit: str, package: Path = PACKAGE) -> list:
    return sorted((package / unit).rglob("*.py")) if unit.endswith("/") else [package / unit]


def test_the_layer_table_names_every_package_and_module_once():
    named = [unit for units, _ in layers(DOC.read_text()) for unit in units]
    assert sorted(named) == sorted(set(named)), "a unit named twice in §1's table"
    assert set(named) == units_of(PACKAGE), (
        f"§1's table leaves out {sorted(units_of(PACKAGE) - set(named))} and names "
        f"{sorted(set(named) - units_of(PACKAGE))}, which do not exist"
    )


def test_no_layer_may_import_one_above_it():
    assert not upward(layers(DOC.read_text())), "\n".join(upward(layers(DOC.read_text())))


def test_a_row_that_lets_a_lower_layer_import_a_higher_one_is_caught():
    rows = [(("limits.py",), []), (("config.py",), ["limits", "ui.theme"]), (("ui/",), None)]
    assert upward(rows) == ["config.py may import ui.theme, which is not below it"]


def test_each_layer_imports_only_what_the_architecture_allows():
    rows = layers(DOC.read_text())
    wrong, below = [], set()
    for units, allowed in rows:
        for unit in units:
            for path in files_of(unit):
                for line, module in imports_of(path):
                    target = unit_of(module)
                    if target == unit:
                        continue
                    if allowed is None:
                        ok = target in below
                    else:
                        ok = any(module == a or module.startswith(a + ".") for a in allowed)
                    if not ok:
                        wrong.append(
                            f"{path.relative_to(PACKAGE)}:{line} imports facepacer.{module}"
                        )
        below |= set(units)
    assert not wrong, "imports that §1 of docs/ARCHITECTURE.md does not allow:\n" + "\n".join(wrong)


def test_importing_the_engine_loads_no_yaml_babel_or_pygame():
    heavy = ("yaml", "babel", "pygame")
    code = (
        "import sys, facepacer.engine, facepacer.engine.simulate\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=True)  # fmt: skip
    assert done.stdout.split() == [], f"importing facepacer.engine loaded {done.stdout.split()}"
