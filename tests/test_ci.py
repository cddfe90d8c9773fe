"""CI is recognised the way CI services announce themselves, and then nothing is left to luck."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from .ci import in_ci


@pytest.mark.parametrize("value", ["true", "1", "yes", "True", "on-a-runner"])
def test_ci_set_to_anything_but_a_no_is_ci(value):
    assert in_ci({"CI": value})


@pytest.mark.parametrize("environ", [{}, {"CI": ""}, {"CI": "0"}, {"CI": "false"}, {"CI": "no"}])
def test_ci_unset_empty_or_a_no_is_not_ci(environ):
    assert not in_ci(environ)


def test_the_hypothesis_profile_follows_ci():
    chosen = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev")
    assert settings.default.derandomize is (chosen == "ci")
    assert settings.default.deadline is None
