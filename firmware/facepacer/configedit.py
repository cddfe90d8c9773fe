"""Changing a few settings in ``config.yaml`` the way a person would: edit those values, keep every
comment, blank line, other setting, line ending and byte order mark as it was, and replace the
file in one step.

Where a value sits is asked of YAML's own parser, not of a pattern, so whatever YAML accepts as a
value (a tab before it, a ``#`` inside it, quotes, a block scalar) is replaced whole. What this
cannot edit it says, with the reason: an alias, a flow mapping, a file that is not YAML, a
read-only file. A link is followed: the file it points to is the one edited.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Optional, Union

import yaml

from facepacer import userfiles
from facepacer.errors import FacepacerError

MAX_BYTES = 256 * 1024  # as for any YAML file the device reads

log = logging.getLogger(__name__)

BOM = "\ufeff"
_PROPERTIES = re.compile(r"(?:[&!][^ \t\n]*[ \t]+)*")  # "&anchor !!int " before a value
Value = Union[bool, int, float, str]


class ConfigEditError(FacepacerError):
    """The file could not be changed; the message names it and says why."""


@dataclass(frozen=True)
class _Form:
    """How the file was written, to write it back the same way."""

    bom: bool
    crlf: bool

    def encode(self, text: str) -> str:
        text = text.replace("\n", "\r\n") if self.crlf else text
        return BOM + text if self.bom else text


def set_settings(path: Union[str, os.PathLike], section: str, values: Mapping[str, Value]) -> None:
    """Set ``values`` in ``section`` (a block mapping at the top level, created if missing) of
    the YAML file at ``path`` (created if missing), then check the result reads back."""
    path = Path(os.path.realpath(path))  # a link: edit the file it points to, keep the link
    refused = userfiles.writable_target(path, "the settings file")
    if refused is not None:  # a FIFO or a device would hang the read, and be replaced
        raise ConfigEditError(f"cannot edit {refused}")
    _writable(path)
    try:
        data = (userfiles.read_bytes(path, limit=MAX_BYTES, what="the settings file")
                if path.exists() else b"")  # fmt: skip
        raw = data.decode("utf-8")
    except userfiles.UserFileError as exc:
        raise ConfigEditError(f"cannot read {path}: {exc.reason}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigEditError(f"cannot read {path}: {exc}") from exc
    form = _Form(bom=raw.startswith(BOM), crlf="\r\n" in raw)
    text = raw[1:] if form.bom else raw
    text = text.replace("\r\n", "\n")
    for key, value in values.items():
        text = _set(text, section, key, value, path)
    _write(path, form.encode(text), section, values)


def threshold_saver(path: Union[str, os.PathLike, None]) -> Callable[[int, int], Optional[str]]:
    """Saves touch and release thresholds into ``path`` (default: config.yaml in the config
    directory); returns what went wrong, or None. It never raises: the calibration screen shows
    what it returns. Leftovers of an edit cut short are removed when the saver is made."""
    from facepacer.config import config_path

    remove_leftovers(path or config_path())

    def save(touch: int, release: int) -> Optional[str]:
        values = {"touch_threshold": touch, "release_threshold": release}
        try:
            set_settings(path or config_path(), "sensor", values)
        except ConfigEditError as exc:
            problem = f"thresholds not saved: {exc}"
        except Exception as exc:  # a bug here must cost the save, not the device
            problem = f"thresholds not saved: {type(exc).__name__}: {exc}"
            log.debug("saving the thresholds failed", exc_info=True)
        else:
            return None
        log.warning(problem)  # on the terminal and in the journal; the screen shows it too
        return problem

    return save


def leftover(path: Path) -> re.Pattern:
    """The names of temporary files an edit of ``path`` makes (see ``_write``)."""
    return re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}")


def remove_leftovers(path: Union[str, os.PathLike]) -> None:
    """Remove the temporary files of edits cut short (power lost between writing and renaming);
    what cannot be removed is logged, never raised."""
    real = Path(os.path.realpath(path))
    name = leftover(real)
    try:
        found = [p for p in real.parent.iterdir() if name.fullmatch(p.name)]
    except OSError:
        return  # no folder yet: nothing left over
    for stale in found:
        try:
            if stat.S_ISREG(stale.lstat().st_mode):
                stale.unlink()
                log.info("removed %s, left by an edit of %s that was cut short", stale, real)
        except OSError as exc:
            log.warning("cannot remove %s, left by an edit of %s: %s", stale, real, exc)


def _writable(path: Path) -> None:
    """Refuse a read-only file (even to root, who could replace it): someone made it so."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ConfigEditError(f"cannot read {path}: {exc}") from exc
    if not stat.S_ISREG(mode):
        raise ConfigEditError(f"{path} is not a regular file; settings are saved only into one")
    if mode & 0o222 == 0 or not os.access(path, os.W_OK):
        raise ConfigEditError(
            f"{path} is read-only, so it is left as it is; make it writable "
            f"(chmod u+w {path}) to have settings saved there, or write them in by hand"
        )


def _compose(text: str, path: Path) -> Optional[yaml.Node]:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ConfigEditError(
            f"{where}: the file is not valid YAML ({exc.problem or exc.context}); mend it "
            "(facepacer config validate) to have settings saved there"
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigEditError(f"{path}: the file is not valid YAML ({exc})") from exc
    except RecursionError:  # the device's own reader stops at 32 levels and uses the defaults
        raise ConfigEditError(
            f"{path}: the file is nested too deeply to be edited; mend it (facepacer config "
            "validate) to have settings saved there"
        ) from None


def _find(mapping: yaml.MappingNode, key: str):
    """The last (key node, value node) of ``key`` in ``mapping`` (YAML's last one wins)."""
    found = None
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = (k, v)
    return found


def _where(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _aliased(key: yaml.Node, value: yaml.Node) -> bool:
    # An alias (*name) resolves to the anchored node, which is written earlier than its key.
    return value.start_mark.index < key.end_mark.index


def _set(text: str, section: str, key: str, value: Value, path: Path) -> str:
    root = _compose(text, path)
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value == ""):
        return _append(text, f"{section}:\n  {key}: {_scalar(value)}\n")
    settings = _check_block(root, path, "the file", "the settings are one flow mapping ({...})")
    found = _find(settings, section)
    if found is None:
        return _append(text, f"{section}:\n  {key}: {_scalar(value)}\n")
    return _set_in(text, found, section, key, value, path)


def _check_block(node: yaml.Node, path: Path, what: str, flow: str) -> yaml.MappingNode:
    """``node``, refused unless it is a block mapping, the only form edited in place."""
    if not isinstance(node, yaml.MappingNode):
        raise ConfigEditError(f"{_where(path, node)}: {what} is not a mapping of settings")
    if node.flow_style:
        raise ConfigEditError(
            f"{_where(path, node)}: {flow}; write {what} as a block, one setting a line, to "
            "have it changed here"
        )
    return node


def _set_in(text: str, found, section: str, key: str, value: Value, path: Path) -> str:
    section_key, block = found
    if _aliased(section_key, block):
        raise ConfigEditError(
            f"{_where(path, section_key)}: '{section}' is an alias of settings written "
            "elsewhere (*...); write its settings out to have them changed here"
        )
    if isinstance(block, yaml.ScalarNode) and block.tag.endswith(":null"):
        # "sensor:", "sensor: ~", "sensor: null": the null written there gives way to settings
        head, tail = text[: block.start_mark.index], text[block.end_mark.index :]
        if not tail.split("\n", 1)[0].strip():
            head = head.rstrip(" \t")  # no space left at the end of "sensor:"
        text = head + tail
        return _after_line(text, section_key.end_mark, f"  {key}: {_scalar(value)}")
    _check_block(
        block, path, f"'{section}'", f"'{section}' is a flow mapping ({{...}} on one line)"
    )
    entry = _find(block, key)
    if entry is None:
        indent = " " * block.value[0][0].start_mark.column
        return _after_line(text, block.value[-1][1].end_mark, f"{indent}{key}: {_scalar(value)}")
    name, old = entry
    if _aliased(name, old):
        raise ConfigEditError(
            f"{_where(path, name)}: '{key}' in '{section}' is an alias (*...) of a value "
            "written elsewhere; write the value itself to have it changed here"
        )
    if not isinstance(old, yaml.ScalarNode):
        raise ConfigEditError(f"{_where(path, old)}: '{key}' in '{section}' is not one value")
    return _replace(text, name, old, _scalar(value))


def _replace(text: str, name: yaml.Node, old: yaml.ScalarNode, new: str) -> str:
    start, end = old.start_mark.index, old.end_mark.index
    if start == end:  # "key:" with nothing after it
        colon = text.index(":", name.end_mark.index)
        return f"{text[: colon + 1]} {new}{text[colon + 1 :]}"
    properties = _PROPERTIES.match(text, start, end)
    assert properties is not None  # the pattern matches an empty string too
    start += len(properties.group())  # keep its tag and anchor
    if old.style in ("|", ">"):  # a block scalar runs to its last line's end: keep that end
        return f"{text[:start]}{new}\n{text[end:]}"
    return f"{text[:start]}{new}{text[end:]}"


def _after_line(text: str, mark: yaml.Mark, line: str) -> str:
    """``text`` with ``line`` put after the line that holds ``mark`` (the end of a node)."""
    at = mark.index if mark.column == 0 else text.find("\n", mark.index)
    if at == -1:
        return f"{text}\n{line}\n"
    at += 0 if mark.column == 0 else 1
    return f"{text[:at]}{line}\n{text[at:]}"


def _append(text: str, block: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    if text.strip():
        text += "\n"
    return text + block


def _scalar(value: Value) -> str:
    """``value`` written as YAML reads it back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _write(path: Path, text: str, section: str, values: Mapping[str, Value]) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", suffix="",
            delete=False,
        ) as handle:  # fmt: skip
            temporary = handle.name
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ConfigEditError(f"cannot write {path}: {exc}") from exc
    try:
        _keep_owner_and_mode(path, temporary)
        _check_reads_back(path, temporary, section, values)
        os.replace(temporary, path)
    except OSError as exc:
        raise ConfigEditError(f"cannot write {path}: {exc}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _keep_owner_and_mode(path: Path, temporary: str) -> None:
    try:
        was = path.stat()
    except FileNotFoundError:
        return
    os.chmod(temporary, was.st_mode & 0o7777)
    # Root calibrating the pi user's file keeps it theirs; anyone else cannot give it away.
    with contextlib.suppress(OSError):
        os.chown(temporary, was.st_uid, was.st_gid)


def _check_reads_back(
    path: Path, temporary: str, section: str, values: Mapping[str, Value]
) -> None:
    from facepacer.config import load_config

    config, warnings = load_config(temporary)
    written = getattr(config, section)
    wrong = [k for k, v in values.items() if getattr(written, k) != v]
    if wrong:  # the reader's own warning says why (a duplicate key, an alias, a tag), if any
        said = [str(warning).replace(temporary, str(path)) for warning in warnings]
        why = f": {said[0]}" if said else " (another setting overrides it?)"
        raise ConfigEditError(
            f"{path}: after the change, {', '.join(wrong)} would not read back as written"
            f"{why}; the file is left as it was"
        )
