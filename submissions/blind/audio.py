"""Sound (a lecture's narration, its music) without its tags, the sound itself kept byte for byte:

- MP3: the ID3v2 tag at its start (artist, album, comment, the recording's owner, a picture), the APEv2 tag
  (foobar2000, MP3Gain) and the ID3v1 tag at its end are cut off.
- FLAC: its Vorbis comments (ARTIST=, COMMENT=...) and pictures become padding blocks of zeros, in place.
- WAV: the chunks where recorders and editors keep text (``LIST`` of ``INFO``: IART, INAM, ICMT...; ``bext``, the
  broadcast originator; ``iXML``; ``_PMX``, XMP; ``id3``) become ``JUNK`` chunks of zeros, in place (Audacity writes
  what its metadata editor was told there).

An ID3v2 tag at the start of a FLAC or WAV file is cut off too. A file that does not parse is left as it is past
what could be read.
"""

from __future__ import annotations

import struct

ID3_START = b"ID3"
FLAC_START = b"fLaC"
_ID3V1 = b"TAG"
_ID3V1_SIZE = 128
_APE = b"APETAGEX"
_APE_FOOTER = 32
_FLAC_TAGS = {4, 6}  # VORBIS_COMMENT, PICTURE
_FLAC_PADDING = 1
_WAV_TEXT = {b"LIST", b"bext", b"iXML", b"_PMX", b"id3 ", b"ID3 "}


def kind(head: bytes) -> str | None:
    """``mp3``, ``flac``, ``wav`` or ``ogg`` (``ogg_comments``) for sound whose first bytes are ``head``, else
    ``None``."""
    if head.startswith(ID3_START):
        return "mp3"  # or a FLAC or WAV behind a tag: ``strip_sound`` looks again once it is cut off
    if head.startswith(FLAC_START):
        return "flac"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"OggS"):
        return "ogg"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"  # an MPEG audio frame's sync word: an MP3 without an ID3v2 tag
    return None


def strip_sound(data: bytes) -> bytes:
    """``data`` (MP3, FLAC or WAV sound) without its tags (see the module docstring); unchanged when it has none."""
    if data.startswith(ID3_START) and len(data) >= 10:
        size = 0
        for byte in data[6:10]:  # four 7-bit bytes ("synchsafe")
            size = size << 7 | (byte & 0x7F)
        footer = 10 if data[5] & 0x10 else 0
        data = data[10 + size + footer :]
    if data.startswith(FLAC_START):
        return _blank_flac(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return _blank_wav(data)
    if len(data) >= _ID3V1_SIZE and data[-_ID3V1_SIZE:].startswith(_ID3V1):
        data = data[:-_ID3V1_SIZE]
    if len(data) >= _APE_FOOTER and data[-_APE_FOOTER:].startswith(_APE):
        size, _, flags = struct.unpack_from("<III", data, len(data) - _APE_FOOTER + 12)
        header = _APE_FOOTER if flags & 0x80000000 else 0
        if size + header <= len(data):
            data = data[: len(data) - size - header]
    return data


def _blank_flac(data: bytes) -> bytes:
    out = bytearray(data)
    at = len(FLAC_START)
    while at + 4 <= len(out):
        header = out[at]
        size = int.from_bytes(out[at + 1 : at + 4], "big")
        if at + 4 + size > len(out):
            break
        if header & 0x7F in _FLAC_TAGS:
            out[at] = header & 0x80 | _FLAC_PADDING
            out[at + 4 : at + 4 + size] = bytes(size)
        if header & 0x80:  # the last metadata block
            break
        at += 4 + size
    return bytes(out)


def _blank_wav(data: bytes) -> bytes:
    out = bytearray(data)
    at, end = 12, min(len(out), 8 + struct.unpack_from("<I", out, 4)[0])
    while at + 8 <= end:
        chunk, size = struct.unpack_from("<4sI", out, at)
        if at + 8 + size > end:
            break
        if chunk in _WAV_TEXT and (chunk != b"LIST" or out[at + 8 : at + 12] == b"INFO"):
            out[at : at + 4] = b"JUNK"
            out[at + 8 : at + 8 + size] = bytes(size)
        at += 8 + size + (size & 1)
    return bytes(out)
