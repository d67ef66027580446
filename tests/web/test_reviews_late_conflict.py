"""A conflict of interest found after a judge scored: their sheet must not count again once the head judge has
reopened it (the judging day's order: the judge declares, the head judge reopens, the organisers take the judge off)."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Entry, EntryFile, FileKind, ReviewSettings, Role, ScoreSheet, SheetStatus
from app.services.errors import NotAllowed
from app.services.reviews import assignment, score_sheets
from tests.conftest import AuthActions

from .. import builders
from .reviews_helpers import review_world


def _login(client: FlaskClient, auth: AuthActions, username: str) -> None:
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


def test_a_judge_who_declared_a_conflict_cannot_submit_the_reopened_sheet_again(
    client: FlaskClient, auth: AuthActions
) -> None:
    world = review_world(judges=2, entries=1)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    db.session.commit()
    scores = {f"points_{c.id}": "20,5" for c in world.rubric.criteria}
    sheet_url = f"/review/entries/{entry.id}/sheet"

    _login(client, auth, judge.username)
    client.post(sheet_url, data={**scores, "submit": "1", "confirm_lock": "y"})
    response = client.post(
        f"/review/entries/{entry.id}/conflict", data={"reason": "Tác giả là em họ tôi"}, follow_redirects=True
    )
    assert response.status_code == 200
    auth.logout()

    _login(client, auth, world.judges[0].username)  # the head judge
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert sheet.status is SheetStatus.SUBMITTED
    client.post(f"/review/sheets/{sheet.id}/reopen", data={"reason": "Giám khảo khai báo xung đột lợi ích"})
    auth.logout()

    _login(client, auth, judge.username)
    shown = client.get(sheet_url).get_data(as_text=True)  # told before typing anything, the form read-only
    assert 'id="sheet-closed">You have a conflict of interest with this entry' in shown
    assert "<fieldset disabled>" in shown
    response = client.post(sheet_url, data={**scores, "submit": "1", "confirm_lock": "y"}, follow_redirects=True)
    assert "You have a conflict of interest with this entry" in response.get_data(as_text=True)
    db.session.expire_all()
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert (sheet.status, sheet.total) == (SheetStatus.DRAFT, None)


def test_a_conflict_by_unit_found_after_scoring_holds_publication_back(client: FlaskClient, auth: AuthActions) -> None:
    """The judge's unit was wrong when they scored: they teach at the entry's school. Once corrected, their
    submitted sheet must not silently count toward the published result."""
    world = review_world(judges=2, entries=1)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    db.session.commit()
    _login(client, auth, judge.username)
    client.post(
        f"/review/entries/{entry.id}/sheet",
        data={**{f"points_{c.id}": "20" for c in world.rubric.criteria}, "submit": "1", "confirm_lock": "y"},
    )
    auth.logout()
    judge.unit_id = world.school.id  # the Sở corrects where the judge works
    db.session.commit()

    _login(client, auth, world.organiser.username)
    response = client.post(
        f"/contests/{world.contest.id}/results/publish", data={"confirm": "y"}, follow_redirects=True
    )
    text = response.get_data(as_text=True)
    assert "The results cannot be published yet" in text
    assert f"{entry.code}: {judge.full_name} has a conflict of interest with it" in text
    settings = db.session.get(ReviewSettings, world.contest.id)
    assert settings is None or settings.results_published_at is None


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("index.html", "<!doctype html><title>Bài giảng</title><p>Xin chào</p>")
    return buffer.getvalue()


def _entry_urls(entry: Entry, package: EntryFile, document: EntryFile) -> list[str]:
    return [
        f"/review/entries/{entry.id}",
        f"/entries/{entry.id}",
        f"/entries/{entry.id}/files/{package.id}",
        f"/entries/{entry.id}/files/{document.id}",
    ]


@pytest.mark.parametrize("how", ["declared after submitting", "unit corrected before scoring"])
def test_a_judge_with_a_conflict_found_late_no_longer_reads_the_entry(
    client: FlaskClient, auth: AuthActions, how: str
) -> None:
    """A conflict of interest found while the judge is still assigned (declared once their sheet is submitted, or
    their unit corrected to the entry's school before they opened it): the entry, its files and its lecture's
    preview are closed to them, as they are to a head judge in conflict; their own sheet stays readable."""
    world = review_world(judges=2, entries=1)
    judge, entry = world.judges[1], world.entries[0]
    author = builders.person("tacgia", world.school, Role.TEACHER)
    package = builders.entry_file(
        entry, FileKind.HTML5, _package(), "Bai giang.zip", uploaded_by=author, launch="index.html"
    )
    document = builders.entry_file(entry, FileKind.DOCUMENT, PDF, "Thuyet minh.pdf", uploaded_by=author)
    assignment.add(db.session, world.organiser, entry, judge.id)
    db.session.commit()
    _login(client, auth, judge.username)
    urls = _entry_urls(entry, package, document)
    for url in urls:
        assert client.get(url).status_code == 200, url  # no conflict yet: the judge reads everything
    page = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    frame = re.search(r'<iframe id="preview"[^>]* src="([^"]+)"', page)
    assert frame is not None
    preview = html.unescape(frame.group(1))
    assert client.get(preview).status_code == 200

    if how == "declared after submitting":
        scores = {f"points_{c.id}": "20" for c in world.rubric.criteria}
        client.post(f"/review/entries/{entry.id}/sheet", data={**scores, "submit": "1", "confirm_lock": "y"})
        response = client.post(
            f"/review/entries/{entry.id}/conflict", data={"reason": "Tác giả là em họ tôi"}, follow_redirects=True
        )
        assert response.status_code == 200
        assert "the head judge will decide whether to reopen it" in response.get_data(as_text=True)
    else:
        judge.unit_id = world.school.id  # the Sở corrects where the judge works
        db.session.commit()

    for url in [*urls, preview]:
        assert client.get(url).status_code in (403, 404), url
    sheet = client.get(f"/review/entries/{entry.id}/sheet")
    assert sheet.status_code == 200
    shown = sheet.get_data(as_text=True)
    assert "You have a conflict of interest with this entry" in shown
    assert f'href="/review/entries/{entry.id}"' not in shown  # no link to what is closed to them
    queue = client.get("/review/").get_data(as_text=True)
    assert entry.code in queue
    assert f'href="/review/entries/{entry.id}"' not in queue
    assert f'href="/review/entries/{entry.id}/sheet"' in queue


def test_an_account_no_longer_a_judge_neither_reads_nor_scores_the_entries_it_was_assigned(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The administrator takes the judge's role away (given by mistake, or the person left the panel's work) while
    their assignments stay: the judge's pages of the entry are for judges, as the queue is, and the sheet is
    neither shown nor saved."""
    world = review_world(judges=2, entries=1)
    judge, entry = world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    judge.set_roles({Role.TEACHER})
    db.session.commit()
    _login(client, auth, judge.username)
    scores = {f"points_{c.id}": "20" for c in world.rubric.criteria}
    assert client.get("/review/").status_code == 403
    for url in (f"/review/entries/{entry.id}", f"/review/entries/{entry.id}/sheet"):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/review/entries/{entry.id}/sheet", data={**scores, "submit": "1", "confirm_lock": "y"})
    assert response.status_code == 403
    assert client.post(f"/review/entries/{entry.id}/conflict", data={"reason": "Tôi quen"}).status_code == 403
    db.session.expire_all()
    assert db.session.scalars(select(ScoreSheet)).all() == []
    with pytest.raises(NotAllowed):  # the service holds the same rule for any other caller
        score_sheets.save(db.session, judge, entry, {c.id: ("20", "") for c in world.rubric.criteria}, "")
    db.session.rollback()
    assert db.session.scalars(select(ScoreSheet)).all() == []


def test_a_head_judge_no_longer_a_judge_neither_reads_nor_reopens_the_panels_sheets(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The head judge's role taken away: the panel's sheets (judges' names and scores), reopening one and settling
    flagged entries are the head judge's, and they no longer are one."""
    world = review_world(judges=2, entries=1)
    head, judge, entry = world.judges[0], world.judges[1], world.entries[0]
    assignment.add(db.session, world.organiser, entry, judge.id)
    score_sheets.save(db.session, judge, entry, {c.id: ("20", "") for c in world.rubric.criteria}, "", submit=True)
    head.set_roles({Role.TEACHER})
    db.session.commit()
    sheet = db.session.scalars(select(ScoreSheet)).one()
    _login(client, auth, head.username)
    assert client.get(f"/contests/{world.contest.id}/review/sheets").status_code == 403
    assert client.get(f"/contests/{world.contest.id}/results/reconcile").status_code == 403
    client.post(f"/review/sheets/{sheet.id}/reopen", data={"reason": "Xem lại"})
    db.session.expire_all()
    assert db.session.scalars(select(ScoreSheet.status)).one() is SheetStatus.SUBMITTED
    with pytest.raises(NotAllowed):
        score_sheets.reopen(db.session, head, sheet, "Xem lại")
