"""Whether a file named as an Office document is one encrypted with a password: Word, Excel and PowerPoint save a
password-protected .docx (.xlsx, .pptx) not as a zip but as an OLE compound file holding ``EncryptionInfo`` and
``EncryptedPackage`` streams ([MS-OFFCRYPTO]). Judges could not open it, and the content check would otherwise
call it an old binary Office file, whose advice (save it as .docx) leaves it encrypted.

Only the compound file's header, FAT and directory are read, through a read-only memory map."""

from __future__ import annotations

import mmap
from typing import BinaryIO

from .blind.compound_file import streams

_ENCRYPTED = {"EncryptionInfo", "EncryptedPackage"}


def encrypted_office(f: BinaryIO) -> bool:
    """Whether the OLE compound file open as ``f`` (a file on disk) is an encrypted Office document; False for one
    that cannot be read."""
    try:
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return {stream.name for stream in streams(view)} >= _ENCRYPTED
    except (ValueError, OSError):
        return False
