"""The programming languages the judge accepts and how each is compiled and run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Language:
    """How to build and start a program in one language inside a sandbox.

    Commands are argv lists run in the working directory; ``program`` names the files that ``compile``
    leaves there and ``execute`` needs (kept by the session between runs).
    """

    key: str
    name: str
    extensions: tuple[str, ...]
    source_name: str
    compile: tuple[str, ...] | None
    execute: tuple[str, ...]
    program: tuple[str, ...]


LANGUAGES: dict[str, Language] = {
    lang.key: lang
    for lang in (
        Language(
            "c",
            "C (gcc, C17)",
            (".c",),
            "main.c",
            ("gcc", "-std=gnu17", "-O2", "-pipe", "-o", "main", "main.c", "-lm"),
            ("./main",),
            ("main",),
        ),
        Language(
            "cpp",
            "C++ (g++, C++17)",
            (".cpp", ".cc", ".cxx", ".c++"),
            "main.cpp",
            ("g++", "-std=gnu++17", "-O2", "-pipe", "-o", "main", "main.cpp"),
            ("./main",),
            ("main",),
        ),
        Language(
            "pascal",
            "Pascal (Free Pascal)",
            (".pas", ".pp", ".dpr"),
            "main.pas",
            # Themis's own switches: Free Pascal's default mode (not objfpc: a variable named `result` is fine),
            # goto allowed, a static binary, a 63 MiB stack
            ("fpc", "-O2", "-XS", "-Sg", "-Cs66060288", "-omain", "main.pas"),
            ("./main",),
            ("main",),
        ),
        Language(
            "python",
            "Python 3",
            (".py",),
            "main.py",
            ("python3", "-m", "py_compile", "main.py"),
            ("python3", "main.py"),
            ("main.py",),
        ),
    )
}


class UnknownLanguage(ValueError):
    """The file's extension (or the given key) names no language we judge."""


def language_for(filename: str, override: str | None = None) -> Language:
    """The language named by ``override`` if given, else the one the file's extension implies."""
    if override:
        try:
            return LANGUAGES[override.lower()]
        except KeyError:
            raise UnknownLanguage(f"unknown language {override!r}; known: {', '.join(LANGUAGES)}") from None
    suffix = PurePath(filename).suffix.lower()
    for lang in LANGUAGES.values():
        if suffix in lang.extensions:
            return lang
    raise UnknownLanguage(f"{filename}: unknown extension {suffix or '(none)'!r}")
