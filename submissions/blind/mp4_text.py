"""The words of an MP4's or a MOV's text tracks: subtitles (``tx3g``, WebVTT's ``wvtt``), QuickTime's chapter names
(a ``text`` track the movie's chapters point at), closed captions. They lie in the media data, sample by sample, and
are the work (a lecture's subtitles): kept, but read for names, as a subtitle file in a package is.

A text track is found by its handler (``text``, ``sbtl``, ``subt``) or its sample entry; its samples by its sample
table (``stsz`` sizes, ``stsc`` samples per chunk, ``stco`` or ``co64`` chunk offsets). At most ``MAX_TEXT`` bytes
of samples are read in one file; a sample that lies outside the file is skipped, a table that does not fit ends the
reading (what was read is kept). A ``tx3g`` or QuickTime text sample is a 16-bit length, then UTF-8 or (after a byte
order mark) UTF-16 text; any other is read as UTF-8."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from ..media_integrity import Box, BrokenBox, boxes, movie_box

MAX_TEXT = 1024 * 1024
MAX_SAMPLES = 100_000  # samples of one track read (a subtitle a second: 27 hours)
_MAX_TABLE = 4 * 1024 * 1024  # bytes of one sample table read
_HANDLERS = {b"text", b"sbtl", b"subt", b"clcp"}
_CODECS = {b"tx3g", b"text", b"wvtt", b"stpp", b"c608"}


def movie_text(f: BinaryIO) -> str:
    """The text of the text tracks of the MP4 or QuickTime movie ``f`` (see the module docstring)."""
    size = f.seek(0, 2)
    movie = movie_box(f)
    if movie is None:
        return ""
    texts: list[str] = []
    budget = MAX_TEXT
    try:
        for trak in boxes(f, movie.payload, movie.end):
            if trak.kind != b"trak":
                continue
            for handler, codec, table in track_media(f, trak):
                if handler in _HANDLERS or codec in _CODECS:
                    for offset, length in samples(f, table):
                        if budget <= 0:
                            return "\n".join(texts)
                        if offset + length <= size:
                            f.seek(offset)
                            sample = f.read(min(length, budget))
                            budget -= len(sample)
                            texts.append(_words(sample, codec))
    except (BrokenBox, struct.error):
        pass
    return "\n".join(texts)


def track_media(f: BinaryIO, trak: Box) -> list[tuple[bytes, bytes | None, Box]]:
    """(handler type, codec, sample table) of each media box of ``trak``."""
    found = []
    for media in boxes(f, trak.payload, trak.end):
        if media.kind != b"mdia":
            continue
        handler, codec, table = b"", None, None
        for part in boxes(f, media.payload, media.end):
            if part.kind == b"hdlr":
                f.seek(part.payload + 8)
                handler = f.read(4)
            elif part.kind == b"minf":
                table = next((b for b in boxes(f, part.payload, part.end) if b.kind == b"stbl"), None)
        if table is not None:
            stsd = next((b for b in boxes(f, table.payload, table.end) if b.kind == b"stsd"), None)
            if stsd is not None and stsd.end - stsd.payload >= 16:
                f.seek(stsd.payload + 12)
                codec = f.read(4)
            found.append((handler, codec, table))
    return found


def samples(f: BinaryIO, table: Box) -> Iterator[tuple[int, int]]:
    """(offset, size) of each sample the sample table ``table`` describes, the first ``MAX_SAMPLES``."""
    parts = {b.kind: b for b in boxes(f, table.payload, table.end)}
    sizes_box, per_chunk_box = parts.get(b"stsz"), parts.get(b"stsc")
    chunks_box, wide = (parts[b"co64"], True) if b"co64" in parts else (parts.get(b"stco"), False)
    if sizes_box is None or per_chunk_box is None or chunks_box is None:
        return
    sizes_data, per_chunk, chunks = (_read(f, b) for b in (sizes_box, per_chunk_box, chunks_box))
    constant, count = struct.unpack_from(">II", sizes_data, 4)
    count = min(count, MAX_SAMPLES, (len(sizes_data) - 12) // 4 if constant == 0 else MAX_SAMPLES)
    sizes = [constant] * count if constant else list(struct.unpack_from(f">{count}I", sizes_data, 12))
    chunk_count = struct.unpack_from(">I", chunks, 4)[0]
    width = 8 if wide else 4
    chunk_count = min(chunk_count, (len(chunks) - 8) // width)
    offsets = struct.unpack_from(f">{chunk_count}{'Q' if wide else 'I'}", chunks, 8)
    runs_count = min(struct.unpack_from(">I", per_chunk, 4)[0], (len(per_chunk) - 8) // 12)
    runs = [struct.unpack_from(">III", per_chunk, 8 + 12 * n)[:2] for n in range(runs_count)]
    sample = 0
    for n, (first, samples_each) in enumerate(runs):
        last = runs[n + 1][0] - 1 if n + 1 < len(runs) else chunk_count
        for chunk in range(max(first, 1), min(last, chunk_count) + 1):
            at = offsets[chunk - 1]
            for _ in range(min(samples_each, len(sizes) - sample)):
                yield at, sizes[sample]
                at += sizes[sample]
                sample += 1
            if sample >= len(sizes):
                return


def _read(f: BinaryIO, box: Box) -> bytes:
    f.seek(box.payload)
    return f.read(min(box.end - box.payload, _MAX_TABLE))


def _words(sample: bytes, codec: bytes | None) -> str:
    """A sample's text: after its 16-bit length for ``tx3g`` and QuickTime text, UTF-16 after a byte order mark."""
    if codec in (b"tx3g", b"text") and len(sample) >= 2:
        (length,) = struct.unpack_from(">H", sample)
        body = sample[2 : 2 + length]
        if body.startswith((b"\xfe\xff", b"\xff\xfe")):
            return body.decode("utf-16", "replace")
        return body.decode("utf-8", "replace")
    return sample.decode("utf-8", "replace")
