"""The mutation check's list stays plantable: each mutant's text is still in the code, once.

Running the mutants takes minutes (``python tests/mutants.py``, see README's Testing); this
only checks that the list has not rotted as the code moved on.
"""

from __future__ import annotations

import pytest

from .mutants import MUTANTS, Mutant, problem


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_the_mutant_still_applies_to_the_current_code(mutant: Mutant):
    assert problem(mutant) == "", f"the mutant {mutant.name!r} no longer applies: {problem(mutant)}"
    assert mutant.new != mutant.old and mutant.tests


def test_mutants_have_distinct_names_and_changes():
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)
    assert len({(m.path, m.old) for m in MUTANTS}) == len(MUTANTS)


def test_a_mutant_whose_text_is_gone_is_reported(tmp_path):
    (tmp_path / "f.py").write_text("x = 1\nx = 1\n")
    (tmp_path / "test_f.py").write_text("")
    gone = Mutant("gone", "f.py", "y = 2", "y = 3", ("test_f.py",))
    twice = gone._replace(old="x = 1")
    assert problem(gone, tmp_path) == "its text is found 0 times in f.py, not once"
    assert problem(twice, tmp_path) == "its text is found 2 times in f.py, not once"
    assert problem(gone._replace(path="g.py"), tmp_path) == "g.py does not exist"
    assert problem(twice._replace(old="x = 1\nx"), tmp_path) == ""
    assert problem(twice._replace(old="x = 1\nx", tests=("t.py",)), tmp_path) == (
        "its test t.py does not exist"
    )
