"""Reading a lab package or a results bundle: the zip checked as an upload is (``submissions.archive``: names,
sizes, ratios, links, encryption, every entry's data), then its manifest's hashes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

from submissions.archive import Archive, Limits, UnreadableArchive, open_archive

from ...entries.entry_problems import problem_message
from ...errors import InvalidInput
from .signing import MANIFEST, SIGNATURE, stream_sha256

MAX_JSON_BYTES = 32 * 1024 * 1024
LIMITS = Limits(max_total_size=4 * 1024**3, max_entries=50_000)


class Refused(InvalidInput):
    """A lab package or results bundle that is not accepted; ``problems`` names each thing wrong with it (translated
    lazy strings), and nothing was imported."""

    def __init__(self, message: object, problems: list[object]) -> None:
        super().__init__(message)
        self.problems = problems


@contextmanager
def opened(path: Path, what: object) -> Iterator[Archive]:
    """The zip at ``path``, checked; ``Refused`` (naming ``what`` the file should have been) when it is not a zip
    or not a safe one."""
    with path.open("rb") as f:
        try:
            with open_archive(f, LIMITS) as archive:
                if archive.problems:
                    raise Refused(
                        _l("%(what)s is not a safe zip archive; nothing was imported.", what=what),
                        [problem_message(p) for p in archive.problems],
                    )
                yield archive
        except UnreadableArchive as error:
            raise Refused(
                _l("%(what)s is not a readable zip archive; nothing was imported.", what=what),
                [problem_message(error.problem)],
            ) from None


def read_json(archive: Archive, name: str) -> Any:
    """The JSON document ``name`` of the archive; None when it is missing, too large or not JSON."""
    if name not in archive.files:
        return None
    data = archive.read(name, MAX_JSON_BYTES)
    if data is None:
        return None
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None


def read_manifest(archive: Archive, kind: str) -> tuple[bytes, dict[str, Any]] | None:
    """The manifest's bytes and its content, when it is one of ``kind``; else None."""
    raw = archive.read(MANIFEST, MAX_JSON_BYTES) if MANIFEST in archive.files else None
    if raw is None:
        return None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or body.get("format") != kind or not isinstance(body.get("files"), dict):
        return None
    return raw, body


def checked_files(archive: Archive, listed: dict[str, Any]) -> list[object]:
    """What is wrong with the archive's files against its manifest's ``listed`` hashes (each entry hashed as it
    streams): a file missing, changed, or not listed."""
    problems: list[object] = []
    for name, digest in sorted(listed.items()):
        if name not in archive.files:
            problems.append(_l("The file %(name)s listed in the manifest is missing.", name=name))
            continue
        with archive.zf.open(archive.files[name]) as f:
            found = stream_sha256(f)
        if found != digest:
            problems.append(_l("The file %(name)s was changed: its hash is not the manifest's.", name=name))
    for name in sorted(set(archive.files) - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(_l("The file %(name)s is not in the manifest.", name=name))
    return problems
