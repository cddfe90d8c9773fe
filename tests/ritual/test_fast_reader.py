"""libyaml composes what the start reads (bench/bench_start.py); what it composes must be what
PyYAML's own composer gives, node for node and place for place, or be left to PyYAML."""

from pathlib import Path

import pytest
import yaml

from facepacer.ritual import yamlread

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "rituals").glob("*.yaml")) + [ROOT / "assets" / "zones.yaml"]
SNIPPETS = [
    "a: 'é'\nb: äöü x\n",
    'k: "\\u00e9 é"\n  # c\nz: [1, ü, {a: b}]\n',
    "a: |\n  é\n  x\nb: >-\n  y\n",
    "\ufeffa: 1\n",
    "a: 1\r\nb: 2\r\n",
    "a: !!str 1\nb: !foo x\n",
    "a: 0x1F\nb: 1_000\nc: .inf\nd: ~\ne: yes\nf: 1e3\ng: '1e3'\n",
    "a: '\U0001f600 x'\nb: 1\n",
    "? a\n: b\n",
    "%YAML 1.1\n---\na: 1\n",
]


def tree(node):
    """Everything the reader uses of a node: tag, value, style and where it starts."""
    where = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (*where, [tree(item) for item in node.value])
    return (*where, [(tree(key), tree(value)) for key, value in node.value])


def python_tree(text: str):
    return tree(yamlread._Composer(text).get_single_node())


@pytest.mark.skipif(not yamlread.LIBYAML, reason="PyYAML here is built without libyaml")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_libyaml_composes_each_shipped_file_as_pyyaml_does(path):
    text = path.read_text(encoding="utf-8-sig")
    assert tree(yamlread._fast(text)) == python_tree(text)


@pytest.mark.skipif(not yamlread.LIBYAML, reason="PyYAML here is built without libyaml")
@pytest.mark.parametrize("text", SNIPPETS)
def test_libyaml_composes_words_numbers_and_tags_as_pyyaml_does(text):
    assert tree(yamlread._fast(text)) == python_tree(text)


@pytest.mark.parametrize(
    "text",
    ["a:\tb\n", "a: {b: }\n", "a: [1, 2\n", "a: &x 1\nb: *x\n", "", "# nothing\n"],
    ids=["a tab", "an empty value", "a syntax error", "an alias", "empty", "a comment only"],
)
def test_what_libyaml_might_read_otherwise_is_left_to_pyyaml(text):
    assert yamlread._fast(text) is None


def test_a_tab_pyyaml_refuses_is_still_reported_with_its_place():
    root, problems = yamlread.parse("title:\tx\n")
    assert root is None
    assert [(p.line, p.col) for p in problems] == [(1, 7)]
