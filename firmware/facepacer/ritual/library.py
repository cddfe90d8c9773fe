"""The rituals the device offers: the shipped ones, then the user's own, then any extra folders.

A broken file never stops the device: it is skipped and its problems become a warning to show.
Two files with the same id: the first one found wins and the second is skipped with a warning
naming both files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from facepacer.errors import RitualError, RitualNotFound
from facepacer.paths import config_dir, shipped_rituals
from facepacer.ritual.checks import printable, suggest
from facepacer.ritual.loader import load_ritual
from facepacer.ritual.model import Ritual
from facepacer.ritual.yamlread import shown

# Shipped rituals come first in this order (the default one first), then any others by name.
SHIPPED_ORDER = ("symmetry-sculpt", "quick-calm", "lymphatic-drain")
SUFFIXES = (".yaml", ".yml")


def user_rituals_dir() -> Path:
    """Where a user's own ritual files go: ``rituals/`` in the config directory."""
    return config_dir() / "rituals"


def _ritual_files(folder: Path) -> List[Path]:
    names = [entry for entry in folder.iterdir() if entry.suffix in SUFFIXES]
    return sorted(entry for entry in names if not entry.name.startswith("."))


def _shipped_files() -> List[Path]:
    files = _ritual_files(Path(str(shipped_rituals())))
    rank = {name: index for index, name in enumerate(SHIPPED_ORDER)}
    return sorted(files, key=lambda path: (rank.get(path.stem, len(rank)), path.name))


class Library:
    """Loaded rituals in menu order, and the warnings about files that were skipped."""

    def __init__(self, rituals: Iterable[Ritual] = (), warnings: Iterable[str] = ()):
        self.rituals: Tuple[Ritual, ...] = tuple(rituals)
        self.warnings: Tuple[str, ...] = tuple(warnings)

    @classmethod
    def load(
        cls,
        extra_dirs: Sequence[Union[str, os.PathLike]] = (),
        include_user: bool = True,
    ) -> Library:
        """Shipped rituals, then the user's folder (when it exists), then ``extra_dirs``."""
        warnings: List[str] = []
        files = _shipped_files()
        folders: List[Tuple[Path, bool]] = []
        if include_user:
            folders.append((user_rituals_dir(), False))
        folders.extend((Path(folder), True) for folder in extra_dirs)
        for folder, must_exist in folders:
            try:
                files.extend(_ritual_files(folder))
            except FileNotFoundError:
                if must_exist:
                    warnings.append(f"{folder}: no such folder of rituals")
            except OSError as exc:
                warnings.append(f"{folder}: cannot read the folder: {exc.strerror or exc}")
        rituals: List[Ritual] = []
        for path in files:
            try:
                ritual = load_ritual(path)
            except RitualError as exc:
                count = len(exc.problems)
                head = f"skipped {printable(path)}: {count} problem{'s' if count != 1 else ''}"
                warnings.append("\n".join([head, *exc.problems]))
                continue
            first = next((known for known in rituals if known.id == ritual.id), None)
            if first is not None:
                warnings.append(
                    f"{path}:{ritual.id_line}:1: skipped: the id {shown(ritual.id)} is already "
                    f"used by {first.source}; give one of them another id"
                )
                continue
            rituals.append(ritual)
        return cls(rituals, warnings)

    def in_language(self, language: str) -> Library:
        """The same rituals, each in the words of its translation that fits ``language`` best
        (``Ritual.in_language``), and the same warnings; a ritual with none keeps its own."""
        return Library((ritual.in_language(language) for ritual in self.rituals), self.warnings)

    def __iter__(self) -> Iterator[Ritual]:
        return iter(self.rituals)

    def __len__(self) -> int:
        return len(self.rituals)

    @property
    def ids(self) -> Tuple[str, ...]:
        return tuple(ritual.id for ritual in self.rituals)

    def find(self, ritual_id: str) -> Optional[Ritual]:
        return next((ritual for ritual in self.rituals if ritual.id == ritual_id), None)

    def get(self, ritual_id: str) -> Ritual:
        """The ritual with this id; ``RitualNotFound`` lists the ids there are."""
        ritual = self.find(ritual_id)
        if ritual is not None:
            return ritual
        close = suggest(ritual_id, self.ids)
        hint = f"did you mean {shown(close)}? " if close else ""
        known = ", ".join(self.ids) or "none"
        raise RitualNotFound(
            f"no ritual with the id {shown(ritual_id)}; {hint}the rituals are: {known} "
            "(or give the path to a ritual file)"
        )

    def resolve(self, id_or_path: Union[str, os.PathLike]) -> Ritual:
        """A loaded ritual by id, or the ritual in a file when given a path.

        Anything with a folder separator or a ``.yaml``/``.yml`` suffix, or naming an existing
        file, is a path; a broken file raises ``RitualError``, a missing one ``RitualNotFound``.
        """
        text = os.fspath(id_or_path)
        if self.find(text) is not None:
            return self.get(text)
        path = Path(text)
        looks_like_path = "/" in text or os.sep in text or path.suffix in SUFFIXES
        if looks_like_path or path.is_file():
            if not os.path.lexists(path):  # a link that loops is there: load_ritual says so
                raise RitualNotFound(f"no ritual file {text}: no such file")
            return load_ritual(path)
        return self.get(text)
