"""Programs inside a lecture package, which refuse it: a browser never runs them, so they are no part of the lecture,
and a judge who downloads the package must not be handed a program to double-click (a Sở's computers are the
first place such a file would do harm). Authoring tools offer to publish a lecture "as an executable" (iSpring,
Captivate, ActivePresenter), and teachers copy that beside the HTML5 output, or add a CD's ``autorun.inf`` and a
batch file that opens the page.

A member is a program by its extension (``EXTENSIONS``: Windows programs, installers, scripts Windows runs on a
double click, Java archives) or, under any name, by its content: a Windows program (``MZ`` and the ``PE`` header it
points to), a Linux one (ELF) or a macOS one (Mach-O). Litter (``packages.is_litter``) is not the teacher's and is
left to the judge's copy, which drops it. A zip inside the package (up to ``MAX_INNER_ZIP`` bytes; teachers zip the
software a lesson uses, its installer with it) is searched by the names in its directory, one level deep, not by
content.

Office files with macros (``.docm``, ``.xlsm``, ``.pptm``...: ``MACRO_EXTENSIONS``) are refused too, by a reason of
their own, as such a file uploaded alone is: the macros run when a judge opens it and enables them."""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from typing import BinaryIO, cast

from .archive import Archive, Limits, UnreadableArchive, declared_extent
from .blind.compound_file import SIGNATURE, streams
from .blind.local_paths import file_name
from .packages import is_litter
from .report import Code, Problem, problem
from .zip_names import entry_name

EXTENSIONS = frozenset(
    (
        ".exe", ".com", ".scr", ".pif", ".cpl", ".dll", ".sys", ".msi", ".msp", ".bat", ".cmd", ".vbs", ".vbe",
        ".jse", ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".reg", ".inf", ".jar", ".apk", ".dmg", ".pkg", ".app",
        ".command", ".lnk", ".scf",
    )
)  # fmt: skip
"""Extensions of programs and of files Windows, Java or macOS run when opened (a Windows shortcut, ``.lnk``, runs any
command line it was given; a ``.scf`` runs an Explorer command)."""
MACRO_EXTENSIONS = frozenset((".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam"))
"""Extensions of Office files with macros, which run when a judge opens the file and enables them."""
_HEAD = 64
MAX_INNER_ZIP = 256 * 1024 * 1024
MAX_INNER_ENTRIES = 100_000
"""Entries of the zips inside one package that are searched (a second's reading): a package of zips holding
millions of names (an upload made to hold the server for minutes) is refused."""
MAX_OBJECT = 64 * 1024 * 1024
_PE_AT = 0x3C  # where a Windows program's DOS header keeps the offset of its PE header
_MAX_PE_OFFSET = 4096
_MAGICS = (b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")


def programs(archive: Archive) -> list[Problem]:
    """The problems of the programs and Office files with macros among the checked package ``archive``'s files, each
    naming its member; a member already refused for its name (``C:/Windows/evil.dll``) is not named twice. The zips
    inside are searched up to ``MAX_INNER_ENTRIES`` entries in all: a package whose zips hold more is refused (what
    is not searched could hold a program), as an upload with too many files is."""
    found: list[Problem] = []
    refused = {p["entry"] for p in archive.problems}
    left = MAX_INNER_ENTRIES
    for name in archive.files:
        if name in refused or is_litter(name):
            continue
        if named := _named(name):
            found.extend(named)
        elif _is_program(archive, name):
            found.append(problem(Code.PROGRAM, f"{name}: programs are not allowed in a lecture package", name))
        elif archive.files[name].file_size <= MAX_INNER_ZIP and archive.head(name, 4) == b"PK\x03\x04":
            try:
                inner_names = _inner_names(archive, name, left)
            except _TooMany:
                message = f"{name}: the zips in the package hold more than {MAX_INNER_ENTRIES} files in all"
                return [*found, problem(Code.INNER_ZIPS_TOO_LARGE, message, name)]
            left -= len(inner_names)
            found.extend(problem for inner in inner_names for problem in _named(inner))
    return found


class _TooMany(Exception):
    """The zips inside a package hold more entries than are searched in one upload."""


def _suffix(name: str) -> str:
    """``name``'s extension in lower case (``""`` for ``.htaccess``), without building a path object: a package's
    zips may hold a hundred thousand names."""
    return posixpath.splitext(name)[1].lower()


def _named(name: str) -> list[Problem]:
    """The problem of the member ``name`` when its extension names a program or an Office file with macros."""
    suffix = _suffix(name)
    if suffix in MACRO_EXTENSIONS:
        message = f"{name}: Office files with macros are not allowed in a lecture package"
        return [problem(Code.MACRO_IN_PACKAGE, message, name)]
    if suffix in EXTENSIONS:
        return [problem(Code.PROGRAM, f"{name}: programs are not allowed in a lecture package", name)]
    return []


def _inner_names(archive: Archive, name: str, left: int) -> list[str]:
    """The files of the zip ``name`` inside ``archive``, each as ``name/inner``: for an Office document, the files
    embedded in it as objects (its parts are its own); none when it cannot be read as a zip or declares more
    entries than an upload may hold. Raises ``_TooMany`` when it declares more than ``left`` entries (read before
    its directory is)."""
    try:
        with archive.zf.open(archive.files[name]) as member:
            entries, _ = declared_extent(cast(BinaryIO, member))
            if entries > Limits().max_entries:
                return []  # the judge's copy will not open it either
            if entries > left:
                raise _TooMany()
            with zipfile.ZipFile(cast(BinaryIO, member)) as inner:
                names = [entry_name(info) for info in inner.infolist()]
                if "[Content_Types].xml" in names:  # an Office document: its parts are its own, its objects not
                    return [f"{name}/{label}" for label in embedded_files(inner)]
    except (
        UnreadableArchive,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        OSError,
    ):
        return []
    return [f"{name}/{inner}" for inner in names if not inner.endswith("/") and not is_litter(inner)]


def embedded_programs(document: zipfile.ZipFile) -> list[Problem]:
    """The problems of the programs embedded as objects in the Office document ``document`` (Object Packager's
    ``Ole10Native`` objects in its ``embeddings`` folder), each naming the program."""
    found = []
    for label in embedded_files(document):
        if _suffix(label) in EXTENSIONS | MACRO_EXTENSIONS:
            message = f"the document holds a program as an embedded object: {label}"
            found.append(problem(Code.EMBEDDED_PROGRAM, message, label))
    return found


def embedded_files(document: zipfile.ZipFile) -> list[str]:
    """The names of the files embedded in the Office document ``document`` as packaged objects (the label Office
    shows under the object's icon), read from each ``embeddings`` part that is an OLE compound file of at most
    ``MAX_OBJECT`` bytes; parts that do not parse are passed over."""
    labels = []
    for info in document.infolist():
        if "/embeddings/" not in info.filename.lower() or info.file_size > MAX_OBJECT:
            continue
        try:
            data = document.read(info)
            if not data.startswith(SIGNATURE):
                continue
            native = next((s for s in streams(data) if s.name == "\x01Ole10Native"), None)
            if native is not None and (label := _native_label(native.read(data))):
                labels.append(label)
        except (ValueError, RuntimeError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, struct.error):
            continue
    return labels


def _native_label(native: bytes) -> str | None:
    """The label of an ``Ole10Native`` stream (its size, flags, then the label and the original path, each ended
    by a zero byte, in the computer's code page), else the original path's last part."""
    fields = native[6:].split(b"\x00", 2)
    if len(fields) < 2:
        return None
    label, path = (field.decode("cp1252", "replace") for field in fields[:2])
    return label or file_name(path) or None


def _is_program(archive: Archive, name: str) -> bool:
    """Whether the member ``name`` holds a Windows, Linux or macOS program, whatever it is called."""
    head = archive.head(name, _HEAD)
    if head is None:
        return False
    if head.startswith(_MAGICS):
        return True
    if not head.startswith(b"MZ") or len(head) < _PE_AT + 4:
        return False
    (offset,) = struct.unpack_from("<I", head, _PE_AT)
    if offset > _MAX_PE_OFFSET:
        return False
    whole = archive.head(name, offset + 4)
    return whole is not None and whole[offset : offset + 4] == b"PE\x00\x00"
