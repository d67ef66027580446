"""Whether an uploaded PDF needs a password to be opened: judges could not read it, nor could its authors' names
be removed from the judge's copy.

The file is not read whole. A PDF that is encrypted says so in its trailer (``/Encrypt``): the classic trailer
sits at the end of the file, after the cross-reference table; a cross-reference stream (PDF 1.5) and the first
page's trailer of a linearized ("fast web view") file sit where the last ``startxref`` points. Only those two
windows are searched. When one names ``/Encrypt``, qpdf (pikepdf) opens the file with the empty password, reading
its cross-reference and encryption dictionary, not its pages: a PDF restricted only by an owner password (no
printing, no copying) opens for anyone and is not locked.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO

import pikepdf

WINDOW = 16 * 1024
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_ENCRYPT = b"/Encrypt"


def needs_password(f: BinaryIO, path: str | os.PathLike[str]) -> bool:
    """Whether the PDF at ``path`` (open as ``f``) cannot be opened without a password. A PDF too damaged to be
    opened is not this check's to refuse: False. ``f`` is left anywhere."""
    if not _declares_encryption(f):
        return False
    try:
        with pikepdf.open(os.fspath(path), attempt_recovery=False):
            return False
    except pikepdf.PasswordError:
        return True
    except pikepdf.PdfError:
        return False


def _declares_encryption(f: BinaryIO) -> bool:
    """Whether ``/Encrypt`` is in the last ``WINDOW`` bytes of ``f`` or the ``WINDOW`` bytes from its last
    ``startxref`` offset."""
    size = f.seek(0, os.SEEK_END)
    f.seek(max(0, size - WINDOW))
    tail = f.read(WINDOW)
    if _ENCRYPT in tail:
        return True
    offsets = _STARTXREF.findall(tail)
    if not offsets or int(offsets[-1]) >= size:
        return False
    f.seek(int(offsets[-1]))
    return _ENCRYPT in f.read(WINDOW)
