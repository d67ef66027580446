"""Ogg sound (Vorbis, Opus: what Audacity, OBS and ffmpeg write as .ogg, .oga and .opus) without its comments:
ARTIST=, TITLE=, COMMENT=... and cover pictures live in the stream's comment header, its second packet. The packet
keeps its length and its place: its comment count becomes 0 and what followed it zeros (Vorbis: after its framing
bit, which must stay; Opus: "extra data" its specification lets readers skip), so no page moves and the sound is
byte for byte the same; the checksum of each page the packet lies in is computed again (RFC 3533). The encoder's
vendor string is kept. Only the file's first logical stream is cleaned; a file that does not parse is left as it
is.
"""

from __future__ import annotations

import struct

OGG_START = b"OggS"
_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, type, granule, serial, sequence, checksum, segments
_VORBIS = b"\x03vorbis"
_OPUS = b"OpusTags"


def strip_ogg(data: bytes) -> bytes:
    """``data`` (an Ogg file) with the comments of its first stream blanked (see the module docstring)."""
    pieces = _second_packet(data)
    if pieces is None:
        return data
    packet = b"".join(data[at : at + size] for _, at, size in pieces)
    blanked = _blank(packet)
    if blanked is None or blanked == packet:
        return data
    out = bytearray(data)
    taken = 0
    for _, at, size in pieces:
        out[at : at + size] = blanked[taken : taken + size]
        taken += size
    for page in dict.fromkeys(page for page, _, _ in pieces):
        _checksum(out, page)
    return bytes(out)


def _second_packet(data: bytes) -> list[tuple[int, int, int]] | None:
    """Where the first stream's second packet lies: (its page's offset, an offset, a length) for each piece."""
    at, serial, packet, pieces = 0, None, 0, []
    while at + _HEADER.size <= len(data) and data[at : at + 4] == OGG_START:
        _, _, _, _, page_serial, _, _, count = _HEADER.unpack_from(data, at)
        lacing = data[at + _HEADER.size : at + _HEADER.size + count]
        body = at + _HEADER.size + count
        end = body + sum(lacing)
        if len(lacing) < count or end > len(data):
            return None
        serial = page_serial if serial is None else serial
        if page_serial == serial:
            for size in lacing:
                if packet == 1 and size:
                    pieces.append((at, body, size))
                body += size
                if size < 255:  # a packet ends here
                    if packet == 1:
                        return pieces
                    packet += 1
        at = end
    return None


def _blank(packet: bytes) -> bytes | None:
    """The comment header ``packet`` without its comments, as long as it was; ``None`` when it is not one."""
    if packet.startswith(_VORBIS):
        start, framing = len(_VORBIS), True
    elif packet.startswith(_OPUS):
        start, framing = len(_OPUS), False
    else:
        return None
    if start + 4 > len(packet):
        return None
    (vendor,) = struct.unpack_from("<I", packet, start)
    count_at = start + 4 + vendor
    if count_at + 4 + framing > len(packet):
        return None
    tail = b"\x01" if framing else b""
    rest = len(packet) - count_at - 4 - len(tail)
    return packet[:count_at] + bytes(4) + tail + bytes(rest)


def _checksum(out: bytearray, page: int) -> None:
    """Compute again the checksum of the page at ``page`` of ``out`` (CRC-32, polynomial 0x04C11DB7, unreflected)."""
    count = out[page + _HEADER.size - 1]
    end = page + _HEADER.size + count + sum(out[page + _HEADER.size : page + _HEADER.size + count])
    out[page + 22 : page + 26] = bytes(4)
    crc = 0
    for byte in out[page:end]:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _TABLE[(crc >> 24) ^ byte]
    out[page + 22 : page + 26] = struct.pack("<I", crc)


def _table() -> list[int]:
    table = []
    for index in range(256):
        value = index << 24
        for _ in range(8):
            value = (value << 1) ^ 0x04C11DB7 if value & 0x80000000 else value << 1
        table.append(value & 0xFFFFFFFF)
    return table


_TABLE = _table()
