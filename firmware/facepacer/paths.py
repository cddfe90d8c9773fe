"""Where facepacer keeps its files: the XDG base directories, and the shipped data packages."""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path
from typing import Mapping, Optional


def _xdg(var: str, fallback: str, env: Optional[Mapping[str, str]] = None) -> Path:
    env = os.environ if env is None else env
    value = env.get(var, "")
    # The XDG spec says a relative path in these variables is invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME", os.path.expanduser("~"))) / fallback


def kind_of_file(mode: int) -> str:
    """What a file that is not a regular one is, from its ``st_mode``, for messages."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def data_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    """``$XDG_DATA_HOME/facepacer``: the session log lives here."""
    return _xdg("XDG_DATA_HOME", ".local/share", env) / "facepacer"


def config_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    """``$XDG_CONFIG_HOME/facepacer``: ``config.yaml`` and the user's own ``rituals/``."""
    return _xdg("XDG_CONFIG_HOME", ".config", env) / "facepacer"


def cache_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    """``$XDG_CACHE_HOME/facepacer``: spoken lines rendered ahead of time; safe to delete."""
    return _xdg("XDG_CACHE_HOME", ".cache", env) / "facepacer"


def default_db(env: Optional[Mapping[str, str]] = None) -> Path:
    return data_dir(env) / "sessions.db"


def shipped_rituals():
    """The folder of shipped ritual files, as an ``importlib.resources`` traversable."""
    return resources.files("facepacer.rituals")


def assets():
    """The folder of shipped assets, as an ``importlib.resources`` traversable."""
    return resources.files("facepacer.assets")


def asset_path(relative: str) -> Path:
    """A real filesystem path to a shipped asset (pygame needs paths, not traversables).

    Installed from a wheel or a checkout, the data packages are plain folders on disk, so the
    traversable converts directly; a zipped install is not supported.
    """
    return Path(str(assets().joinpath(relative)))
