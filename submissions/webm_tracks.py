"""What a WebM or Matroska video's tracks hold, and whether judges' browsers can play it.

Each track's type (video, sound) and codec ID come from the segment's ``Tracks`` element (``TrackEntry >
TrackType``, ``CodecID``), found by walking the segment's top-level elements by their sizes (``ebml``) up to its
first cluster, which the tracks precede. What Chrome, Edge and Firefox all play in WebM is accepted: VP8, VP9 and
AV1 pictures, Opus and Vorbis sound. H.264 (Chrome's MediaRecorder can record it into WebM; OBS records it into
MKV), HEVC and AAC play in Chrome alone there, and are refused naming the codec and the container; HEVC with its own
advice, as in an MP4. As in an MP4, a sound track browsers cannot play after a first one they can is no problem.

A file whose tracks cannot be found (its elements do not fit, the walk is too long, no ``Tracks`` before the first
cluster) is not refused here: the upload took it for what its header says, and the judge's copy says what it could
not clean."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from .ebml import CLUSTER, SEGMENT, BrokenElement, Element, Walk, elements
from .playability import Coding, refusals
from .report import Problem

TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_NUMBER = 0xD7
_TRACK_TYPE = 0x83
_CODEC_ID = 0x86
_VIDEO, _SOUND = 1, 2
PLAYABLE_VIDEO = {"V_VP8", "V_VP9", "V_AV1"}
PLAYABLE_SOUND = {"A_OPUS", "A_VORBIS"}
HEVC = "V_MPEGH/ISO/HEVC"
_NAMES = {
    "V_MPEG4/ISO/AVC": "H.264",
    "V_MPEG4/ISO/ASP": "MPEG-4 Part 2",
    "V_MPEG4/ISO/SP": "MPEG-4 Part 2",
    "V_MPEG4/MS/V3": "MPEG-4 (Microsoft)",
    "V_MPEG2": "MPEG-2",
    "V_MS/VFW/FOURCC": "Video for Windows",
    "V_MJPEG": "Motion JPEG",
    "V_PRORES": "Apple ProRes",
    "V_THEORA": "Theora",
    "A_MPEG/L3": "MP3",
    "A_AC3": "AC-3 (Dolby Digital)",
    "A_EAC3": "E-AC-3 (Dolby Digital Plus)",
    "A_FLAC": "FLAC",
    "A_DTS": "DTS",
}
_CONTAINERS = {"webm": "WebM", "matroska": "MKV"}


def unplayable_webm(f: BinaryIO, doctype: str, size: int) -> list[Problem]:
    """Why judges' browsers could not play the WebM or Matroska (``doctype``: ``webm``, ``matroska``) video ``f`` of
    ``size`` bytes (given: a zip's member would be decompressed whole to find its end): no video track, or a codec
    they do not all play (see the module docstring); each problem once."""
    try:
        found = tracks(f, size)
    except BrokenElement:
        return []
    if found is None:
        return []
    container = _CONTAINERS.get(doctype, doctype)
    return refusals([_coding(kind, codec, container) for kind, codec in found])


def _coding(kind: int, codec: str, container: str) -> Coding:
    """The track of ``kind`` coded as ``codec`` in ``container`` as ``playability`` judges it."""
    named = f"{_name(codec)} ({container})"
    if kind == _VIDEO:
        return Coding("video", codec in PLAYABLE_VIDEO, named, hevc=codec == HEVC)
    if kind == _SOUND:
        return Coding("sound", codec in PLAYABLE_SOUND, named)
    return Coding("other", True)


def tracks(f: BinaryIO, size: int) -> list[tuple[int, str]] | None:
    """(type, codec ID) of each track of the WebM or Matroska file ``f`` of ``size`` bytes; ``None`` when it has no
    ``Tracks`` before its first cluster. Raises ``ebml.BrokenElement``."""
    walk = Walk()
    segment = next((e for e in elements(f, 0, size, walk) if e.id == SEGMENT), None)
    if segment is None:
        return None
    for child in elements(f, segment.data, segment.end, walk):
        if child.id == CLUSTER:
            return None
        if child.id == TRACKS:
            return [(track.kind, track.codec) for track in track_entries(f, child, walk)]
    return None


@dataclass(frozen=True)
class Track:
    """A ``TrackEntry``'s number, type and codec ID (0, 0 and ``""`` where it does not say)."""

    number: int
    kind: int
    codec: str


def track_entries(f: BinaryIO, tracks_element: Element, walk: Walk) -> list[Track]:
    """The tracks the segment's ``Tracks`` element ``tracks_element`` lists, in order."""
    return [
        _track(f, e, walk) for e in elements(f, tracks_element.data, tracks_element.end, walk) if e.id == _TRACK_ENTRY
    ]


def _track(f: BinaryIO, entry: Element, walk: Walk) -> Track:
    fields = {_TRACK_NUMBER: 0, _TRACK_TYPE: 0}
    codec = ""
    for part in elements(f, entry.data, entry.end, walk):
        if part.id in (_TRACK_NUMBER, _TRACK_TYPE, _CODEC_ID) and part.end - part.data <= 64:
            f.seek(part.data)
            value = f.read(part.end - part.data)
            if part.id == _CODEC_ID:
                codec = value.rstrip(b"\x00").decode("ascii", "replace")
            else:
                fields[part.id] = int.from_bytes(value, "big")
    return Track(fields[_TRACK_NUMBER], fields[_TRACK_TYPE], codec)


def _name(codec: str) -> str:
    """How to name ``codec`` (a codec ID) to a person: its usual name, else the ID itself."""
    if codec.startswith(("A_AAC", "A_PCM/")):  # A_AAC/MPEG4/LC..., A_PCM/INT/LIT...
        return codec[2:5]
    return _NAMES.get(codec, codec or "?")
