"""Changing a few settings in ``config.yaml`` the way a person would: edit those lines, keep every
comment, blank line and other setting as it was, and replace the file in one step.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Union

from facepacer import userfiles
from facepacer.errors import FacepacerError

MAX_BYTES = 256 * 1024  # as for any YAML file the device reads
_KEY = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*:(?P<rest>.*)$")
_VALUE = re.compile(r"^(?P<space>[ ]*)(?P<value>[^#]*?)(?P<comment>[ ]+#.*)?$")


class ConfigEditError(FacepacerError):
    """The file could not be changed; the message names it and says why."""


def set_settings(
    path: Union[str, os.PathLike], section: str, values: Dict[str, Union[int, float, str]]
) -> None:
    """Set ``values`` in ``section`` (a block mapping at the top level, created if missing) of
    the YAML file at ``path`` (created if missing), then check the result reads back."""
    path = Path(path)
    refused = userfiles.writable_target(path, "the settings file")
    if refused is not None:  # a FIFO or a device would hang the read, and be replaced
        raise ConfigEditError(f"cannot edit {refused}")
    try:
        text = (userfiles.read_text(path, limit=MAX_BYTES, what="the settings file")
                if os.path.exists(path) else "")  # fmt: skip
    except userfiles.UserFileError as exc:
        raise ConfigEditError(f"cannot read {path}: {exc.reason}") from exc
    lines = text.splitlines()
    for key, value in values.items():
        lines = _set(lines, section, key, value, path)
    _write(path, "\n".join(lines) + "\n", section, values)


def threshold_saver(path: Union[str, os.PathLike, None]) -> Callable[[int, int], Optional[str]]:
    """Saves touch and release thresholds into ``path`` (default: config.yaml in the config
    directory); returns what went wrong, or None."""

    def save(touch: int, release: int) -> Optional[str]:
        from facepacer.config import config_path

        values = {"touch_threshold": touch, "release_threshold": release}
        try:
            set_settings(path or config_path(), "sensor", values)
        except ConfigEditError as exc:
            return f"thresholds not saved: {exc}"
        return None

    return save


def _set(lines: List[str], section: str, key: str, value, path: Path) -> List[str]:
    start = _section_line(lines, section, path)
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        return lines + [f"{section}:", f"  {key}: {value}"]
    indent, last = None, start
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        width = len(line) - len(line.lstrip(" "))
        if width == 0:
            break  # the next top-level setting
        last = number
        indent = width if indent is None else indent
        match = _KEY.match(line)
        if width == indent and match and match.group("key") == key:
            lines[number] = _replace_value(match, value)
            return lines
    shown = " " * (indent or 2)
    return lines[: last + 1] + [f"{shown}{key}: {value}"] + lines[last + 1 :]


def _section_line(lines: List[str], section: str, path: Path):
    for number, line in enumerate(lines):
        match = _KEY.match(line)
        if match and not match.group("indent") and match.group("key") == section:
            rest = match.group("rest").split("#", 1)[0].strip()
            if rest:
                raise ConfigEditError(
                    f"{path}:{number + 1}: '{section}' is written on one line ({rest[:40]}); "
                    f"write it as a block, one setting a line, to have it changed here"
                )
            return number
    return None


def _replace_value(match: re.Match, value) -> str:
    rest = _VALUE.match(match.group("rest"))
    space = rest.group("space") or " "
    comment = rest.group("comment") or ""
    return f"{match.group('indent')}{match.group('key')}:{space}{value}{comment}"


def _write(path: Path, text: str, section: str, values: Dict) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", delete=False
        ) as handle:
            temporary = handle.name
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ConfigEditError(f"cannot write {path}: {exc}") from exc
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        _check_reads_back(path, temporary, section, values)
        os.replace(temporary, path)
    except OSError as exc:
        raise ConfigEditError(f"cannot write {path}: {exc}") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _check_reads_back(path: Path, temporary: str, section: str, values: Dict) -> None:
    from facepacer.config import load_config

    config, _ = load_config(temporary)
    written = getattr(config, section)
    wrong = [k for k, v in values.items() if getattr(written, k) != v]
    if wrong:
        raise ConfigEditError(
            f"{path}: after the change, {', '.join(wrong)} would not read back as written "
            f"(another setting overrides it?); the file is left as it was"
        )
