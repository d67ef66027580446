"""C and C++ sources written for Themis, which compiles them on Windows with MinGW.

MinGW's (and MSVC's) C library takes ``I64`` and ``I32`` as the length of a ``printf``/``scanf`` conversion:
``%I64d`` is a ``long long``, the form Windows compilers long asked for and Vietnamese contestants still write.
glibc reads the same letters otherwise (``I``: the locale's digits; ``64``: a field width), so ``scanf("%I64d",
&x)`` fills an ``int``'s worth of ``x`` and ``printf`` prints an ``int``: a program right under Themis answered
wrong here. A Themis task's C and C++ sources get glibc's spelling of those lengths (``%lld``, ``%d``) before they
are compiled; the change stays inside each conversion, so no line moves and the compiler's messages still point
at the contestant's lines. Kattis and DOMjudge problems are compiled as written, as those judges (on Linux)
compile them.
"""

from __future__ import annotations

import re

from sandbox.languages import Language

_CONVERSION = re.compile(rb"%%|%([-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?)I(64|32)([diouxX])")
"""An escaped percent sign (left alone), or a conversion with MinGW's length: flags, width and precision (or
``scanf``'s ``*``), ``I64`` or ``I32``, and an integer conversion."""

C_FAMILY = frozenset({"c", "cpp"})


def _glibc(match: re.Match[bytes]) -> bytes:
    if match.group(0) == b"%%":
        return b"%%"
    length = b"ll" if match.group(2) == b"64" else b""
    return b"%" + match.group(1) + length + match.group(3)


def as_windows_compiles(source: bytes, language: Language) -> bytes:
    """``source`` with MinGW's ``%I64d``/``%I32d`` lengths spelled as glibc reads them (C and C++ only)."""
    if language.key not in C_FAMILY or (b"I64" not in source and b"I32" not in source):
        return source
    return _CONVERSION.sub(_glibc, source)
