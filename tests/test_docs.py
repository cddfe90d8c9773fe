"""README keeps up with the command line: every command and every option is documented."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from facepacer.cli import build_parser
from facepacer.config import load_config

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
# What README shows as code: fenced blocks and `inline spans`, where commands are documented.
CODE = "\n".join(FENCED.findall(README) + re.findall(r"`([^`\n]+)`", FENCED.sub("", README)))


def subcommands(parser: argparse.ArgumentParser, prefix=("facepacer",)):
    """Every (command words, parser) pair, nested subcommands included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = (*prefix, name)
                yield words, sub
                yield from subcommands(sub, words)


COMMANDS = list(subcommands(build_parser()))


def test_there_are_commands_to_check():
    names = {" ".join(words) for words, _ in COMMANDS}
    assert {"facepacer run", "facepacer sim", "facepacer history", "facepacer probe"} <= names


@pytest.mark.parametrize("words, parser", COMMANDS, ids=[" ".join(w) for w, _ in COMMANDS])
def test_every_command_and_option_is_in_the_readme(words, parser):
    command = " ".join(words)
    assert command in CODE, f"README never shows `{command}`"
    for action in parser._actions:
        for option in action.option_strings:
            if option in ("-h", "--help") or not option.startswith("--"):
                continue
            assert re.search(rf"{re.escape(option)}\b", CODE), (
                f"README does not mention {option} of {command}"
            )


def test_the_readme_names_the_test_command_that_ci_runs():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    last = [line for line in ci.splitlines() if "pytest" in line][-1].strip()
    assert last in README


def config_examples():
    blocks = re.findall(r"^```yaml\n(.*?)^```", README, re.M | re.S)
    return [block for block in blocks if "format: 1" not in block]


def test_every_settings_example_in_the_readme_loads_without_a_warning(tmp_path):
    examples = config_examples()
    assert len(examples) >= 2
    for number, example in enumerate(examples):
        path = tmp_path / f"example{number}.yaml"
        path.write_text(example)
        config, warnings = load_config(path)
        assert warnings == [], example
