"""What SDL's choice of video driver means for the device, without importing pygame.

On Raspberry Pi OS Lite there is no desktop: the device draws on the console through SDL's KMSDRM
driver. The pygame wheel from PyPI carries an SDL built without KMSDRM, so there SDL quietly
falls back to its invisible ``offscreen`` driver and the device runs with nothing on the screen.
Debian's and Pi OS's ``python3-pygame`` use the system SDL, which has it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Mapping, Sequence

INVISIBLE = ("offscreen", "dummy")
# Video driver names as SDL2 keeps them in its library, each a separate C string.
_SDL_DRIVER = re.compile(
    rb"\x00(x11|wayland|kmsdrm|directfb|rpi|vivante|offscreen|dummy)\x00", re.I
)


def loaded_sdl_libraries() -> List[Path]:
    """The SDL libraries this process's pygame loaded (its own copy, or the system's)."""
    import pygame  # noqa: F401  (loading it maps its SDL into this process)

    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        paths = {line.split()[-1] for line in maps if "libSDL2-2" in line}
    return sorted(Path(p) for p in paths if p.startswith("/"))


def sdl_video_drivers(libraries: Sequence[Path]) -> List[str]:
    """The video drivers built into these SDL libraries, lower case, in the order found.

    pygame 2.1 offers no list of SDL's drivers, and asking SDL for a driver it lacks gives the
    same "not available" as one it has but cannot start; the names in the library tell them apart.
    """
    found: List[str] = []
    for library in libraries:
        for match in _SDL_DRIVER.finditer(Path(library).read_bytes()):
            name = match.group(1).decode().lower()
            if name not in found:
                found.append(name)
    return found


def display_failure(error: Exception, env: Mapping[str, str], drivers: Sequence[str]) -> str:
    """Why SDL could not open a display, and what to do, for ``facepacer run``'s error."""
    driver = (env.get("SDL_VIDEODRIVER") or "").lower()
    start = f"cannot open the display ({error})"
    if driver == "kmsdrm" and "kmsdrm" not in drivers:
        return (
            f"{start}: this pygame's SDL has no KMSDRM driver, so it cannot draw on the console; "
            "install with deploy/install-pi.sh, whose environment uses Debian's python3-pygame"
        )
    if driver == "kmsdrm":
        return (
            f"{start}: no screen was found on /dev/dri, or this user may not open it (the "
            "video and render groups), or the console is not this program's (run it through "
            "the service); `facepacer doctor` checks each"
        )
    return f"{start}; `facepacer doctor` checks the display"


def no_display_warning(driver: str, env: Mapping[str, str]) -> str:
    """Why nothing shows when SDL ended up with ``driver`` (offscreen or dummy), and the fix."""
    start = (
        f"no display found (SDL fell back to its {driver} driver): the device runs but "
        "nothing shows"
    )
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return (
            f"{start}; the desktop at {env.get('WAYLAND_DISPLAY') or env.get('DISPLAY')} "
            "refused the window: check that this user may use it"
        )
    return (
        f"{start}; with no desktop, SDL needs its KMSDRM driver to draw on the console, and this "
        "pygame's SDL may lack it (the pygame wheel from PyPI does): use Debian's "
        "(`sudo apt install python3-pygame`, in a virtual environment made with "
        "--system-site-packages, as deploy/install-pi.sh sets up), run it on the console rather "
        "than over ssh, or start it from the desktop"
    )
