"""Finding the statement shipped in a problem package.

Kattis packages keep it in ``problem_statement/`` (or the 2023 draft's ``statement/``) as
``problem.<lang>.<ext>``; Vietnamese is preferred, then English, then a file without a language. Themis tasks
keep it beside the test folders as ``<TASK>.<ext>`` or ``statement.<ext>``. Markdown and HTML come before PDF
in the same language. LaTeX statements (``problem.tex``) are not rendered: they are ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import kattis, themis
from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .files import entries
from .package import cache_folder, content_hash

KINDS = ("md", "html", "pdf")
"""What a statement may be, in order of preference."""

LANGUAGES = ("vi", "en", "")
MAX_TEXT_BYTES = 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def find_statement(package: str | os.PathLike[str]) -> tuple[str, bytes] | None:
    """``(kind, bytes)`` of the statement in the package at ``package`` (a folder, or a zip already loaded
    with ``judge.package.load_problem`` so that it is unpacked), kind being ``md``, ``html`` or ``pdf``;
    None when the package has none. Raises ``ProblemError`` naming the file when the statement is too
    large, or is text that is not UTF-8."""
    root = _problem_root(Path(package))
    if root is None:
        return None
    path = _kattis_statement(root) if kattis.detect(root) else _themis_statement(root)
    if path is None:
        return None
    kind = _SUFFIXES[path.suffix.lower()]
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_TEXT_BYTES
    if path.stat().st_size > limit:
        raise ProblemError(fault(F.STATEMENT_TOO_LARGE, path, mib=limit >> 20))
    data = path.read_bytes()
    if kind == "pdf":
        if not data.startswith(b"%PDF-"):
            raise ProblemError(fault(F.STATEMENT_NOT_PDF, path))
        return kind, data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProblemError(fault(F.STATEMENT_NOT_UTF8, path)) from None
    return kind, text.encode("utf-8")


def _problem_root(package: Path) -> Path | None:
    """The folder that holds the problem (the unpacked copy of a zip), going down single nested folders."""
    root = package if package.is_dir() else cache_folder() / content_hash(package)
    while root.is_dir() and not (kattis.detect(root) or themis.detect(root)):
        inside = entries(root)
        if len(inside) != 1 or not inside[0].is_dir():
            return None
        root = inside[0]
    return root if root.is_dir() else None


def _by_preference(files: dict[str, Path], stems: tuple[str, ...]) -> Path | None:
    for stem in stems:
        for kind in KINDS:
            for suffix, suffix_kind in _SUFFIXES.items():
                if suffix_kind == kind and f"{stem}{suffix}" in files:
                    return files[f"{stem}{suffix}"]
    return None


def _files(folder: Path) -> dict[str, Path]:
    """The files of ``folder`` by lower-case name."""
    return {p.name.lower(): p for p in entries(folder) if p.is_file()} if folder.is_dir() else {}


def _kattis_statement(root: Path) -> Path | None:
    stems = tuple(f"problem.{lang}" if lang else "problem" for lang in LANGUAGES)
    for name in ("problem_statement", "statement"):
        found = _by_preference(_files(root / name), stems)
        if found is not None:
            return found
    return None


def _themis_statement(root: Path) -> Path | None:
    task = next(
        (f.stem for folder in entries(root) if folder.is_dir() for f in entries(folder) if f.suffix.lower() == ".inp"),
        None,
    )
    stems = (task.lower(), "statement") if task else ("statement",)
    return _by_preference(_files(root), stems)
