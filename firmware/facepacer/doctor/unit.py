"""What the installed service may do, read from its unit file and drop-ins, as systemd would.

The device runs sandboxed (``ProtectSystem=strict``, ``ProtectHome=read-only``): a folder the
user may write can still be closed to the service. These helpers answer from the unit's view:
which environment the service sets for SDL, and whether it may write a folder. Everything is read
under ``context.root``, so a test builds the unit it wants.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

SERVICE = "facepacer.service"
DEFAULT_SDL = {"SDL_VIDEODRIVER": "kmsdrm", "SDL_FRAMEBUFFER_ACCELERATION": "opengles2"}
LISTS = ("ReadWritePaths", "Environment")  # settings that accumulate; an empty one resets them


def unit_files(root: Path) -> List[Path]:
    """The unit and its drop-ins (``systemctl edit``), in the order systemd reads them."""
    unit = root / "etc/systemd/system" / SERVICE
    if not unit.exists():
        return []
    drop_ins = sorted((root / "etc/systemd/system" / f"{SERVICE}.d").glob("*.conf"))
    return [unit, *drop_ins]


def properties(root: Path) -> Optional[Dict[str, List[str]]]:
    """The [Service] settings of the installed unit, each a list of values (None: no unit)."""
    files = unit_files(root)
    if not files:
        return None
    found: Dict[str, List[str]] = {}
    for path in files:
        section = ""
        for raw in path.read_text(errors="replace").splitlines():
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line
                continue
            if section != "[Service]" or "=" not in line:
                continue
            key, value = (part.strip() for part in line.split("=", 1))
            if key in LISTS:
                found[key] = [] if not value else found.get(key, []) + value.split()
            else:
                found[key] = [value]
    return found


def environment(props: Optional[Dict[str, List[str]]]) -> Dict[str, str]:
    """The SDL variables the service runs with (the shipped ones when no unit is installed)."""
    if props is None:
        return dict(DEFAULT_SDL)
    env = {}
    for item in props.get("Environment", []):
        key, _, value = item.strip('"').partition("=")
        if key.startswith("SDL_"):
            env[key] = value
    return env


def _under(folder: Path, top: str) -> bool:
    top_path = Path(top)
    return folder == top_path or top_path in folder.parents


def service_may_write(props: Dict[str, List[str]], folder: Path, home: Path) -> bool:
    """Whether the sandbox lets the service write ``folder`` (file permissions aside)."""
    open_paths = [p.lstrip("-+") for p in props.get("ReadWritePaths", [])]
    for key, top in (("StateDirectory", "/var/lib"), ("CacheDirectory", "/var/cache"),
                     ("LogsDirectory", "/var/log")):  # fmt: skip
        open_paths += [f"{top}/{name}" for value in props.get(key, []) for name in value.split()]
    if any(_under(folder, top) for top in open_paths):
        return True
    system = (props.get("ProtectSystem") or [""])[-1]
    home_mode = (props.get("ProtectHome") or [""])[-1]
    in_home = any(_under(folder, top) for top in (str(home), "/home", "/root", "/run/user"))
    if in_home:
        return home_mode not in ("yes", "read-only", "tmpfs", "true")
    if system == "strict":
        return any(_under(folder, top) for top in ("/dev", "/proc", "/sys"))
    if system in ("yes", "full", "true"):
        return not any(_under(folder, top) for top in ("/usr", "/boot", "/efi", "/etc"))
    return True


def writable_places(props: Dict[str, List[str]]) -> str:
    """The folders the service may write, for a message."""
    paths = [p.lstrip("-+") for p in props.get("ReadWritePaths", [])]
    return ", ".join(paths) or "none in the user's home"
