"""What a recording and a picture decode to, read from their own headers, before any decoder
sees them.

A file of a few MiB can decode to far more than a Pi Zero 2 W has: a WAV that says it is sampled
at 3 Hz is stretched 7350 times to the mixer's 22050 Hz, and SDL's converter crashes the process
on it; a PNG of 20000 x 20000 pixels is a 1.6 GB surface. So the mixer and the image loader are
only ever given bytes that were checked here: the header is sound, the file holds all the data
it announces (a cut or damaged file is refused), and what it decodes to is within the limits
below (README, "Rituals", states them). ``rituals validate`` checks a ritual's files with these
functions, and the device checks the very bytes it hands to pygame again, so a file swapped after
the check is caught too.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import List, Optional, Tuple

from facepacer.errors import FacepacerError

# A recording: a spoken instruction for one step, not music.
RECORDING_MAX_BYTES = 10 * 1024 * 1024  # on disk
RECORDING_MAX_SECONDS = 60
RECORDING_RATES = (8000, 48000)  # Hz, the sample rates accepted (every rate in between too)
RECORDING_MAX_CHANNELS = 2
# 60 s at 48 kHz in stereo as 32-bit samples (SDL's converter works in 32-bit floats).
RECORDING_MAX_DECODED = 23_040_000  # bytes
# A picture: drawn at most a few hundred pixels a side on the device's screen.
PICTURE_MAX_BYTES = 4 * 1024 * 1024  # on disk
PICTURE_SIDES = (16, 2048)  # pixels, the least and the most a side
PICTURE_MAX_PIXELS = 2_097_152  # 2048 x 1024: 8 MiB as the 32-bit surface it is loaded into


class MediaError(FacepacerError, ValueError):
    """A recording or picture that is not what it must be; the message says what and the limit."""


@dataclass(frozen=True)
class Recording:
    kind: str  # "WAV" or "Ogg Vorbis"
    rate: int
    channels: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    @property
    def decoded_bytes(self) -> int:
        return self.frames * self.channels * 4


def recording(data: bytes) -> Recording:
    """What a WAV or Ogg Vorbis recording holds; raises ``MediaError`` when it is cut, damaged,
    of a kind the device does not play, or decodes to more than the limits allow."""
    if len(data) > RECORDING_MAX_BYTES:
        raise MediaError(f"it is {len(data)} bytes; at most {RECORDING_MAX_BYTES} (10 MiB)")
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        found = _wav(data)
    elif data[:4] == b"OggS":
        found = _ogg(data)
    else:
        raise MediaError("it is not a WAV or Ogg sound; check the file")
    _within_limits(found)
    return found


def _within_limits(found: Recording) -> None:
    least, most = RECORDING_RATES
    if not least <= found.rate <= most:
        raise MediaError(f"its sample rate is {found.rate} Hz; it must be {least} to {most} Hz")
    if not 1 <= found.channels <= RECORDING_MAX_CHANNELS:
        raise MediaError(
            f"it has {found.channels} channels; it must have 1 or {RECORDING_MAX_CHANNELS}"
        )
    if found.frames <= 0:
        raise MediaError("it holds no sound")
    if found.seconds > RECORDING_MAX_SECONDS:
        raise MediaError(f"it lasts {found.seconds:.1f} s; at most {RECORDING_MAX_SECONDS} s")
    if found.decoded_bytes > RECORDING_MAX_DECODED:  # not reached within the limits above
        raise MediaError(
            f"it decodes to {found.decoded_bytes} bytes; at most {RECORDING_MAX_DECODED}"
        )


# -- WAV ------------------------------------------------------------------------------------

_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_BITS = {_PCM: (8, 16, 24, 32), _FLOAT: (32,)}  # what SDL decodes (not 64-bit float)
# The rest of the sub-format GUID of an extensible WAV after its first two bytes (the tag): SDL
# knows a sub-format only by the whole GUID, and reads it only from a format chunk of 40 bytes
# whose extension says it is at least 22 bytes.
_GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
_EXTENSIBLE_SIZE, _EXTENSION_SIZE = 40, 22
_CHUNKS_READ = 10_000  # SDL reads no more chunks than this (SDL_WAVE_CHUNK_LIMIT's default)


def _wav_chunks(data: bytes):
    """(id, start, declared size) of each chunk after ``RIFF....WAVE`` that SDL reads: those
    that start within the size the RIFF header declares (all of them when it declares 0), and
    no more than its chunk limit."""
    declared = struct.unpack_from("<I", data, 4)[0]
    end = 8 + declared if declared else len(data)
    at, count = 12, 0
    while at + 8 <= len(data) and at < end:
        count += 1
        if count > _CHUNKS_READ:
            raise MediaError(f"it has more than {_CHUNKS_READ} chunks: the WAV is damaged")
        name, size = data[at : at + 4], struct.unpack_from("<I", data, at + 4)[0]
        yield name, at + 8, size
        at += 8 + size + (size & 1)


def _wav(data: bytes) -> Recording:
    """The recording as SDL reads it: its first format chunk, then its first data chunk."""
    fmt: Optional[Tuple[int, int, int, int, int]] = None
    for name, start, size in _wav_chunks(data):
        if name == b"fmt " and fmt is None:
            fmt = _wav_format(data[start : start + size], size)
        elif name == b"data":
            if fmt is None:
                raise MediaError("its sound data comes before its format: the WAV is damaged")
            held = len(data) - start
            if size > held:
                raise MediaError(
                    f"it is cut short: its header announces {size} bytes of sound, the file "
                    f"holds {held}"
                )
            channels, rate, block, _, _ = fmt
            return Recording("WAV", rate, channels, size // block)
    if fmt is None:
        raise MediaError("it has no format chunk: the WAV is damaged or cut short")
    raise MediaError("it has no sound data chunk: the WAV is damaged or cut short")


def _wav_format(chunk: bytes, size: int) -> Tuple[int, int, int, int, int]:
    if size < 16 or len(chunk) < 16:
        raise MediaError("its format chunk is cut short: the WAV is damaged")
    tag, channels, rate, _, block, bits = struct.unpack_from("<HHIIHH", chunk)
    if tag == _EXTENSIBLE:
        tag = _sub_format(chunk, size)
    if tag not in _BITS:
        raise MediaError(
            f"its encoding (WAV format {tag}) is not played; save it as 16-bit PCM WAV"
        )
    if bits not in _BITS[tag]:
        raise MediaError(f"it has {bits}-bit samples; save it as 16-bit PCM WAV")
    if channels == 0:
        raise MediaError("it has 0 channels; it must have 1 or 2")
    if block != channels * bits // 8:
        raise MediaError(
            f"its header is inconsistent (block of {block} bytes for {channels} channels of "
            f"{bits} bits): the WAV is damaged"
        )
    return channels, rate, block, bits, tag


def _sub_format(chunk: bytes, size: int) -> int:
    """The encoding an extensible WAV names in its sub-format GUID."""
    if size < _EXTENSIBLE_SIZE or len(chunk) < _EXTENSIBLE_SIZE:
        raise MediaError(
            f"its extensible format chunk is {min(size, len(chunk))} bytes; it must be "
            f"{_EXTENSIBLE_SIZE}: the WAV is damaged"
        )
    extension = struct.unpack_from("<H", chunk, 16)[0]
    if extension < _EXTENSION_SIZE:
        raise MediaError(
            f"its extensible format says its extension is {extension} bytes; it must be "
            f"{_EXTENSION_SIZE}: the WAV is damaged"
        )
    if chunk[26:40] != _GUID_TAIL:
        raise MediaError(
            "its extensible format names an unknown encoding; save it as 16-bit PCM WAV"
        )
    return struct.unpack_from("<H", chunk, 24)[0]


# -- Ogg Vorbis -----------------------------------------------------------------------------

_REVERSED = bytes(int(f"{n:08b}"[::-1], 2) for n in range(256))


def ogg_crc(page: bytes) -> int:
    """Ogg's page checksum (CRC-32, polynomial 0x04C11DB7, not reflected, no inversion), by
    way of zlib's reflected CRC-32 over the bit-reversed bytes: both run in C."""
    value = zlib.crc32(page.translate(_REVERSED), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{value:032b}"[::-1], 2)


@dataclass(frozen=True)
class _Page:
    flags: int
    granule: int
    serial: int
    sequence: int
    laces: bytes
    body: bytes


def _ogg_pages(data: bytes) -> List[_Page]:
    pages, at = [], 0
    while at < len(data):
        if data[at : at + 4] != b"OggS" or len(data) < at + 27:
            raise MediaError(f"it is damaged or cut short at byte {at} (no Ogg page there)")
        version, flags, granule, serial, sequence, crc, count = struct.unpack_from(
            "<BBqIIIB", data, at + 4
        )
        laces = data[at + 27 : at + 27 + count]
        end = at + 27 + count + sum(laces)
        if version != 0 or len(laces) < count or end > len(data):
            raise MediaError(f"it is cut short or damaged in its Ogg page at byte {at}")
        page = bytearray(data[at:end])
        page[22:26] = b"\0\0\0\0"
        if ogg_crc(bytes(page)) != crc:
            raise MediaError(f"its Ogg page at byte {at} is damaged (its checksum is wrong)")
        pages.append(_Page(flags, granule, serial, sequence, laces, data[at + 27 + count : end]))
        at = end
    return pages


def _first_packets(pages: List[_Page], count: int) -> List[bytes]:
    """The first ``count`` whole packets of a stream (fewer if it has fewer)."""
    packets: List[bytes] = []
    current = bytearray()  # grows in place: one packet may span a thousand pages of 255 laces
    for page in pages:
        at = 0
        for lace in page.laces:
            current += page.body[at : at + lace]
            at += lace
            if lace < 255:
                packets.append(bytes(current))
                current = bytearray()
                if len(packets) == count:
                    return packets
    return packets


def _audio_packets(pages: List[_Page]) -> int:
    """How many audio packets (not empty, first bit 0) follow the three headers; counted, not
    gathered: a file of 10 MiB may hold millions of one-byte packets."""
    count, index = 0, 0
    first: Optional[int] = None  # the first byte of the packet under way
    for page in pages:
        at = 0
        for lace in page.laces:
            if first is None and lace:
                first = page.body[at]
            at += lace
            if lace < 255:
                if index >= 3 and first is not None and not first & 1:
                    count += 1
                index, first = index + 1, None
    return count


def _ogg(data: bytes) -> Recording:
    pages = _ogg_pages(data)
    first, last = pages[0], pages[-1]
    if any(page.serial != first.serial for page in pages):
        raise MediaError("it holds more than one Ogg stream; save it as one Ogg Vorbis stream")
    if any(page.sequence != n for n, page in enumerate(pages)):
        raise MediaError("its Ogg pages are out of order or missing: it is damaged")
    if not first.flags & 0x02 or not last.flags & 0x04:
        raise MediaError("its Ogg stream has no proper start or end: it is cut short")
    if any(page.flags & 0x02 for page in pages[1:]) or any(p.flags & 0x04 for p in pages[:-1]):
        # A decoder starts a new stream, with headers (a sample rate) of its own, at each start.
        raise MediaError(
            "it holds Ogg streams one after another (chained); save it as one Ogg Vorbis stream"
        )
    packets = _first_packets(pages, 3)
    if not packets or not packets[0].startswith(b"\x01vorbis"):
        what = "Opus" if packets and packets[0].startswith(b"OpusHead") else "not Vorbis"
        raise MediaError(f"its Ogg stream is {what}; save it as Ogg Vorbis")
    channels, rate = _vorbis_identification(packets[0])
    if len(packets) < 3 or packets[1][:7] != b"\x03vorbis" or packets[2][:7] != b"\x05vorbis":
        raise MediaError("its Vorbis headers are missing or damaged")
    if last.granule < 0:
        raise MediaError("its last Ogg page has no position: it is damaged")
    _positions_hold(pages, packets[0], rate)
    return Recording("Ogg Vorbis", rate, channels, last.granule)


def _positions_hold(pages: List[_Page], identification: bytes, rate: int) -> None:
    """The stream holds no more sound than its page positions say. The decoder plays every
    audio packet whatever the positions claim, and a packet gives at most half a long block
    of frames; so a stream whose packets could give more than twice its last position (and
    one block) lies about its length: the mixer would decode it whole (a 10 MiB file of tiny
    packets is hours of sound). Positions never go back in a stream that is whole either."""
    position = 0
    for page in pages:
        if page.granule != -1 and page.granule < position:
            raise MediaError(
                f"its Ogg page {page.sequence} goes back to position {page.granule} from "
                f"{position}: it is damaged"
            )
        position = max(position, page.granule)
    long_block = 1 << (identification[28] >> 4)
    audio = _audio_packets(pages)
    most = max(0, audio - 1) * (long_block // 2)
    declared = pages[-1].granule
    if most > 2 * declared + long_block:
        raise MediaError(
            f"its last page says it lasts {declared / rate:.1f} s, yet its packets can hold "
            f"up to {most / rate:.1f} s: it is damaged"
        )


def _vorbis_identification(packet: bytes) -> Tuple[int, int]:
    if len(packet) < 30:
        raise MediaError("its Vorbis identification header is cut short")
    version, channels, rate = struct.unpack_from("<IBI", packet, 7)
    sizes, framing = packet[28], packet[29]
    small, large = sizes & 0x0F, sizes >> 4
    if version != 0 or not framing & 1 or not 6 <= small <= large <= 13:
        raise MediaError("its Vorbis identification header is damaged")
    if channels == 0:
        raise MediaError("it has 0 channels; it must have 1 or 2")
    return channels, rate


# -- PNG ------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bit depths allowed for each PNG colour type, and the samples in one pixel.
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# Adam7: (first column, first row, column step, row step) of each of the seven passes.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))  # fmt: skip


@dataclass(frozen=True)
class Picture:
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def png_size(data: bytes) -> Optional[Tuple[int, int]]:
    """Width and height from a PNG's header, or None when it does not start as a PNG."""
    if len(data) < 24 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        return None
    return struct.unpack_from(">II", data, 16)


def picture(data: bytes) -> Picture:
    """What a PNG decodes to, once every chunk is checked and its pixel data inflated (within
    the limits, so a bomb stops early); raises ``MediaError``."""
    if len(data) > PICTURE_MAX_BYTES:
        raise MediaError(f"it is {len(data)} bytes; at most {PICTURE_MAX_BYTES} (4 MiB)")
    size = png_size(data)
    if size is None:
        raise MediaError("it is not a PNG picture; save it as PNG")
    width, height = size
    least, most = PICTURE_SIDES
    if not (least <= width <= most and least <= height <= most):
        raise MediaError(
            f"it is a picture of {width}x{height} pixels; each side must be {least} to {most} "
            "pixels"
        )
    if width * height > PICTURE_MAX_PIXELS:
        raise MediaError(
            f"it is a picture of {width}x{height} = {width * height} pixels; at most "
            f"{PICTURE_MAX_PIXELS} (2048x1024)"
        )
    chunks = _png_chunks(data)
    _png_pixels(chunks, width, height)
    return Picture(width, height)


def _png_chunks(data: bytes) -> List[Tuple[bytes, bytes]]:
    chunks, at = [], 8
    while True:
        if at + 12 > len(data):
            raise MediaError(f"it is cut short at byte {at}: the PNG has no end")
        length = struct.unpack_from(">I", data, at)[0]
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if len(body) < length or at + 12 + length > len(data):
            raise MediaError(f"it is cut short in its {_name(kind)} chunk at byte {at}")
        crc = struct.unpack_from(">I", data, at + 8 + length)[0]
        if zlib.crc32(kind + body) != crc:
            raise MediaError(f"its {_name(kind)} chunk at byte {at} is damaged (wrong checksum)")
        chunks.append((kind, body))
        at += 12 + length
        if kind == b"IEND":
            return chunks


def _name(kind: bytes) -> str:
    return kind.decode("ascii", "replace") if kind.isalpha() else repr(kind)


def _png_pixels(chunks: List[Tuple[bytes, bytes]], width: int, height: int) -> None:
    header = chunks[0][1]
    if len(header) != 13:
        raise MediaError("its IHDR chunk is damaged")
    depth, colour, compression, filtering, interlace = header[8:13]
    if colour not in _DEPTHS or depth not in _DEPTHS[colour]:
        raise MediaError(f"its colour type {colour} with {depth}-bit samples is not a PNG one")
    if compression or filtering or interlace > 1:
        raise MediaError("its IHDR chunk names a method PNG does not have")
    _chunk_order(chunks, colour)
    rows = _rows(width, height, depth * _SAMPLES[colour], interlace)
    expected = sum(1 + row for row in rows)
    inflate = zlib.decompressobj()
    pixels = bytearray()  # grows in place: a PNG may hold thousands of small IDAT chunks
    try:
        for kind, body in chunks:
            room = expected + 1 - len(pixels)  # one byte over tells a picture with too much
            if kind == b"IDAT" and room > 0:  # (a room of 0 would be no limit at all to zlib)
                pixels += inflate.decompress(body, room)
    except zlib.error as exc:
        raise MediaError(f"its pixel data is damaged ({exc})") from exc
    if len(pixels) != expected or not inflate.eof:
        raise MediaError(
            f"its pixel data is cut short or damaged ({len(pixels)} bytes of {expected})"
        )
    _filters(pixels, rows)


_CRITICAL = (b"IHDR", b"PLTE", b"IDAT", b"IEND")  # the chunks a decoder must understand
_PALETTE_MOST = 256  # entries


def _chunk_order(chunks: List[Tuple[bytes, bytes]], colour: int) -> None:
    """The chunks in the order and number libpng accepts: one header, at most one palette of
    whole entries before the pixel data, the pixel data in consecutive chunks, and no critical
    chunk it does not know."""
    kinds = [kind for kind, _ in chunks]
    for kind in kinds:
        if kind[:1].isupper() and kind not in _CRITICAL:
            raise MediaError(f"it needs a decoder for its {_name(kind)} chunk, which PNG has not")
    if kinds.count(b"IHDR") > 1 or kinds.count(b"PLTE") > 1:
        raise MediaError("it has two IHDR or two PLTE chunks: the PNG is damaged")
    if b"IDAT" not in kinds:
        raise MediaError("it holds no pixel data")
    first = kinds.index(b"IDAT")
    last = len(kinds) - 1 - kinds[::-1].index(b"IDAT")
    if any(kind != b"IDAT" for kind in kinds[first:last]):
        raise MediaError("its pixel data is split by other chunks: the PNG is damaged")
    if b"PLTE" in kinds:
        _palette(dict(chunks)[b"PLTE"], kinds.index(b"PLTE") < first)
    elif colour == 3:
        raise MediaError("it is a palette picture with no palette")


def _palette(body: bytes, before_pixels: bool) -> None:
    if not before_pixels:
        raise MediaError("its palette comes after its pixel data: the PNG is damaged")
    if len(body) % 3 or not 1 <= len(body) // 3 <= _PALETTE_MOST:
        raise MediaError(
            f"its palette is {len(body)} bytes; it must be 1 to {_PALETTE_MOST} entries of 3 bytes"
        )


def _rows(width: int, height: int, bits: int, interlace: int) -> List[int]:
    """The bytes of each scanline (without its filter byte), in the order they are stored."""
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    rows: List[int] = []
    for x0, y0, dx, dy in passes:
        columns = (width - x0 + dx - 1) // dx if width > x0 else 0
        count = (height - y0 + dy - 1) // dy if height > y0 else 0
        if columns and count:
            rows += [(columns * bits + 7) // 8] * count
    return rows


def _filters(pixels: bytearray, rows: List[int]) -> None:
    at = 0
    for row in rows:
        if pixels[at] > 4:
            raise MediaError(f"its pixel data is damaged (filter type {pixels[at]})")
        at += 1 + row
