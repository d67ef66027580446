"""The gzip copies of the static files that nginx sends to browsers instead of the files (``gzip_static on`` in
``docs/deploy/nginx/hoithi.conf``): a problem's page names 470 KB of scripts and stylesheets (CodeMirror's alone is
400 KB), which 10,000 contestants opening it in a contest's first minute would ask of the web host's link at once;
gzipped they are about a quarter of that (130 KB), and compressing them once here costs the web host nothing per
request.

Each stylesheet, script and SVG picture of 1 KB or more has ``<name>.gz`` beside it in the repository, compressed at
the highest level with no name or time in its header, so that the same file always gives the same bytes.
``python -m app.static_gzip`` (``make static-gz``) writes them after a file changes and removes those whose file is
gone; a test fails while one is missing or stale, and ``hoithi doctor`` says so on a host where a file was changed
by hand (nginx would go on sending the old copy)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
COMPRESSED_SUFFIXES = frozenset({".css", ".js", ".svg"})
SMALLEST = 1024
"""Smaller files gain too little from compression to keep a second copy of."""


def compressible(folder: Path = STATIC) -> Iterator[Path]:
    """The files under ``folder`` that have a gzip copy, in path order."""
    for path in sorted(folder.rglob("*")):
        if path.suffix in COMPRESSED_SUFFIXES and path.is_file() and path.stat().st_size >= SMALLEST:
            yield path


def copy_of(path: Path) -> Path:
    """Where ``path``'s gzip copy lies."""
    return path.with_name(path.name + ".gz")


def compressed(content: bytes) -> bytes:
    """``content`` gzipped as the copies are: level 9, no file name, time 0."""
    return gzip.compress(content, compresslevel=9, mtime=0)


def stale(folder: Path = STATIC) -> list[str]:
    """What is wrong with the copies under ``folder``, one line each (relative paths): a copy missing, one that does
    not give its file back, one whose file is gone. Empty when all are right."""
    faults = []
    wanted = set()
    for path in compressible(folder):
        copy = copy_of(path)
        wanted.add(copy)
        name = path.relative_to(folder)
        if not copy.is_file():
            faults.append(f"{name}: no gzip copy")
        else:
            try:
                right = gzip.decompress(copy.read_bytes()) == path.read_bytes()
            except (OSError, EOFError):
                right = False
            if not right:
                faults.append(f"{name}: its gzip copy is of another content")
    faults += [
        f"{gz.relative_to(folder)}: no file of its own" for gz in sorted(folder.rglob("*.gz")) if gz not in wanted
    ]
    return faults


def write(folder: Path = STATIC) -> list[Path]:
    """Write the gzip copy of every compressible file under ``folder`` whose copy is missing or stale, and remove the
    copies whose file is gone. Returns the copies written or removed."""
    changed = []
    wanted = set()
    for path in compressible(folder):
        copy = copy_of(path)
        wanted.add(copy)
        content = compressed(path.read_bytes())
        if not copy.is_file() or copy.read_bytes() != content:
            copy.write_bytes(content)
            changed.append(copy)
    for gz in sorted(folder.rglob("*.gz")):
        if gz not in wanted:
            gz.unlink()
            changed.append(gz)
    return changed


if __name__ == "__main__":
    for changed in write():
        print(changed.relative_to(STATIC.parent.parent))
