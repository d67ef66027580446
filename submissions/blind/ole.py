"""Old binary Office files (.doc, .xls, .ppt) and other OLE compound files in a package, cleaned in place of what
can be cleaned safely (``compound_file``: no stream moves or changes length):

- every ``SummaryInformation`` and ``DocumentSummaryInformation`` property set, the document's and those of the
  objects embedded in it ([MS-OLEPS]): the text of each string property is zeroed (an empty string), among them the
  author, who last saved it, its title, subject, keywords, comments and template, the company and the manager,
  and the values of user-defined properties; lists of strings (the titles of its parts) too. Numbers and dates
  stay;
- PowerPoint's ``Current User`` stream: the name of who last saved the file ([MS-PPT] CurrentUserAtom), spaces;
- Excel's ``WriteAccess`` record in its ``Workbook`` stream: the name of who last saved it ([MS-XLS]), spaces.

Not reached, since they lie inside the documents' own binary records: the authors of comments and tracked changes,
Word's list of who saved the file and where (``SttbSavedBy``) and its copy of the author in ``SttbfAssoc``.
``clean_ole`` says so for an Office file (``leaves_names``), and the author is told to save it in the current format
(.docx, .xlsx, .pptx)."""

from __future__ import annotations

import struct
from collections.abc import Callable

from .compound_file import Stream, streams

_PROPERTY_SETS = {"\x05SummaryInformation", "\x05DocumentSummaryInformation"}
_LPSTR, _LPWSTR, _BSTR = 0x1E, 0x1F, 0x08
_VECTOR = 0x1000
_OFFICE_STREAMS = {"WordDocument", "Workbook", "Book", "PowerPoint Document"}
_WRITE_ACCESS, _FILE_PASS, _EOF = 0x005C, 0x002F, 0x000A


def clean_ole(data: bytes) -> tuple[bytes, bool]:
    """``data`` (a compound file) cleaned as the module docstring says, and whether it is an Office document that
    may still name people inside its records. Raises ``ValueError`` when it is not a readable compound file."""
    out = bytearray(data)
    found = streams(out)
    for stream in found:
        if stream.name in _PROPERTY_SETS:
            _rewrite(out, stream, _blank_property_set)
        elif stream.name == "Current User":
            _rewrite(out, stream, _blank_current_user)
        elif stream.name in ("Workbook", "Book"):
            _rewrite(out, stream, _blank_write_access)
    return bytes(out), any(stream.name in _OFFICE_STREAMS for stream in found)


def _rewrite(out: bytearray, stream: Stream, blank: Callable[[bytearray], None]) -> None:
    content = bytearray(stream.read(out))
    try:
        blank(content)
    except (struct.error, IndexError):
        return  # a property set or record this does not understand is left as it is (its words are read for names)
    stream.write(out, bytes(content))


def _blank_property_set(content: bytearray) -> None:
    """Zero the strings of each section of the property set stream ``content``."""
    (sections,) = struct.unpack_from("<I", content, 24)
    for index in range(min(sections, 8)):
        (start,) = struct.unpack_from("<I", content, 28 + 20 * index + 16)
        _, count = struct.unpack_from("<II", content, start)
        for pair in range(min(count, 4096)):
            identifier, offset = struct.unpack_from("<II", content, start + 8 + 8 * pair)
            if identifier > 1:  # 0: a dictionary of user-defined names, 1: the code page
                _blank_value(content, start + offset)


def _blank_value(content: bytearray, at: int) -> None:
    (kind,) = struct.unpack_from("<H", content, at)
    if kind in (_LPSTR, _BSTR, _LPWSTR):
        _blank_string(content, at + 4, kind)
    elif kind in (_VECTOR | _LPSTR, _VECTOR | _LPWSTR):
        (count,) = struct.unpack_from("<I", content, at + 4)
        at += 8
        for _ in range(min(count, 4096)):
            at = _blank_string(content, at, kind & ~_VECTOR)


def _blank_string(content: bytearray, at: int, kind: int) -> int:
    """Zero the string whose length field is at ``at``; where the next value starts (strings are padded to 4)."""
    length = int.from_bytes(content[at : at + 4], "little")
    if at + 4 > len(content):
        raise IndexError("a string's length runs past its property set")
    size = length * 2 if kind == _LPWSTR else length
    if at + 4 + size > len(content):
        raise IndexError("a string runs past its property set")
    content[at + 4 : at + 4 + size] = bytes(size)
    return at + 4 + size + (-size % 4)


def _blank_current_user(content: bytearray) -> None:
    """Spaces for the user names of PowerPoint's CurrentUserAtom: the ANSI name after its 28-byte head, then its
    UTF-16 copy after the 4-byte relVersion."""
    (length,) = struct.unpack_from("<H", content, 20)
    ansi_end = 28 + length
    if ansi_end > len(content):
        raise IndexError("the user name runs past the stream")
    content[28:ansi_end] = b" " * length
    wide = ansi_end + 4
    if wide + 2 * length <= len(content):
        content[wide : wide + 2 * length] = " ".encode("utf-16-le") * length


def _blank_write_access(content: bytearray) -> None:
    """Spaces for the user name of the workbook's WriteAccess record (a 2-byte count and a flag, then the name,
    then spaces up to its 112 bytes); records are read from the start until it, the end of the globals or an
    encryption record (what follows that is encrypted)."""
    at = 0
    while at + 4 <= len(content):
        kind, size = struct.unpack_from("<HH", content, at)
        if kind in (_EOF, _FILE_PASS):
            return
        if kind == _WRITE_ACCESS and size >= 3:
            wide = content[at + 6] & 1
            width = 2 if wide else 1
            fill = " ".encode("utf-16-le") if wide else b" "
            end = min(at + 4 + size, len(content))
            names = (end - (at + 7)) // width
            content[at + 7 : at + 7 + names * width] = fill * names
            return
        at += 4 + size
