"""Draws docs/wiring.svg from the default pins in facepacer's config: the Pi's 40-pin header, the
MPR121 breakout with its IRQ line, the pad on its pad electrode, and the piezo.

Run it after changing a default pin: ``python docs/make_wiring.py``. A test renders the picture
again and fails when docs/wiring.svg no longer matches the defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, NamedTuple, Tuple
from xml.sax.saxutils import escape

from facepacer.config import Config

OUT = Path(__file__).resolve().parent / "wiring.svg"
WIDTH, HEIGHT = 900, 560

# The 40-pin header, by physical pin: BCM GPIO numbers, or a supply.
HEADER: Dict[int, str] = {
    1: "3V3", 2: "5V", 3: "GPIO2", 4: "5V", 5: "GPIO3", 6: "GND", 7: "GPIO4", 8: "GPIO14",
    9: "GND", 10: "GPIO15", 11: "GPIO17", 12: "GPIO18", 13: "GPIO27", 14: "GND", 15: "GPIO22",
    16: "GPIO23", 17: "3V3", 18: "GPIO24", 19: "GPIO10", 20: "GND", 21: "GPIO9", 22: "GPIO25",
    23: "GPIO11", 24: "GPIO8", 25: "GND", 26: "GPIO7", 27: "GPIO0", 28: "GPIO1", 29: "GPIO5",
    30: "GND", 31: "GPIO6", 32: "GPIO12", 33: "GPIO13", 34: "GND", 35: "GPIO19", 36: "GPIO16",
    37: "GPIO26", 38: "GPIO20", 39: "GND", 40: "GPIO21",
}  # fmt: skip
EXTRA = {2: "SDA", 3: "SCL", 14: "TXD", 15: "RXD"}  # by GPIO number
ODD_X, EVEN_X, TOP, PITCH = 470, 494, 80, 20  # the header's two columns and its rows
LABEL_ROOM = 118  # a wire stops short of the header, at the pin's label, drawn in its colour
BOARD = (80, 90, 230, 330)  # the MPR121 breakout: left, top, right, bottom
PIEZO = (720, 360, 40)  # centre x, y and radius


class Wire(NamedTuple):
    part: str  # mpr121 | piezo
    terminal: str  # the part's pin: VIN, GND, SDA, SCL, IRQ, +, -
    pin: int  # the header pin
    colour: str


def physical(gpio: int) -> int:
    """The header pin of BCM GPIO ``gpio``."""
    for pin, name in HEADER.items():
        if name == f"GPIO{gpio}":
            return pin
    raise ValueError(f"GPIO{gpio} is not on the 40-pin header")


def pin_xy(pin: int) -> Tuple[int, int]:
    return (ODD_X if pin % 2 else EVEN_X), TOP + (pin - 1) // 2 * PITCH


def nearest_ground(pin: int) -> int:
    """The ground pin on the same side of the header closest to ``pin``."""
    grounds = [p for p, name in HEADER.items() if name == "GND" and p % 2 == pin % 2]
    return min(grounds, key=lambda g: (abs(g - pin), g))


def wires(config: Config) -> List[Wire]:
    sensor, buzzer = config.sensor, config.buzzer
    found = [Wire("mpr121", "VIN", 1, "#d62728"), Wire("mpr121", "SDA", 3, "#1f77b4"),
             Wire("mpr121", "SCL", 5, "#c99a00"), Wire("mpr121", "GND", 9, "#222222")]  # fmt: skip
    if sensor.irq_pin is not None:
        found.append(Wire("mpr121", "IRQ", physical(sensor.irq_pin), "#2ca02c"))
    plus = physical(buzzer.pin)
    found += [Wire("piezo", "+", plus, "#9467bd"), Wire("piezo", "-", nearest_ground(plus), "#222")]
    return found


def label(pin: int) -> str:
    name = HEADER[pin]
    gpio = int(name[4:]) if name.startswith("GPIO") else None
    extra = f" {EXTRA[gpio]}" if gpio in EXTRA else ""
    return f"{name}{extra} ({pin})"


def header(used: Dict[int, str]) -> List[str]:
    out = [f'<rect x="{ODD_X - 14}" y="{TOP - 14}" width="{EVEN_X - ODD_X + 28}" '
           f'height="{19 * PITCH + 28}" rx="4" fill="#1e5631"/>',
           f'<text x="{(ODD_X + EVEN_X) // 2}" y="{TOP - 22}" text-anchor="middle" '
           'font-weight="bold">Raspberry Pi header</text>']  # fmt: skip
    for pin in HEADER:
        x, y = pin_xy(pin)
        fill = used.get(pin, "#c8c8c8")
        out.append(f'<circle cx="{x}" cy="{y}" r="7" fill="{fill}" stroke="#fff"/>')
        anchor, tx = ("end", ODD_X - 18) if pin % 2 else ("start", EVEN_X + 18)
        style = f' font-weight="bold" fill="{used[pin]}"' if pin in used else ' fill="#555"'
        out.append(f'<text x="{tx}" y="{y + 4}" text-anchor="{anchor}"{style}>'
                   f"{escape(label(pin))}</text>")  # fmt: skip
    return out


def polyline(wire: Wire, points: List[Tuple[int, int]]) -> str:
    coords = " ".join(f"{x},{y}" for x, y in points)
    return (f'<polyline data-part="{wire.part}" data-terminal="{escape(wire.terminal)}" '
            f'data-pin="{wire.pin}" points="{coords}" fill="none" stroke="{wire.colour}" '
            'stroke-width="3" stroke-linejoin="round"/>')  # fmt: skip


def breakout(config: Config, mpr: List[Wire]) -> List[str]:
    """The MPR121 board, its wires to the header (in header order, so none cross), the pad."""
    left, top, right, bottom = BOARD
    out = [f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" rx="6" '
           'fill="#2b4c7e"/>',
           f'<text x="{(left + right) // 2}" y="{top - 8}" text-anchor="middle" font-weight='
           f'"bold">MPR121 breakout at 0x{config.sensor.address:02X}</text>']  # fmt: skip
    order = sorted(mpr, key=lambda w: w.pin)
    for index, wire in enumerate(order):
        y = top + 24 + index * 26
        lane = right + 30 + index * 16
        _, hy = pin_xy(wire.pin)
        out.append(polyline(wire, [(right, y), (lane, y), (lane, hy), (ODD_X - LABEL_ROOM, hy)]))
        out.append(f'<text x="{right - 8}" y="{y + 4}" text-anchor="end" fill="#fff">'
                   f"{wire.terminal}</text>")  # fmt: skip
    y = top + 24 + len(order) * 26
    address = "ADDR: open" if config.sensor.address == 0x5A else "ADDR: see README"
    out.append(f'<text x="{right - 8}" y="{y + 4}" text-anchor="end" fill="#fff">{address}</text>')
    return out + electrodes(config)


def electrodes(config: Config) -> List[str]:
    left, _, _, bottom = BOARD
    pad = config.sensor.pad
    out = []
    for electrode in range(12):
        x = left + 12 + electrode * 12
        fill = "#b87333" if electrode == pad else "#c8c8c8"
        out.append(f'<circle cx="{x}" cy="{bottom - 10}" r="4" fill="{fill}"/>')
        out.append(f'<text x="{x}" y="{bottom - 20}" text-anchor="middle" font-size="8" '
                   f'fill="#fff">{electrode}</text>')  # fmt: skip
    x = left + 12 + pad * 12
    out.append(f'<polyline data-part="pad" data-terminal="{pad}" points="{x},{bottom - 10} '
               f'{x},{bottom + 70}" fill="none" stroke="#b87333" stroke-width="3"/>')  # fmt: skip
    out.append(f'<rect x="{left - 20}" y="{bottom + 70}" width="190" height="60" rx="4" '
               'fill="#e0a96d" stroke="#b87333" stroke-width="2"/>')  # fmt: skip
    out.append(f'<text x="{left + 75}" y="{bottom + 96}" text-anchor="middle">the pad: copper '
               f'tape or foil</text><text x="{left + 75}" y="{bottom + 114}" '
               f'text-anchor="middle">on electrode {pad}</text>')  # fmt: skip
    return out


def piezo(wires_: List[Wire]) -> List[str]:
    cx, cy, r = PIEZO
    out = [f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#d4af37" stroke="#8a6d1d" '
           'stroke-width="3"/>',
           f'<text x="{cx}" y="{cy + r + 22}" text-anchor="middle" font-weight="bold">'
           "piezo disc (passive)</text>"]  # fmt: skip
    # + is the upper header pin: it goes to the far terminal, so the two wires never cross.
    ends = {"+": cx + 20, "-": cx - 20}
    for wire in sorted(wires_, key=lambda w: w.pin):
        _, hy = pin_xy(wire.pin)
        x = ends[wire.terminal]
        out.append(polyline(wire, [(EVEN_X + LABEL_ROOM, hy), (x, hy), (x, cy - r + 6)]))
        sign = "+" if wire.terminal == "+" else "\u2212"
        out.append(f'<text x="{x}" y="{cy - 10}" text-anchor="middle" font-weight="bold">'
                   f"{sign}</text>")  # fmt: skip
    return out


def notes(config: Config) -> List[str]:
    sensor, buzzer = config.sensor, config.buzzer
    irq = f"GPIO{sensor.irq_pin} (pin {physical(sensor.irq_pin)})" if sensor.irq_pin else "none"
    lines = [
        f"I2C bus {sensor.bus}: SDA GPIO2 (pin 3), SCL GPIO3 (pin 5); ADDR open or to GND for "
        f"0x5A. IRQ: {irq}, open drain, pulled up by the Pi.",
        f"Buzzer: GPIO{buzzer.pin} (pin {physical(buzzer.pin)}); under lgpio its tones are "
        "software-timed PWM, on any pin.",
        "BCM numbers, header pin in brackets. Made by docs/make_wiring.py from config.py's "
        "defaults.",
    ]
    return [
        f'<text x="30" y="{HEIGHT - 70 + 20 * i}">{escape(t)}</text>' for i, t in enumerate(lines)
    ]


def render(config: Config) -> str:
    """The wiring picture for ``config``'s pins, as SVG text."""
    found = wires(config)
    used = {w.pin: w.colour for w in found}
    body = (
        breakout(config, [w for w in found if w.part == "mpr121"])
        + piezo([w for w in found if w.part == "piezo"])
        + header(used)
        + notes(config)
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="12">\n'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>\n'
        '<text x="30" y="34" font-size="18" font-weight="bold">facepacer wiring</text>\n'
    )
    return head + "\n".join(body) + "\n</svg>\n"


def main() -> int:
    OUT.write_text(render(Config()), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
