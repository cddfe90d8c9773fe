"""Recordings and pictures made byte by byte, so a test can say exactly what a header claims:
WAV (RIFF chunks), Ogg Vorbis (pages with their checksums) and PNG (chunks with theirs)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import List, Optional

import pygame

# A real Ogg Vorbis recording that the mixer plays: pygame's own example sound, 7.1 s, 11025 Hz.
REAL_OGG = Path(pygame.__file__).parent / "examples" / "data" / "house_lo.ogg"


def wav(rate=22050, channels=1, bits=16, frames=2205, *, declared=None, tag=1, block=None,
        extra=0):  # fmt: skip
    """A PCM WAV whose header says ``rate``, ``channels`` and ``bits``; ``declared`` overrides
    the data length in the header, ``block`` its block size; ``extra`` bytes more are held."""
    block = channels * bits // 8 if block is None else block
    data = b"\x00\x08" * ((frames * channels * bits // 8 + extra) // 2 + 1)
    data = data[: frames * channels * bits // 8 + extra]
    size = len(data) if declared is None else declared
    fmt = struct.pack("<HHIIHH", tag, channels, rate & 0xFFFFFFFF,
                      (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)  # fmt: skip
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size)
    body += data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _crc(page: bytes) -> int:
    value = 0
    for byte in page:
        value ^= byte << 24
        for _ in range(8):
            value = ((value << 1) ^ 0x04C11DB7) if value & 0x80000000 else value << 1
            value &= 0xFFFFFFFF
    return value


def ogg_page(packets: List[bytes], *, flags=0, granule=0, serial=7, sequence=0) -> bytes:
    """One Ogg page holding whole ``packets``, with its checksum (computed bit by bit here)."""
    laces = b""
    for packet in packets:
        laces += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    head = b"OggS" + struct.pack("<BBqIIIB", 0, flags, granule, serial, sequence, 0, len(laces))
    page = head + laces + b"".join(packets)
    return page[:22] + struct.pack("<I", _crc(page)) + page[26:]


def vorbis(rate=22050, channels=1, frames=22050, *, last_flags=0x04,
           first: Optional[bytes] = None) -> bytes:  # fmt: skip
    """An Ogg Vorbis stream's pages: its three headers and one page of (silent-looking) audio
    packets whose last granule position is ``frames``."""
    ident = first if first is not None else (
        b"\x01vorbis" + struct.pack("<IBIiii", 0, channels, rate & 0xFFFFFFFF, 0, 64000, 0)
        + bytes([0xB8, 1])
    )  # fmt: skip
    comment = b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0) + b"\x01"
    setup = b"\x05vorbis" + b"\x00" * 40
    return (
        ogg_page([ident], flags=0x02, sequence=0)
        + ogg_page([comment, setup], sequence=1)
        + ogg_page([b"\x00" * 30] * 3, flags=last_flags, granule=frames, sequence=2)
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width=32, height=16, *, colour=2, depth=8, rows: Optional[bytes] = None,
        claimed: Optional[tuple] = None) -> bytes:  # fmt: skip
    """A PNG of ``width`` x ``height`` (RGB 8-bit by default); ``claimed`` puts another size in
    its header than the pixel data holds, ``rows`` replaces the pixel data."""
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = (width * samples * depth + 7) // 8
    pixels = rows if rows is not None else (b"\x00" + b"\x7f" * row) * height
    w, h = claimed or (width, height)
    header = struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0)
    palette = _chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff") if colour == 3 else b""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + palette
            + _chunk(b"IDAT", zlib.compress(pixels)) + _chunk(b"IEND", b""))  # fmt: skip
