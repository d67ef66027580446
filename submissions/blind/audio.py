"""MP3 sound (a lecture's narration) without its tags: the ID3v2 tag at its start (artist, album, comment, the
recording's owner, a picture) and the ID3v1 tag in its last 128 bytes. The sound itself is kept byte for byte."""

from __future__ import annotations

ID3_START = b"ID3"
_ID3V1 = b"TAG"
_ID3V1_SIZE = 128


def strip_mp3(data: bytes) -> bytes:
    """``data`` (an MP3 whose ID3v2 tag, if any, starts it) without its ID3 tags; unchanged when it has none."""
    if data.startswith(ID3_START) and len(data) >= 10:
        size = 0
        for byte in data[6:10]:  # four 7-bit bytes ("synchsafe")
            size = size << 7 | (byte & 0x7F)
        footer = 10 if data[5] & 0x10 else 0
        data = data[10 + size + footer :]
    if len(data) >= _ID3V1_SIZE and data[-_ID3V1_SIZE:].startswith(_ID3V1):
        data = data[:-_ID3V1_SIZE]
    return data
