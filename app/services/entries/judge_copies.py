"""Blind review of entry files: the copy that judges receive, and the warning to authors about names left in it.

Every entry file gets a judge's copy (``submissions.blind``: no author in its metadata, no zip comments), kept in the
same content store; it is made at upload, or for a file uploaded before this existed, when a judge first opens it.
Whoever does not see an entry's authors (``policies.entries.sees_authors``: judges) receives only the judge's copy;
authors, their coordinators and the organisers receive the original, byte for byte.

Names cannot be taken out of a package's file names or its pages' text without breaking it: when the authors'
names, logins or their unit's name appear there (compared without case or diacritics, whatever the separators:
"Nguyễn Văn An", "nguyen_van_an" and "NguyenVanAn" are one name), the author is warned, not refused.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from flask_babel import gettext as _

from submissions.blind import BlindReport, Spot, make_judge_copy, moved
from submissions.store import ContentStore

from ...models import Entry, EntryFile
from ...vnsort import fold

MAX_PLACES = 8  # places listed in a warning; the rest are counted
_BOUNDED_BELOW = 8  # needles shorter than this (in letters and digits) must stand as whole words
_SEPARATOR = "[^a-z0-9]*"
_SCHOOL_WORDS = ("truong ",)


def make(
    store: ContentStore, source: str | os.PathLike[str], file_format: str, spot: Spot | None
) -> tuple[str, int, BlindReport]:
    """Make the judge's copy of ``source`` (of ``file_format``, see ``entry_files.file_format``) and put it in
    ``store``: (its digest, its size, what making it found)."""
    fd, name = tempfile.mkstemp(dir=store.staging, prefix="judge-")
    os.close(fd)
    try:
        report = make_judge_copy(source, name, file_format, spot)
        with open(name, "rb") as f:
            digest, size = store.put(f)
    finally:
        Path(name).unlink(missing_ok=True)
    return digest, size, report


def record(file: EntryFile, digest: str, size: int, report: BlindReport) -> None:
    """Keep on ``file`` its judge's copy and what making it found."""
    file.judge_sha256 = digest
    file.judge_size = size
    file.judge_notes = {
        "sightings": [[s.where, s.place, list(s.names)] for s in report.sightings],
        "kept": list(report.kept),
        "left_out": list(report.left_out),
        "old_office": list(report.old_office),
        "root": list(report.root) if report.root else None,
        "greyed": list(report.greyed),
    }


def judge_digest(store: ContentStore, file: EntryFile, file_format: str) -> str:
    """The digest of ``file``'s judge's copy, made now (and recorded on the row: the caller commits) if it has
    none yet or its object has gone from the store. The original is verified first (``StoreError`` when it is
    missing or damaged): a copy made from damaged bytes would be stored under a hash of its own, hiding the damage."""
    if file.judge_sha256 is None or file.judge_sha256 not in store:
        made = make(store, store.verify(file.sha256), file_format, name_spotter(file.entry))
        record(file, *made)
    assert file.judge_sha256 is not None
    return file.judge_sha256


def judge_launch(store: ContentStore, file: EntryFile, file_format: str) -> str | None:
    """The launch page of the package ``file`` in its judge's copy (made now, as ``judge_digest`` does, when the file
    has none: the caller commits), where the copy renamed the folder holding the package (``BlindReport.root``). A
    copy already recorded is not looked up in the store: a page showing the link needs no request to it."""
    if file.judge_sha256 is None:
        judge_digest(store, file, file_format)
    root = (file.judge_notes or {}).get("root")
    if file.launch is None or not root:
        return file.launch
    return moved(file.launch, (root[0], root[1]))


def _pattern(needle: str) -> re.Pattern[str] | None:
    """The regex that finds ``needle`` in folded text, its words joined by any separators (or none)."""
    words = re.findall("[a-z0-9]+", fold(needle))
    letters = sum(len(w) for w in words)
    if letters < 3:
        return None
    body = _SEPARATOR.join(re.escape(w) for w in words)
    if letters < _BOUNDED_BELOW:
        body = f"(?<![a-z0-9]){body}(?![a-z0-9])"
    return re.compile(body)


def _needles(entry: Entry) -> Iterable[tuple[str, str]]:
    """(name as written in the application, text to look for): people's names and logins, the unit's name with
    and without its leading "Trường"."""
    people = [a.user for a in entry.authors] + ([entry.supervisor] if entry.supervisor else [])
    for person in people:
        yield person.full_name, person.full_name
        yield person.username, person.username
    if entry.unit is not None:
        yield entry.unit.name, entry.unit.name
        folded = fold(entry.unit.name)
        for word in _SCHOOL_WORDS:
            if folded.startswith(word) and len(folded.split()) > 2:
                yield entry.unit.name, folded[len(word) :]


def name_spotter(entry: Entry) -> Spot:
    """A function that finds, in a text, the names of ``entry``'s authors and supervisor, their logins and the
    name of its unit; it answers with the names as they are written in the application."""
    patterns = [(label, pattern) for label, needle in _needles(entry) if (pattern := _pattern(needle)) is not None]

    def spot(text: str) -> list[str]:
        folded = fold(text)
        return list(dict.fromkeys(label for label, pattern in patterns if pattern.search(folded)))

    return spot


def warnings(file: EntryFile) -> list[str]:
    """What the authors should know about ``file``'s judge's copy, in their language: where judges will see their
    names, which parts kept their metadata, which files attached to a PDF judges do not receive, and which pictures
    they see grey (the presenter's photo)."""
    notes = file.judge_notes or {}
    messages: list[str] = []
    sightings = notes.get("sightings") or []
    if sightings:
        places = _listed([_place(where, place, names) for where, place, names in sightings])
        messages.append(
            _(
                "Judges must not know who made an entry, but they will see these names in %(file)s: %(places)s. "
                "Rename those files or folders, or edit those pages, then upload the file again.",
                file=file.original_name,
                places=places,
            )
        )
    kept = notes.get("kept") or []
    if kept:
        parts = _listed([where or _("the file itself") for where in kept])
        messages.append(
            _(
                "The author information could not be removed from %(parts)s in %(file)s (damaged, "
                "password-protected, too large, or a zip inside zips too deep): judges receive it as it is. Remove "
                "your name from it yourself if it is there.",
                parts=parts,
                file=file.original_name,
            )
        )
    left_out = notes.get("left_out") or []
    if left_out:
        files = _listed(left_out)
        messages.append(
            _(
                "Files attached inside %(file)s are left out of the judges' copy, since they may carry the author's "
                "name: %(files)s. If judges need them, put their content in the document itself or upload them as "
                "files of their own.",
                file=file.original_name,
                files=files,
            )
        )
    old_office = notes.get("old_office") or []
    if old_office:
        parts = _listed(old_office)
        messages.append(
            _(
                "%(parts)s in %(file)s are in an old Office format (.doc, .xls, .ppt): their author, company and "
                "who last saved them are removed from the judges' copy, but who wrote their comments and tracked "
                "changes, and Word's list of who saved them, cannot be. Open them in Office, save them as .docx, "
                ".xlsx or .pptx, put them back and upload the file again.",
                parts=parts,
                file=file.original_name,
            )
        )
    greyed = notes.get("greyed") or []
    if greyed:
        messages.append(
            _(
                "Judges see %(pictures)s in %(file)s as a plain grey picture of the same size: the authoring tool's "
                "settings name it as the presenter's photo, and a face tells who made the entry. A slide that shows "
                "the same picture shows it grey to judges too; if a slide needs a picture of you, use another file.",
                pictures=_listed(greyed),
                file=file.original_name,
            )
        )
    return messages


def _listed(places: list[str]) -> str:
    """The first ``MAX_PLACES`` of ``places``, joined, and how many more there are."""
    shown = places[:MAX_PLACES]
    if len(places) > MAX_PLACES:
        shown.append(_("and %(n)d more places", n=len(places) - MAX_PLACES))
    return "; ".join(shown)


def _place(where: str, place: str, names: list[str]) -> str:
    shown = ", ".join(f"“{n}”" for n in names)
    if place == "name":
        return _("%(names)s in the name %(where)s", names=shown, where=where)
    return _("%(names)s in the text of %(where)s", names=shown, where=where or _("the file itself"))
