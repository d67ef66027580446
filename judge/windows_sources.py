"""C and C++ sources written for Themis, which compiles them on Windows with MinGW.

Two things a program written there relies on that glibc reads otherwise, both given to a Themis task's C and C++
sources (and its checker's) before they are compiled, without moving a line, so the compiler's messages still
point at the contestant's lines. Kattis and DOMjudge problems are compiled as written, as those judges (on
Linux) compile them.

- ``%I64d``: MinGW's (and MSVC's) C library takes ``I64`` and ``I32`` as the length of a ``printf``/``scanf``
  conversion, ``%I64d`` a ``long long``, the form Windows compilers long asked for and Vietnamese contestants
  still write. glibc reads the same letters otherwise (``I``: the locale's digits; ``64``: a field width), so
  ``scanf("%I64d", &x)`` filled an ``int``'s worth of ``x`` and ``printf`` printed an ``int``: wrong numbers.
  They are spelled as glibc reads them (``%lld``, ``%d``).
- ``gets``: MinGW's ``<stdio.h>`` declares it in C++ too; glibc's does not since C++14 (nor since C11, where
  GCC 12 only warns of the undeclared function), so ``gets(s)`` was CE. A C++ source that calls it gets its
  declaration (the C library still has the function) at the start of its first line of code after the
  directives, blank lines and ``//`` comments that open it; a source that opens otherwise (a ``/*`` comment)
  gets it on a line of its own before it, followed by ``#line 1``, so that the lines keep their numbers.
- ``strrev``, ``strupr``, ``strlwr``, ``itoa`` (and their ``_`` names): MinGW's ``<string.h>`` and
  ``<stdlib.h>`` declare them, as Windows' C library has them; glibc has none, so a call was CE. A source that
  calls one and defines none of that name gets a definition that does what Windows' does (``itoa``: a minus sign
  only in base 10, else the bits as unsigned; lower-case digits), in the same place as ``gets``'s declaration.
- ``<conio.h>``: MinGW has it, glibc not. Dev-C++ users include it out of habit; a source that includes it and
  calls none of its functions has the directive blanked (the line stays), so it compiles as under Themis. One
  that calls ``getch()`` and the like keeps it, and is CE: what ``getch()`` does under Themis depends on whether
  Themis gives the program a console (it waits for a key there, or returns at once without one), not known here.
"""

from __future__ import annotations

import re

from sandbox.languages import Language

_CONVERSION = re.compile(rb"%%|%([-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?)I(64|32)([diouxX])")
"""An escaped percent sign (left alone), or a conversion with MinGW's length: flags, width and precision (or
``scanf``'s ``*``), ``I64`` or ``I32``, and an integer conversion."""

_CALLS_GETS = re.compile(rb"(?<![\w.>:])gets\s*\(")
"""A call of the C library's ``gets`` (not ``fgets``, ``x.gets(``, ``p->gets(`` or ``std::gets(``)."""

GETS_DECLARATION = b'extern "C" char *gets(char *); '

_MSVCRT = {
    b"strrev": b"static char *strrev(char *s) { char *b = s, *e = s; while (*e) ++e; "
    b"while (b < e && b < --e) { char t = *b; *b = *e; *e = t; ++b; } return s; } ",
    b"strupr": b"static char *strupr(char *s) { char *p = s; for (; *p; ++p) if (*p >= 'a' && *p <= 'z') *p -= 32; "
    b"return s; } ",
    b"strlwr": b"static char *strlwr(char *s) { char *p = s; for (; *p; ++p) if (*p >= 'A' && *p <= 'Z') *p += 32; "
    b"return s; } ",
    b"itoa": b"static char *itoa(int v, char *out, int radix) { char t[40]; int n = 0, k = 0; "
    b"unsigned u = radix == 10 && v < 0 ? 0u - (unsigned)v : (unsigned)v; "
    b"if (radix < 2 || radix > 36) { out[0] = 0; return out; } if (radix == 10 && v < 0) out[k++] = '-'; "
    b"do { unsigned d = u % (unsigned)radix; t[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); u /= (unsigned)radix; "
    b"} while (u); while (n) out[k++] = t[--n]; out[k] = 0; return out; } ",
}
"""Windows' C library functions that MinGW declares and glibc lacks, as one line of C (and C++) each."""

_INCLUDES_CONIO = re.compile(
    rb'^([ \t]*#[ \t]*include[ \t]*[<"]conio\.h[>"])[^\n]*?(\r?)$', re.MULTILINE | re.IGNORECASE
)
"""``#include <conio.h>`` (in any case, as Windows finds it) and what follows on its line."""

_CALLS_CONIO = re.compile(
    rb"(?<![\w.>:])_?(?:getch|getche|kbhit|putch|ungetch|cgets|cputs|cprintf|cscanf|clrscr|gotoxy|textcolor"
    rb"|textbackground|wherex|wherey|clreol|delline|insline|textmode|delay)\s*\("
)
"""A call of a function that MinGW's ``<conio.h>`` declares, or that Borland's did (``clrscr``, ``gotoxy``)."""

C_FAMILY = frozenset({"c", "cpp"})


def _glibc(match: re.Match[bytes]) -> bytes:
    if match.group(0) == b"%%":
        return b"%%"
    length = b"ll" if match.group(2) == b"64" else b""
    return b"%" + match.group(1) + length + match.group(3)


def as_windows_compiles(source: bytes, language: Language) -> bytes:
    """``source`` with what MinGW gives it and glibc does not: ``%I64d``/``%I32d`` lengths spelled as glibc reads
    them, in C++ a declaration of ``gets`` when the source calls it, Windows' ``strrev``, ``strupr``, ``strlwr``
    and ``itoa`` when it calls them, and no ``#include <conio.h>`` when it calls nothing of it (C and C++ only)."""
    if language.key not in C_FAMILY:
        return source
    if b"I64" in source or b"I32" in source:
        source = _CONVERSION.sub(_glibc, source)
    if language.key == "cpp" and _CALLS_GETS.search(source):
        source = _declared_first(source, GETS_DECLARATION)
    if added := _msvcrt_definitions(source):
        source = _declared_first(source, added)
    if b"conio" in source.lower() and not _CALLS_CONIO.search(source):
        source = _INCLUDES_CONIO.sub(rb"\2", source)
    return source


def _msvcrt_definitions(source: bytes) -> bytes:
    """The definitions of ``_MSVCRT`` (and of the ``_`` names) that ``source`` calls and does not define."""
    added = b""
    for name, definition in _MSVCRT.items():
        if not re.search(rb"(?<![\w.>:])_?" + name + rb"\s*\(", source):
            continue
        if re.search(rb"(?<![\w.>:])" + name + rb"\s*\([^;()]*\)\s*\{", source) is None:
            added += definition
        underscore = b"_" + name
        if re.search(rb"(?<![\w.>:])" + underscore + rb"\s*\(", source) and not re.search(
            rb"(?<![\w.>:])" + underscore + rb"\s*\([^;()]*\)\s*\{", source
        ):
            params = b"int v, char *out, int radix" if name == b"itoa" else b"char *s"
            args = b"v, out, radix" if name == b"itoa" else b"s"
            added += b"static char *" + underscore + b"(" + params + b") { return " + name + b"(" + args + b"); } "
    return added


def _declared_first(source: bytes, declaration: bytes) -> bytes:
    """``source`` with ``declaration`` at the start of its first line of code (at file scope, after the opening
    directives), or before it all with ``#line 1`` when it opens otherwise: no line moves."""
    lines = source.split(b"\n")
    continued = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        directive = continued or stripped.startswith(b"#")
        continued = directive and line.rstrip().endswith(b"\\")
        if directive or not stripped or stripped.startswith(b"//"):
            continue
        if stripped.startswith(b"/*"):
            break
        lines[number] = declaration + line
        return b"\n".join(lines)
    return declaration + b"\n#line 1\n" + source
