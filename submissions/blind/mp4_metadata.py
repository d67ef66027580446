"""An MP4 or QuickTime (MOV) video's metadata blanked in its judge's copy: the tags phones, cameras and editors write
(artist, title, comment, copyright, the place it was filmed, the owner's name, chapter names, XMP; QuickTime's
``©aut``, ``©nam``... user data and the ``com.apple.quicktime.*`` keys of its ``meta`` box: author, location, the
phone's model), without touching a frame.

Each such box is turned, in place, into a ``free`` box of the same size filled with zeros: players skip ``free``
boxes, and since no box moves, the offsets of the media data stay right (no remuxing, no ffmpeg). The boxes blanked:
``udta``, ``meta`` and ``uuid`` at the top, in the movie box (``moov``) and in each of its tracks (``trak``): XMP is
kept in a top-level ``uuid`` box, a camera's own tags (Canon's, with the owner's name) in one in the movie box. The
name of each track's handler (``hdlr`` in its media box and, in a QuickTime movie, in its media information box) is
free text too, which editors and ffmpeg fill ("Video của <author>"): its bytes are zeroed (an empty name, as a C
string and as QuickTime's counted string), the handler's type kept; so is the compressor's name of each visual
sample entry (32 bytes of free text that ffmpeg fills from the stream's encoder tag, kept from the source when it
remuxes, and ExifTool shows as CompressorName). Text tracks (subtitles, QuickTime chapter
names), whose text is in the media data, are the work: read for names (``mp4_text``), not blanked. The samples of a
timed metadata track (handler ``meta``: GoPro's ``gpmd`` and DJI's ``djmd`` record the place filmed second by
second, an iPhone's ``mebx`` what its camera saw), which lie in the media data, are zeroed in place, at most
``mp4_text.MAX_SAMPLES`` a track; players do not read them.
"""

from __future__ import annotations

import struct
from itertools import islice
from typing import BinaryIO

from ..media_integrity import Box, BrokenBox, boxes
from .in_place import zero
from .mp4_text import samples, track_media

_TAGS = (b"udta", b"meta", b"uuid")  # uuid: XMP at the top; a camera's own tags in the movie (Canon: the owner)
_HANDLER_NAME = 4 + 4 + 4 + 12  # version and flags, pre_defined, handler type, reserved; then the name
_COMPRESSOR_NAME = slice(50, 82)  # in a visual sample entry, after its header and its fields (ISO/IEC 14496-12, 12.1.3)
_MAX_ENTRIES = 16  # sample entries read in one description: a track has one, rarely a few


def blank_metadata(f: BinaryIO) -> int:
    """Blank the metadata boxes and the handlers' names of the MP4 or QuickTime movie open in ``f`` (for reading and
    writing); how many boxes were blanked. Raises ``BrokenBox`` (a ``ValueError``) for a file whose boxes do not fit
    it, before changing anything."""
    size = f.seek(0, 2)
    found: list[Box] = []
    handlers: list[Box] = []
    timed: list[tuple[int, int]] = []
    compressors: list[tuple[int, int]] = []
    for box in list(boxes(f, 0, size)):
        if box.kind in _TAGS:
            found.append(box)
        elif box.kind == b"moov":
            for part in list(boxes(f, box.payload, box.end)):
                if part.kind in _TAGS:
                    found.append(part)
                elif part.kind == b"trak":
                    found.extend(tag for tag in boxes(f, part.payload, part.end) if tag.kind in _TAGS)
                    handlers.extend(_handlers(f, part))
                    compressors.extend(_compressor_names(f, part))
                    timed.extend(_timed_samples(f, part, size))
    for box in found:
        _blank(f, box)
    for start, length in timed + compressors:
        zero(f, start, start + length)
    for handler in handlers:
        zero(f, handler.payload + _HANDLER_NAME, handler.end)
    return len(found)


def _timed_samples(f: BinaryIO, track: Box, size: int) -> list[tuple[int, int]]:
    """(offset, size) of the samples of ``track`` when it is a timed metadata track, those inside the file."""
    found: list[tuple[int, int]] = []
    try:
        for handler, _codec, table in track_media(f, track):
            if handler == b"meta":
                found.extend((at, length) for at, length in samples(f, table) if at + length <= size)
    except struct.error as e:  # a sample table shorter than it says
        raise BrokenBox() from e
    return found


def _compressor_names(f: BinaryIO, track: Box) -> list[tuple[int, int]]:
    """(offset, size) of the compressor's name in each visual sample entry of ``track``'s sample description."""
    found: list[tuple[int, int]] = []
    for handler, _codec, table in track_media(f, track):
        if handler != b"vide":
            continue
        for description in boxes(f, table.payload, table.end):
            if description.kind != b"stsd":
                continue
            entries = islice(boxes(f, description.payload + 8, description.end), _MAX_ENTRIES)  # after the count
            found.extend(
                (entry.start + _COMPRESSOR_NAME.start, _COMPRESSOR_NAME.stop - _COMPRESSOR_NAME.start)
                for entry in entries
                if entry.end - entry.start >= _COMPRESSOR_NAME.stop
            )
    return found


def _handlers(f: BinaryIO, track: Box) -> list[Box]:
    """The handler boxes of ``track``'s media box and of its media information box."""
    found = []
    for media in boxes(f, track.payload, track.end):
        if media.kind == b"mdia":
            for part in boxes(f, media.payload, media.end):
                if part.kind == b"hdlr":
                    found.append(part)
                elif part.kind == b"minf":
                    found.extend(inner for inner in boxes(f, part.payload, part.end) if inner.kind == b"hdlr")
    return found


def _blank(f: BinaryIO, box: Box) -> None:
    f.seek(box.start + 4)
    f.write(b"free")
    zero(f, box.payload, box.end)
