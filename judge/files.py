"""Reading the files of an unpacked problem package: listing, sources, checker sources."""

from __future__ import annotations

import re
from pathlib import Path

from sandbox.languages import LANGUAGES, UnknownLanguage, language_for

from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault

MAX_SOURCE_BYTES = 64 * 1024
"""A reference submission larger than this is refused (contestants get the same limit)."""

MAX_CHECKER_BYTES = 1024 * 1024
"""A checker with its headers inlined may be larger (testlib.h alone is about 200 KiB)."""

HEADER_SUFFIXES = (".h", ".hpp", ".hh", ".hxx")

_DIGITS = re.compile(r"(\d+)")
_LOCAL_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"[^\n]*$', re.MULTILINE)
_ANY_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*(?:"([^"]+)"|<([^>]+)>)[^\n]*$', re.MULTILINE)
NEVER_INSTALLED = ("testlib.h",)
"""Headers no compiler has: a checker that includes one and has none beside it cannot compile."""


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts ``Test2`` before ``Test10`` and ignores case."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in _DIGITS.split(name) if part)


def entries(folder: Path) -> list[Path]:
    """The visible entries of ``folder`` in natural order (dot files and macOS ``__MACOSX`` left out)."""
    return sorted(
        (p for p in folder.iterdir() if not p.name.startswith(".") and p.name != "__MACOSX"),
        key=lambda p: natural_key(p.name),
    )


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES, *, binary: bool = False) -> bytes:
    """The bytes of a source file, refusing files over ``limit`` and, unless the language's sources are files
    made by a tool (``binary``: a Scratch project), binaries."""
    size = path.stat().st_size
    if size > limit:
        raise ProblemError(fault(F.SOURCE_TOO_LARGE, path, size=size, kib=limit // 1024))
    data = path.read_bytes()
    if b"\0" in data and not binary:
        raise ProblemError(fault(F.SOURCE_BINARY, path))
    return data


def checker_source(folder: Path) -> tuple[Path, bytes]:
    """The one program source in ``folder``, with its local ``#include "..."`` headers inlined.

    The sandbox compiles a single file, so headers next to the source (``validate.h``, ``testlib.h``)
    are pasted in place.
    """
    sources: list[Path] = []
    for path in entries(folder):
        if path.is_dir() or path.suffix.lower() in HEADER_SUFFIXES:
            continue
        try:
            language_for(path.name)
        except UnknownLanguage:
            continue
        sources.append(path)
    if not sources:
        known = ", ".join(ext for lang in LANGUAGES.values() for ext in lang.extensions)
        raise ProblemError(fault(F.CHECKER_NO_SOURCE, folder, known=known))
    if len(sources) > 1:
        names = ", ".join(p.name for p in sources)
        raise ProblemError(fault(F.CHECKER_SEVERAL_SOURCES, folder, names=names))
    return sources[0], inline_checker_headers(sources[0])


def inline_headers(path: Path, *, windows: bool = False) -> bytes:
    """A source with the local headers it includes (files next to it) pasted in place, each at most once.

    ``windows``: a Themis task's, made on Windows: a header's name ignores case there (``TESTLIB.H``), and a
    header beside the source included with ``<...>`` (``<testlib.h>``, which the setter's compiler found on its
    include path) is pasted in too."""
    source = _inline(path, path.parent, set(), windows)
    if len(source) > MAX_CHECKER_BYTES:
        raise ProblemError(fault(F.CHECKER_TOO_LARGE, path, kib=MAX_CHECKER_BYTES // 1024))
    return source


def inline_checker_headers(path: Path, *, windows: bool = False) -> bytes:
    """``inline_headers`` for a checker, which must not still include a header of ``NEVER_INSTALLED`` (one not
    beside it): it could not compile, and every submission would be JE."""
    source = inline_headers(path, windows=windows)
    for match in _ANY_INCLUDE.finditer(source):
        name = (match.group(1) or match.group(2)).decode(errors="replace")
        if name.lower() in NEVER_INSTALLED:
            raise ProblemError(fault(F.CHECKER_HEADER_MISSING, path, header=name))
    return source


def _inline(path: Path, folder: Path, seen: set[str], windows: bool) -> bytes:
    seen.add(path.name.lower() if windows else path.name)
    data = read_source(path, MAX_CHECKER_BYTES)

    def replace(match: re.Match[bytes]) -> bytes:
        angled = match.group(1) is None
        name = (match.group(2) if angled else match.group(1)).decode(errors="replace")
        header = _beside(folder, name, windows)
        if "/" in name or "\\" in name or header is None or (angled and not windows):
            return match.group(0)  # a system header or one we do not have: leave it to the compiler
        if (name.lower() if windows else name) in seen:
            return b""
        return _inline(header, folder, seen, windows)

    return _ANY_INCLUDE.sub(replace, data)


def _beside(folder: Path, name: str, windows: bool) -> Path | None:
    """The file ``name`` in ``folder``, its case ignored when ``windows``; None when there is none."""
    if (folder / name).is_file():
        return folder / name
    if windows and "/" not in name and "\\" not in name:
        for path in folder.iterdir():
            if path.name.lower() == name.lower() and path.is_file():
                return path
    return None
