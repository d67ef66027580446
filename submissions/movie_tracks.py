"""What an MP4 or QuickTime movie's tracks hold, and whether judges' browsers can play it.

Each track's handler (``vide``, ``soun``...) and codec come from its media box: the handler from ``hdlr``, the codec
from the type of the first sample entry of its sample description (``moov > trak > mdia > minf > stbl > stsd``,
ISO/IEC 14496-12, 8.5.2), a few small reads per track. The codecs that Chrome, Edge and Firefox all play are
accepted: H.264 (``avc1``, ``avc3``), VP8, VP9 and AV1 for pictures; AAC (``mp4a``, which also names MP3 in MP4),
MP3 (``.mp3``), Opus and FLAC for sound. HEVC (H.265, ``hvc1``, ``hev1``, Dolby Vision's ``dvh1``, ``dvhe``: an
iPhone's "High Efficiency" recordings) plays in Chrome and Edge only on computers with a hardware decoder and in
Firefox hardly anywhere, so it is refused, with its own advice; so are MPEG-4 Part 2 (``mp4v``), H.263 (``s263``),
ProRes, Motion JPEG and any other codec, named by their type, and H.264 in a profile browsers do not decode (High 10,
High 4:2:2, High 4:4:4: 10-bit and full-colour recordings of cameras and drones), read from the sample entry's
``avcC`` box.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from .media_integrity import Box, BrokenBox, boxes, movie_box
from .playability import Coding, refusals
from .report import Problem

PLAYABLE_VIDEO = {b"avc1", b"avc3", b"vp08", b"vp09", b"av01"}
HEVC = {b"hvc1", b"hev1", b"dvh1", b"dvhe"}
PLAYABLE_SOUND = {b"mp4a", b".mp3", b"Opus", b"fLaC"}
_NAMES = {
    b"mp4v": "MPEG-4 Part 2",
    b"s263": "H.263",
    b"h263": "H.263",
    b"jpeg": "Motion JPEG",
    b"mjpa": "Motion JPEG",
    b"encv": "encrypted video",
    b"enca": "encrypted sound",
    b"ac-3": "AC-3 (Dolby Digital)",
    b"ec-3": "E-AC-3 (Dolby Digital Plus)",
    b"alac": "Apple Lossless (ALAC)",
    b"samr": "AMR",
    b"sowt": "PCM",
    b"twos": "PCM",
    b"lpcm": "PCM",
    b"ipcm": "PCM",
    b"in24": "PCM",
    b"fl32": "PCM",
}
_NAMES.update({kind: "Apple ProRes" for kind in (b"apch", b"apcn", b"apcs", b"apco", b"ap4h", b"ap4x")})


_AVC = {b"avc1", b"avc3"}
_AVC_PROFILES = {110: "H.264 High 10", 122: "H.264 High 4:2:2", 244: "H.264 High 4:4:4", 44: "H.264 CAVLC 4:4:4"}
"""H.264 profiles that browsers do not decode (10-bit and full-colour recordings), by their ``profile_idc``."""
_VISUAL_ENTRY = 8 + 78  # a visual sample entry's header and fields, before its boxes (avcC)
_MAX_ENTRY = 64 * 1024


@dataclass(frozen=True)
class Track:
    """A track's handler type (``vide``, ``soun``, ``text``...), its codec (``None``: no sample description
    found) and, for H.264, its profile (``profile_idc`` of its ``avcC``; ``None`` when not found)."""

    handler: bytes
    codec: bytes | None
    profile: int | None = None


def unplayable(f: BinaryIO) -> list[Problem]:
    """Why judges' browsers could not play the whole MP4 or QuickTime movie ``f`` (``media_integrity`` found its
    movie box): no video track, a video or sound codec they do not all play (see the module docstring; a sound track
    they cannot play after a first one they can is no problem: they play the first, as an AAC track before a PCM or
    spatial-audio one), or a video track without a sample description (a damaged file); each problem once."""
    movie = movie_box(f)
    try:
        found = tracks(f, movie) if movie is not None else []
    except BrokenBox:
        found = []
    return refusals([_coding(track) for track in found])


def _coding(track: Track) -> Coding:
    """``track`` as ``playability`` judges it."""
    if track.handler == b"vide":
        profile = _AVC_PROFILES.get(track.profile) if track.profile is not None else None
        playable = track.codec in PLAYABLE_VIDEO and profile is None
        damaged = track.codec is None
        return Coding("video", playable, profile or codec_name(track.codec), track.codec in HEVC, damaged)
    if track.handler == b"soun":
        return Coding("sound", track.codec in PLAYABLE_SOUND, codec_name(track.codec))
    return Coding("other", True)


def tracks(f: BinaryIO, movie: Box) -> list[Track]:
    """The tracks of the movie box ``movie`` of ``f``; raises ``media_integrity.BrokenBox`` when a box does not fit."""
    found = []
    for track in boxes(f, movie.payload, movie.end):
        if track.kind != b"trak":
            continue
        for media in boxes(f, track.payload, track.end):
            if media.kind == b"mdia":
                found.append(_track(f, media))
    return found


def _track(f: BinaryIO, media: Box) -> Track:
    handler, codec, profile = b"", None, None
    for part in boxes(f, media.payload, media.end):
        if part.kind == b"hdlr":
            f.seek(part.payload + 8)  # version and flags, pre_defined (QuickTime: the component type)
            handler = f.read(4)
        elif part.kind == b"minf":
            codec, profile = _codec(f, part)
    return Track(handler, codec, profile)


def _codec(f: BinaryIO, information: Box) -> tuple[bytes | None, int | None]:
    """The codec of the first sample entry under ``information`` and, for H.264, its profile."""
    for table in boxes(f, information.payload, information.end):
        if table.kind != b"stbl":
            continue
        for description in boxes(f, table.payload, table.end):
            if description.kind == b"stsd" and description.end - description.payload >= 16:
                f.seek(description.payload + 8)  # version and flags, entry count; then the first entry's size
                head = f.read(8)
                if len(head) < 8:
                    return None, None
                size, codec = struct.unpack(">I4s", head)
                return codec, (_avc_profile(f, description.payload + 8, size) if codec in _AVC else None)
    return None, None


def _avc_profile(f: BinaryIO, start: int, size: int) -> int | None:
    """The ``profile_idc`` of the ``avcC`` box inside the H.264 sample entry of ``size`` bytes at ``start``."""
    f.seek(start)
    entry = f.read(min(size, _MAX_ENTRY))
    at = _VISUAL_ENTRY
    while at + 8 <= len(entry):
        length, kind = struct.unpack_from(">I4s", entry, at)
        if kind == b"avcC":
            return entry[at + 9] if at + 10 <= len(entry) else None
        if length < 8:
            return None
        at += length
    return None


def codec_name(codec: bytes | None) -> str:
    """How to name ``codec`` (a sample entry's type) to a person: its usual name, else its four characters."""
    if codec is None:
        return "?"
    return _NAMES.get(codec, codec.decode("latin-1").strip() or "?")
