"""What SDL's choice of video driver means for the device, without importing pygame.

On Raspberry Pi OS Lite there is no desktop: the device draws on the console through SDL's KMSDRM
driver. The pygame wheel from PyPI carries an SDL built without KMSDRM, so there SDL quietly
falls back to its invisible ``offscreen`` driver and the device runs with nothing on the screen.
Debian's and Pi OS's ``python3-pygame`` use the system SDL, which has it.
"""

from __future__ import annotations

from typing import Mapping

INVISIBLE = ("offscreen", "dummy")


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
