"""The checks of the system around the program: device files, screen, user, disk, clock, service.

Each looks under ``context.root`` (``/`` on the device), so a test builds the failing tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Set, Tuple

from facepacer.doctor import FAIL, OK, WARN, Context, Result, may, unit
from facepacer.paths import data_dir
from facepacer.ui.drivers import sdl_video_drivers

GROUPS = ("gpio", "i2c", "video", "render", "input", "audio")
SERVICE = "facepacer.service"
AUTOSTART = "facepacer.desktop"
MB = 1024 * 1024
FREE_FAIL, FREE_WARN = 20 * MB, 200 * MB  # a year of daily sessions is well under 1 MB


def i2c(context: Context) -> Result:
    """``/dev/i2c-N`` exists (I2C enabled) and this user may open it."""
    bus = context.config.sensor.bus
    device = context.path(f"/dev/i2c-{bus}")
    if not device.exists():
        others = sorted(p.name for p in context.path("/dev").glob("i2c-*"))
        if others:
            return Result(
                "i2c", FAIL, f"/dev/i2c-{bus} is missing; there are {', '.join(others)}",
                "the header's I2C is bus 1: enable it with `sudo raspi-config nonint do_i2c 0` "
                "and reboot, or set `sensor: bus:` to the bus the sensor is on",
            )  # fmt: skip
        return Result(
            "i2c", FAIL, f"I2C is off: /dev/i2c-{bus} is missing",
            "`sudo raspi-config nonint do_i2c 0` (or dtparam=i2c_arm=on in "
            "/boot/firmware/config.txt), then reboot",
        )  # fmt: skip
    if not may(device, context.who, read=True, write=True):
        return Result(
            "i2c", FAIL, f"{context.who.name} may not open /dev/i2c-{bus}",
            f"`sudo usermod -aG i2c {context.who.name}`, then log in again",
        )  # fmt: skip
    return Result("i2c", OK, f"/dev/i2c-{bus} is there and {context.who.name} may open it")


def sdl(context: Context) -> Result:
    """The video drivers of the SDL that pygame uses: KMSDRM draws on the console of Lite."""
    try:
        libraries = context.sdl_libraries()
    except ImportError as exc:
        return Result("sdl", FAIL, f"pygame cannot be imported: {exc}",
                      "`sudo apt install python3-pygame`")  # fmt: skip
    drivers = sdl_video_drivers(libraries)
    where = ", ".join(str(p) for p in libraries) or "no SDL library found"
    detail = f"video drivers {', '.join(drivers) or 'none found'} ({where})"
    if "kmsdrm" in drivers:
        return _video(context, detail)
    fix = (
        "this SDL cannot draw on the console (the pygame wheel from PyPI lacks KMSDRM): use "
        "Debian's python3-pygame in a virtual environment made with --system-site-packages, "
        "as deploy/install-pi.sh does"
    )
    desktop = context.env.get("WAYLAND_DISPLAY") or context.env.get("DISPLAY")
    return Result("sdl", WARN if desktop else FAIL, detail, fix)


def _running(context: Context) -> bool:
    return context.path(f"/run/systemd/units/invocation:{SERVICE}").is_symlink()


def _video(context: Context, drivers: str) -> Result:
    """SDL's video started as the service starts it: its driver and hints, in a child process."""
    if context.env.get("WAYLAND_DISPLAY") or context.env.get("DISPLAY"):
        return Result("sdl", OK, f"{drivers}; on a desktop, which draws the window")
    env = unit.environment(unit.properties(context.root))
    shown = " ".join(f"{k}={v}" for k, v in sorted(env.items()))
    started = context.start_video(env)
    if started.ok:
        return Result("sdl", OK, f"{drivers}; started with {shown}: {started.detail}")
    if _running(context):
        return Result(
            "sdl", WARN, f"{drivers}; could not start a second display with {shown} while "
            f"{SERVICE} runs ({started.detail})",
            "the running service holds the screen; to test it: `sudo systemctl stop facepacer`, "
            "`facepacer doctor`, `sudo systemctl start facepacer`",
        )  # fmt: skip
    return Result(
        "sdl", FAIL, f"SDL's video did not start with {shown}: {started.detail}",
        "`EGL not initialized` or `Could not initialize OpenGL / GLES library`: `sudo apt install "
        "libegl1 libgles2 libgl1-mesa-dri` (deploy/install-pi.sh installs them); `kmsdrm not "
        "available`: no screen, or another program holds it; see `display` below",
    )  # fmt: skip


def display(context: Context) -> Result:
    """A screen is connected to one of the DRM cards (``/sys/class/drm/*/status``)."""
    statuses: Dict[str, str] = {}
    for status in sorted(context.path("/sys/class/drm").glob("*/status")):
        try:
            statuses[status.parent.name] = status.read_text().strip()
        except OSError:
            continue
    connected = [name for name, state in statuses.items() if state == "connected"]
    if connected:
        return Result("display", OK, f"connected: {', '.join(connected)}")
    if not statuses:
        return Result(
            "display", FAIL, "no display outputs: no KMS driver is loaded",
            "keep dtoverlay=vc4-kms-v3d in /boot/firmware/config.txt; an SPI panel needs a DRM "
            "driver overlay (such as mipi-dbi-spi), not fbtft",
        )  # fmt: skip
    outputs = ", ".join(f"{name} {state}" for name, state in statuses.items())
    return Result("display", FAIL, f"no display connected ({outputs})",
                  "connect the screen, then reboot so the panel is detected")  # fmt: skip


def backlight(context: Context) -> Result:
    """The panel's backlight, if it has one, may be dimmed by this user."""
    devices = sorted(p.parent for p in context.path("/sys/class/backlight").glob("*/brightness"))
    if not devices:
        return Result(
            "backlight", WARN, "no backlight device (an HDMI monitor has none)",
            "nothing to do for HDMI: the screen sleeps by drawing black",
        )  # fmt: skip
    device = devices[0]
    if not may(device / "brightness", context.who, write=True):
        return Result(
            "backlight", FAIL, f"{context.who.name} may not write {device.name}/brightness",
            "the udev rule from deploy/install-pi.sh gives the video group the backlight "
            "files: run the installer, and be in the video group",
        )  # fmt: skip
    return Result("backlight", OK, f"{device.name} may be dimmed by {context.who.name}")


def _members(context: Context) -> Tuple[Dict[str, Set[str]], Dict[str, int]]:
    """From ``/etc/group``: group name -> its users (primary group included), and -> its id."""
    members: Dict[str, Set[str]] = {}
    ids: Dict[str, int] = {}
    for line in context.path("/etc/group").read_text().splitlines():
        fields = line.split(":")
        if len(fields) == 4 and fields[2].isdigit():
            members[fields[0]] = {m for m in fields[3].split(",") if m}
            ids[fields[0]] = int(fields[2])
    names = {gid: name for name, gid in ids.items()}
    passwd = context.path("/etc/passwd")
    for line in passwd.read_text().splitlines() if passwd.exists() else []:
        fields = line.split(":")
        if len(fields) >= 4 and fields[3].isdigit() and int(fields[3]) in names:
            members[names[int(fields[3])]].add(fields[0])
    return members, ids


def groups(context: Context) -> Result:
    """The user is in the groups that open the hardware: gpio i2c video render input audio."""
    name = context.who.name
    if context.who.uid == 0:
        return Result("groups", OK, "root may open every device (the service runs unprivileged)")
    members, ids = _members(context)
    wanted = [g for g in GROUPS if g in members]
    absent = [g for g in GROUPS if g not in members]
    missing = [g for g in wanted if name not in members[g]]
    note = f" (no {', '.join(absent)} group on this system)" if absent else ""
    if missing:
        return Result(
            "groups", FAIL, f"{name} is not in {', '.join(missing)}{note}",
            f"`sudo usermod -aG {','.join(missing)} {name}`, then log in again (or reboot)",
        )  # fmt: skip
    stale = [g for g in wanted if ids[g] not in context.who.gids]
    if stale:
        return Result("groups", WARN, f"{name} was added to {', '.join(stale)} since logging in",
                      "log out and in again (or reboot) for it to apply")  # fmt: skip
    return Result("groups", OK, f"{name} is in {', '.join(wanted) or 'none needed'}{note}")


def _sandbox(context: Context, folder: Path):
    """A failure when the installed service's sandbox keeps it from writing ``folder``."""
    props = unit.properties(context.root)
    home = Path(context.env.get("HOME", "/nonexistent"))
    if props is None or unit.service_may_write(props, folder, home):
        return None
    return Result(
        "data", FAIL, f"{folder}: {SERVICE} may not write there (it may write only "
        f"{unit.writable_places(props)})",
        "leave `db:` unset (the log goes to ~/.local/share/facepacer/sessions.db) or put it "
        "in that folder; or allow the folder with `sudo systemctl edit facepacer`: "
        f"[Service] ReadWritePaths={folder}",
    )  # fmt: skip


def data(context: Context) -> Result:
    """The session log's folder can be written, with room to spare."""
    db = context.config.db
    folder = Path(db).expanduser().parent if db else data_dir(context.env)
    sandbox = _sandbox(context, folder)
    if sandbox is not None:
        return sandbox
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not may(existing, context.who, write=True):
        return Result("data", FAIL, f"{context.who.name} may not write {existing} (for {folder})",
                      f"`sudo chown -R {context.who.name} {existing}`")  # fmt: skip
    stats = context.statvfs(str(existing))
    free = stats.f_bavail * stats.f_frsize
    detail = f"{folder}: writable, {free / MB:,.0f} MB free"
    if free < FREE_FAIL:
        return Result("data", FAIL, detail, "free some space: the session log cannot grow")
    if free < FREE_WARN:
        return Result("data", WARN, detail, "free some space before the card fills up")
    return Result("data", OK, detail)


def clock(context: Context) -> Result:
    """The wall clock was set from the network: a Pi has no battery-backed clock."""
    if context.path("/run/systemd/timesync/synchronized").exists():
        return Result("clock", OK, "synchronised by systemd-timesyncd")
    return Result(
        "clock", WARN, "not synchronised: until it is, new sessions carry the wrong date",
        "connect the Pi to a network; `timedatectl status` shows the state",
    )  # fmt: skip


def service(context: Context) -> Result:
    """The device starts by itself: the systemd service (Lite) or the autostart entry (Desktop)."""
    home = Path(context.env.get("HOME", "/nonexistent"))
    entries = [context.path(str(home / ".config/autostart" / AUTOSTART)),
               context.path(f"/etc/xdg/autostart/{AUTOSTART}")]  # fmt: skip
    unit_file = context.path(f"/etc/systemd/system/{SERVICE}")
    starters = [e for e in entries if e.exists()]
    if unit_file.exists() and starters:
        return Result(
            "service", FAIL, f"two starters: {SERVICE} and {starters[0]}: two devices would "
            "fight over the screen and the sensor",
            "keep one: `sudo deploy/install-pi.sh --mode lite` (the console) or `--mode desktop` "
            "(the desktop session) removes the other",
        )  # fmt: skip
    if not unit_file.exists():
        for entry in entries:
            if entry.exists():
                return Result("service", OK, f"starts with the desktop ({entry.name})")
        return Result("service", WARN, "not installed: nothing starts the device at boot",
                      "`sudo deploy/install-pi.sh` from the clone")  # fmt: skip
    wants = [context.path(f"/etc/systemd/system/{t}.wants/{SERVICE}")
             for t in ("multi-user.target", "graphical.target")]  # fmt: skip
    if not any(w.exists() or w.is_symlink() for w in wants):
        return Result("service", FAIL, f"{SERVICE} is installed but not enabled",
                      "`sudo systemctl enable --now facepacer`")  # fmt: skip
    if not _running(context):
        return Result("service", WARN, f"{SERVICE} is enabled but not running",
                      "it starts at the next boot; `journalctl -u facepacer -b` says why it "
                      "stopped")  # fmt: skip
    return Result("service", OK, f"{SERVICE} is enabled and running")
