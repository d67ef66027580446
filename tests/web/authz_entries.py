"""Rows of the authorisation table for entries and their files (issue 5): see test_authorisation.py.

The world adds an e-Learning contest organised by the organiser's unit, an entry by the teacher (so that the
school's coordinator sees it) with a package and a document, and an assignment of the judge to it, although the
judge works at that school (a conflict of interest found after the assignment: the entry is closed to them); and an
entry of another school with a document, assigned to the judge without a conflict (they read it, blind).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from app.extensions import db
from app.models import Assignment, ContestKind, Entry, EntryAuthor, EntryFile, FileKind, Licence, User
from app.services.entries.entry_preview import make_token
from submissions.store import LocalStore

from ..factories import ContestFactory, SchoolFactory, UserFactory
from ..submissions.crafting import PDF

LOGIN = "login"
# the judge is assigned to the entry but works at its school: a conflict of interest closes it to them
VIEWERS = {"anonymous": LOGIN, "teacher": 200, "coordinator": 200, "judge": 403, "organiser": 200, "admin": 200}
JUDGED = {"anonymous": LOGIN, "judge": 200, "organiser": 200, "admin": 200}

# (method, url template, {role: expected}, default): placeholders are keys of the world's ids.
TABLE: list[tuple[str, str, dict[str, Any], Any]] = [
    ("GET", "/contests/{el_contest}/entries", {"anonymous": LOGIN}, 200),
    # the teacher already has an entry: sent to it
    ("GET", "/contests/{el_contest}/entries/new", {"anonymous": LOGIN, "teacher": 302}, 403),
    ("POST", "/contests/{el_contest}/entries/new", {"anonymous": LOGIN, "teacher": 302}, 403),
    ("GET", "/contests/{el_contest}/entries/settings", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("POST", "/contests/{el_contest}/entries/settings", {"anonymous": LOGIN, "organiser": 200, "admin": 200}, 403),
    ("GET", "/entries/{entry}", VIEWERS, 403),
    ("GET", "/entries/{entry}/edit", {"anonymous": LOGIN, "teacher": 200}, 403),
    ("POST", "/entries/{entry}/edit", {"anonymous": LOGIN, "teacher": 200}, 403),
    ("GET", "/entries/{entry}/files/{entry_file}", VIEWERS, 403),
    ("GET", "/entries/{judged_entry}", JUDGED, 403),
    ("GET", "/entries/{judged_entry}/files/{judged_file}", JUDGED, 403),
    # an empty upload: refused with a message on the entry's page
    ("POST", "/entries/{entry}/files", {"anonymous": LOGIN, "teacher": 302}, 403),
    # the token is the viewer's right (a sandboxed frame sends no cookies), from the browser session it was made for
    # only: a request without a login is answered, one logged in to any other session refused
    ("GET", "/preview/{preview_token}/index.html", {"anonymous": 200}, 404),
    ("GET", "/preview/{bad_token}/index.html", {}, 404),
    ("POST", "/entries/{entry}/files/{spare_file}/remove", {"anonymous": LOGIN, "teacher": 302}, 403),
]

# A value for each placeholder this area adds, for the check that the table covers every route.
SAMPLE_IDS: dict[str, Any] = {
    "el_contest": 1,
    "entry": 1,
    "entry_file": 1,
    "spare_file": 2,
    "preview_token": "token",
    "bad_token": "bad",
    "judged_entry": 2,
    "judged_file": 3,
}


def _package() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("index.html", "<!doctype html><title>Bài giảng</title>")
    return data.getvalue()


def add_to_world(app: Any, users: dict[str, User], ids: dict[str, Any]) -> None:
    """Create this area's objects (``users`` maps each role name to its user) and add their ids to ``ids``."""
    teacher = users["teacher"]
    contest = ContestFactory(
        kind=ContestKind.ELEARNING,
        organiser_unit=users["organiser"].unit,
        open_to_teachers=True,
        open_to_students=False,
    )
    entry = Entry(
        contest_id=contest.id,
        code="EL-0001",
        unit_id=teacher.unit_id,
        title="Bài giảng điện tử",
        licence=Licence.CC_BY,
        created_by_id=teacher.id,
        authors=[EntryAuthor(contest_id=contest.id, user_id=teacher.id)],
    )
    store = LocalStore(app.config["STORAGE_DIR"])
    package = EntryFile(
        kind=FileKind.HTML5,
        sha256=store.put_bytes(_package()),
        size=len(_package()),
        original_name="bai-giang.zip",
        launch="index.html",
        uploaded_by_id=teacher.id,
    )
    document = EntryFile(
        kind=FileKind.DOCUMENT,
        sha256=store.put_bytes(PDF),
        size=len(PDF),
        original_name="thuyet-minh.pdf",
        uploaded_by_id=teacher.id,
    )
    entry.files = [package, document]
    db.session.add(entry)
    db.session.flush()
    db.session.add(Assignment(contest_id=contest.id, entry_id=entry.id, judge_id=users["judge"].id))
    elsewhere = SchoolFactory()
    author = UserFactory(unit=elsewhere)
    judged = Entry(
        contest_id=contest.id,
        code="EL-0002",
        unit_id=elsewhere.id,
        title="Bài giảng của trường khác",
        licence=Licence.CC_BY,
        created_by_id=author.id,
        authors=[EntryAuthor(contest_id=contest.id, user_id=author.id)],
        files=[
            EntryFile(
                kind=FileKind.DOCUMENT,
                sha256=store.put_bytes(PDF),
                size=len(PDF),
                original_name="thuyet-minh-truong-khac.pdf",
                uploaded_by_id=author.id,
            )
        ],
    )
    db.session.add(judged)
    db.session.flush()
    db.session.add(Assignment(contest_id=contest.id, entry_id=judged.id, judge_id=users["judge"].id))
    ids.update(
        el_contest=contest.id,
        entry=entry.id,
        entry_file=package.id,
        spare_file=document.id,
        judged_entry=judged.id,
        judged_file=judged.files[0].id,
        preview_token=make_token(db.session, package.id, teacher.id, "the teacher's session", 20),
        bad_token="not-a-token-anyone-was-given",
    )
