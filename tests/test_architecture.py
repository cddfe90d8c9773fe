"""docs/ARCHITECTURE.md and the code keep each other honest: every section the code cites exists,
and the code keeps the shape the document promises (functions of one job)."""

import ast
import re
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


LAYER_ROW = re.compile(r"^\| `(\w+)/` \| [^|]* \| ([^|]*) \|$", re.MULTILINE)


def allowed_imports(text: str) -> dict:
    """Package -> the facepacer modules §1's table lets it import (None: everything)."""
    table = {}
    for package, may in LAYER_ROW.findall(text):
        modules = re.findall(r"`([a-z][\w.]*)`", may)  # `Stats` and the like name no module
        table[package] = None if may.strip() == "everything" else modules
    return table


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


def test_each_layer_imports_only_what_the_architecture_allows():
    table = allowed_imports(DOC.read_text())
    assert set(table) == {"ritual", "engine", "hardware", "store", "ui", "speech", "link", "app",
                          "cli"}  # fmt: skip
    wrong = []
    for package, allowed in table.items():
        if allowed is None:
            continue
        for path in sorted((PACKAGE / package).rglob("*.py")):
            for line, module in imports_of(path):
                if module.split(".")[0] == package:
                    continue
                if not any(module == a or module.startswith(a + ".") for a in allowed):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports facepacer.{module}")
    assert not wrong, "imports that §1 of docs/ARCHITECTURE.md does not allow:\n" + "\n".join(wrong)
