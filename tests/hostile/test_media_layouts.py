"""Recordings and pictures whose chunks and pages are laid out oddly: two format chunks, a RIFF
size that ends before the data, an extensible WAV SDL does not know, a PNG palette of broken
length or out of place, pixel data split by other chunks, Ogg pages whose positions lie about
the sound they hold. What the check keeps, the mixer and the image loader read as the check
read it: the same sample rate and length, the same size, never more sound than declared."""

from __future__ import annotations

import dataclasses
import io
import struct
import time
import tracemalloc
import zlib

import pygame
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facepacer import media

from .mediafiles import REAL_OGG
from .test_media import refusal

# -- WAV ------------------------------------------------------------------------------------

_PCM_GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"


def fmt(rate=22050, channels=1, bits=16, tag=1, extension=b"") -> bytes:
    block = channels * bits // 8
    return struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits) + extension


def extensible(cb_size=22, guid_tail=_PCM_GUID_TAIL, cut=0) -> bytes:
    extension = struct.pack("<HHI", cb_size, 16, 4) + b"\x01\x00" + guid_tail
    return fmt(tag=0xFFFE, extension=extension[: len(extension) - cut])


def chunk(name: bytes, body: bytes) -> bytes:
    return name + struct.pack("<I", len(body)) + body + b"\0" * (len(body) & 1)


def riff(*chunks: bytes, declared=None) -> bytes:
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body) if declared is None else declared) + body


SOUND = chunk(b"data", b"\x00\x08" * 22050)  # 1 s at 22050 Hz, 16-bit mono


@pytest.mark.parametrize(
    "data, says",
    [
        (
            riff(chunk(b"fmt ", fmt(rate=3)), chunk(b"fmt ", fmt()), SOUND),
            "its sample rate is 3 Hz",
        ),
        (riff(chunk(b"fmt ", fmt()), SOUND, declared=28), "it has no sound data chunk"),
        (riff(chunk(b"fmt ", fmt()), SOUND, declared=4), "it has no format chunk"),
        (
            riff(chunk(b"fmt ", extensible(cut=14)), SOUND),
            "its extensible format chunk is 26 bytes; it must be 40",
        ),
        (
            riff(chunk(b"fmt ", extensible(guid_tail=b"\xee" * 14)), SOUND),
            "its extensible format names an unknown encoding",
        ),
        (
            riff(chunk(b"fmt ", extensible(cb_size=0)), SOUND),
            "its extensible format says its extension is 0 bytes; it must be 22",
        ),
        (
            riff(chunk(b"fmt ", fmt()), *[chunk(b"junk", b"")] * 9999, SOUND),
            "it has more than 10000 chunks",
        ),
    ],
    ids=[
        "a bad first format",
        "riff ends before data",
        "riff ends before format",
        "extensible cut",
        "extensible unknown guid",
        "extensible extension 0",
        "10001 chunks",
    ],  # fmt: skip
)
def test_a_wav_laid_out_so_that_sdl_reads_it_otherwise_is_refused_at_its_key(tmp_path, data,
                                                                             says):  # fmt: skip
    assert says in refusal(tmp_path, "voice", "jaw.wav", data)


def test_a_wav_of_10000_chunks_sdl_reads_whole_is_kept():
    data = riff(chunk(b"fmt ", fmt()), *[chunk(b"junk", b"")] * 9998, SOUND)
    assert media.recording(data).seconds == 1.0


_PIECES = {
    "format": chunk(b"fmt ", fmt()),
    "format at 11025 Hz": chunk(b"fmt ", fmt(rate=11025)),
    "extensible": chunk(b"fmt ", extensible()),
    "extensible cut": chunk(b"fmt ", extensible(cut=14)),
    "odd chunk": chunk(b"LIST", b"abc"),
    "odd chunk unpadded": b"LIST" + struct.pack("<I", 3) + b"abc",
    "empty chunk": chunk(b"fact", b""),
    "sound": SOUND,
    "short sound": chunk(b"data", b"\x00\x08" * 4410),
}


@settings(max_examples=150)
@given(
    layout=st.lists(st.sampled_from(sorted(_PIECES)), min_size=1, max_size=5),
    declared=st.sampled_from([None, 0, 4, 28, 36, 0xFFFFFFFF]),
)
@example(layout=["format at 11025 Hz", "format", "sound"], declared=None)
@example(layout=["format", "sound"], declared=28)
@example(layout=["extensible cut", "sound"], declared=None)
def test_a_wav_layout_the_check_keeps_is_read_by_the_mixer_at_the_same_length(layout, declared):
    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
    data = riff(*(_PIECES[name] for name in layout), declared=declared)
    try:
        found = media.recording(data)
    except media.MediaError:
        return
    sound = pygame.mixer.Sound(file=io.BytesIO(data))
    assert sound.get_length() == pytest.approx(found.seconds, abs=0.01)


# -- PNG ------------------------------------------------------------------------------------


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def header(width=32, height=16, colour=2) -> bytes:
    return png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))


RGB_ROWS = zlib.compress((b"\0" + b"\x7f" * 96) * 16)  # 32x16 RGB, 8-bit
INDEX_ROWS = zlib.compress((b"\0" + b"\x01" * 32) * 16)  # 32x16 palette indices, 8-bit
END = png_chunk(b"IEND", b"")


def picture(*chunks: bytes) -> bytes:
    return media.PNG_SIGNATURE + b"".join(chunks)


def palette(body: bytes) -> bytes:
    return png_chunk(b"PLTE", body)


@pytest.mark.parametrize(
    "data, says",
    [
        (picture(header(colour=3), palette(b"\0" * 4), png_chunk(b"IDAT", INDEX_ROWS), END),
         "its palette is 4 bytes; it must be 1 to 256 entries of 3 bytes"),
        (picture(header(colour=3), palette(b""), png_chunk(b"IDAT", INDEX_ROWS), END),
         "its palette is 0 bytes"),
        (picture(header(colour=3), palette(b"\0" * 900), png_chunk(b"IDAT", INDEX_ROWS), END),
         "its palette is 900 bytes"),
        (picture(header(colour=3), png_chunk(b"IDAT", INDEX_ROWS), palette(b"\0" * 6), END),
         "its palette comes after its pixel data"),
        (picture(header(colour=3), palette(b"\0" * 6), palette(b"\0" * 6),
                 png_chunk(b"IDAT", INDEX_ROWS), END), "two IHDR or two PLTE chunks"),
        (picture(header(), header(4000, 4000), png_chunk(b"IDAT", RGB_ROWS), END),
         "two IHDR or two PLTE chunks"),
        (picture(header(), png_chunk(b"ABCD", b""), png_chunk(b"IDAT", RGB_ROWS), END),
         "it needs a decoder for its ABCD chunk"),
        (picture(header(), png_chunk(b"IDAT", RGB_ROWS[:10]), png_chunk(b"tEXt", b"a\0b"),
                 png_chunk(b"IDAT", RGB_ROWS[10:]), END),
         "its pixel data is split by other chunks"),
    ],
    ids=["palette of 4 bytes", "empty palette", "palette of 300", "palette after pixels",
         "two palettes", "two headers", "unknown critical chunk", "pixels split"],
)  # fmt: skip
def test_a_png_the_image_loader_cannot_read_is_refused_at_its_key(tmp_path, data, says):
    assert says in refusal(tmp_path, "image", "jaw.png", data)


_PNG_PIECES = {
    "palette": palette(b"\0\0\0\xff\xff\xff"),
    "palette of 4 bytes": palette(b"\0" * 4),
    "text": png_chunk(b"tEXt", b"a\0b"),
    "transparency": png_chunk(b"tRNS", b"\0"),
    "unknown critical": png_chunk(b"ABCD", b""),
    "unknown ancillary": png_chunk(b"abcd", b"zz"),
    "animation control": png_chunk(b"acTL", struct.pack(">II", 1, 0)),
    "pixels": png_chunk(b"IDAT", INDEX_ROWS),
    "pixels, first half": png_chunk(b"IDAT", INDEX_ROWS[:12]),
    "pixels, second half": png_chunk(b"IDAT", INDEX_ROWS[12:]),
    "empty pixels": png_chunk(b"IDAT", b""),
}


@settings(max_examples=150)
@given(
    colour=st.sampled_from([0, 3]),
    layout=st.lists(st.sampled_from(sorted(_PNG_PIECES)), min_size=1, max_size=5),
)
@example(colour=3, layout=["pixels", "palette"])
@example(colour=0, layout=["pixels, first half", "text", "pixels, second half"])
@example(colour=3, layout=["palette of 4 bytes", "pixels"])
@example(colour=0, layout=["pixels, first half", "pixels", "empty pixels", "empty pixels"])
def test_a_png_layout_the_check_keeps_is_loaded_at_its_size(colour, layout):
    data = picture(header(colour=colour), *(_PNG_PIECES[name] for name in layout), END)
    try:
        found = media.picture(data)
    except media.MediaError:
        return
    loaded = pygame.image.load(io.BytesIO(data), "picture.png")
    assert loaded.get_size() == (found.width, found.height) == (32, 16)


def test_pixel_data_that_runs_on_past_the_picture_is_refused_without_inflating_the_rest():
    stream = zlib.compressobj(9)
    zeros = b"\0" * (1 << 20)
    deflated = b"".join(stream.compress(zeros) for _ in range(64)) + stream.flush()
    data = picture(header(colour=0), png_chunk(b"IDAT", deflated[:64]),
                   png_chunk(b"IDAT", deflated[64:]), END)  # fmt: skip
    tracemalloc.start()
    try:
        with pytest.raises(media.MediaError, match="529 bytes of 528"):
            media.picture(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # 64 MiB inflated if the second chunk were let run


# -- Ogg Vorbis -----------------------------------------------------------------------------


def pages_of(data: bytes):
    return media._ogg_pages(data)


def ogg(pages) -> bytes:
    out = b""
    for page in pages:
        head = b"OggS" + struct.pack("<BBqIIIB", 0, page.flags, page.granule, page.serial,
                                     page.sequence, 0, len(page.laces))  # fmt: skip
        whole = head + page.laces + page.body
        out += whole[:22] + struct.pack("<I", media.ogg_crc(whole)) + whole[26:]
    return out


def repositioned(scale: float, repeats: int) -> bytes:
    """The real recording with its audio pages played ``repeats`` times over and every position
    multiplied by ``scale`` (kept in order, so no page goes back)."""
    pages = pages_of(REAL_OGG.read_bytes())
    heads, audio = pages[:2], pages[2:]
    out, step = list(heads), audio[-1].granule
    for turn in range(repeats):
        for page in audio:
            granule = int((page.granule + turn * step) * scale)
            out.append(dataclasses.replace(page, sequence=len(out), flags=page.flags & ~0x04,
                                           granule=granule))  # fmt: skip
    out[-1] = dataclasses.replace(out[-1], flags=out[-1].flags | 0x04)
    return ogg(out)


def test_the_real_recording_rebuilt_unchanged_is_the_same_bytes():
    assert repositioned(1.0, 1) == REAL_OGG.read_bytes()


@pytest.mark.parametrize(
    "data, says",
    [
        (
            repositioned(0.01, 1),
            "its last page says it lasts 0.1 s, yet its packets can hold "
            "up to 7.1 s: it is damaged",
        ),
        (repositioned(0.1, 10), "it lasts 7.1 s, yet its packets can hold up to 71.3 s"),
    ],
    ids=["positions a hundredth", "ten times the pages, a tenth of the positions"],
)
def test_an_ogg_whose_positions_say_less_than_its_packets_hold_is_refused(tmp_path, data, says):
    assert says in refusal(tmp_path, "voice", "jaw.ogg", data)


def test_an_ogg_whose_last_position_goes_back_is_refused(tmp_path):
    pages = pages_of(REAL_OGG.read_bytes())
    pages[-1] = dataclasses.replace(pages[-1], granule=1000)
    says = refusal(tmp_path, "voice", "jaw.ogg", ogg(pages))
    assert "its Ogg page 8 goes back to position 1000 from 69120" in says


@settings(max_examples=20)
@given(scale=st.floats(0.01, 1.0), repeats=st.integers(1, 3))
@example(scale=0.5, repeats=1)
@example(scale=0.4, repeats=1)
def test_an_ogg_the_check_keeps_never_decodes_to_more_than_twice_its_length(scale, repeats):
    pygame.mixer.init(frequency=22050, size=-16, channels=1, buffer=512)
    data = repositioned(scale, repeats)
    try:
        found = media.recording(data)
    except media.MediaError:
        return
    played = pygame.mixer.Sound(file=io.BytesIO(data)).get_length()
    assert played <= 2 * found.seconds + 512 / 11025 + 0.01


@pytest.mark.parametrize("flag, at", [(0x02, 2), (0x04, 2), (0x02, -1)])
def test_an_ogg_that_starts_or_ends_a_stream_midway_is_refused_as_chained(tmp_path, flag, at):
    pages = pages_of(REAL_OGG.read_bytes())
    pages[at] = dataclasses.replace(pages[at], flags=pages[at].flags | flag)
    says = refusal(tmp_path, "voice", "jaw.ogg", ogg(pages))
    assert "it holds Ogg streams one after another (chained)" in says


IDENTIFICATION = b"\x01vorbis" + struct.pack("<IBIiii", 0, 1, 22050, 0, 64000, 0) + b"\xb8\x01"
COMMENT = b"\x03vorbis" + struct.pack("<I", 4) + b"test" + struct.pack("<I", 0) + b"\x01"
SETUP = b"\x05vorbis" + b"\x00" * 40


def ogg_of(*pages) -> bytes:
    """Pages given as (laces, body, flags, granule), numbered in order."""
    return ogg(
        media._Page(flags, granule, 7, number, laces, body)
        for number, (laces, body, flags, granule) in enumerate(pages)
    )


def test_a_header_packet_spread_over_many_pages_is_read_in_linear_time():
    full = (b"\xff" * 255, b"x" * 255 * 255, 1, -1)  # 64 KiB of one packet, continued
    data = ogg_of(
        (bytes([len(IDENTIFICATION)]), IDENTIFICATION, 2, 0),
        (b"\xff" * 255, COMMENT[:7] + b"x" * (255 * 255 - 7), 0, -1),
        *[full] * 150,  # a comment packet of 9.4 MiB
        (bytes([0, len(SETUP), 30]), SETUP + b"\0" * 30, 1 | 4, 22050),
    )
    started = time.monotonic()
    assert media.recording(data).seconds == 1.0
    assert time.monotonic() - started < 5  # 20 s to minutes, each lace copying the packet


def test_millions_of_one_byte_packets_under_a_short_last_position_are_refused():
    audio = (b"\x01" * 255, b"\x00" * 255, 0, 0)  # 255 audio packets of one byte a page
    data = ogg_of(
        (bytes([len(IDENTIFICATION)]), IDENTIFICATION, 2, 0),
        (bytes([len(COMMENT), len(SETUP)]), COMMENT + SETUP, 0, 0),
        *[audio] * 4000,
        (b"\x01" * 255, b"\x00" * 255, 4, 22050 * 30),
    )
    with pytest.raises(media.MediaError, match="it lasts 30.0 s, yet its packets can hold up to"):
        media.recording(data)
