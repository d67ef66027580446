"""An entry sent to a contest whose proposal the Sở has not approved (Section 8: a contest may not open until its
proposal is approved) is refused, and, as registering for it is, kept for the Sở's reviewers
(/admin/section8-attempts) with who, which contest and the proposal's status, audited: created on the form (the
contest is then hidden, 404), changed, or its file uploaded. Until 7 Dec 2026 the refusal left no trace."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttemptKind, AuditEntry, ContestStatus, Entry, ProposalStatus, Section8Attempt
from app.services.entries import entering
from tests.builders import present, row_of

from .entries_helpers import World, lecture, log_in, world
from .published_helpers import refused_in_vietnamese

__all__ = ["world"]  # the fixture, from entries_helpers


def _attempts() -> list[Section8Attempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(Section8Attempt).order_by(Section8Attempt.id)))


def _entries() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry)) or 0


def _sent_back(world: World, status: ProposalStatus = ProposalStatus.IN_REVIEW) -> None:
    present(world.elearning.proposal).status = status
    db.session.commit()


def test_an_entry_created_before_approval_is_refused_and_kept_for_the_so(app: Flask, world: World) -> None:
    _sent_back(world)
    told = refused_in_vietnamese(lambda: entering.create_entry(db.session, world.teacher, world.elearning, lecture()))
    assert "Sở phê duyệt" in told
    assert _entries() == 0
    [attempt] = _attempts()
    assert (attempt.kind, attempt.actor_id, attempt.contest_id) == (
        AttemptKind.UNAPPROVED,
        world.teacher.id,
        world.elearning.id,
    )
    assert (attempt.what, attempt.proposal_status) == ("Sending an entry", "in_review")
    [audited] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "section8.unapproved"))
    assert (audited.actor_id, audited.object_id, audited.data["attempt"]) == (
        world.teacher.id,
        world.elearning.id,
        attempt.id,
    )


def test_an_entry_sent_on_the_form_to_a_hidden_contest_is_kept_though_the_page_is_404(
    client: FlaskClient, world: World
) -> None:
    _sent_back(world, ProposalStatus.CHANGES_REQUESTED)
    log_in(client, "gv1")
    assert client.get(f"/contests/{world.elearning.id}/entries/new").status_code == 404
    assert _attempts() == []  # looking is no attempt
    data = {"title": "Bài giảng Hình học", "licence": "cc_by", "supervisor": 0}
    assert client.post(f"/contests/{world.elearning.id}/entries/new", data=data).status_code == 404
    assert _entries() == 0
    [attempt] = _attempts()
    assert (attempt.actor_id, attempt.what, attempt.proposal_status) == (
        world.teacher.id,
        "Sending an entry",
        "changes_requested",
    )


def test_changing_or_uploading_to_an_entry_after_its_contest_went_back_to_review_is_kept(
    client: FlaskClient, world: World
) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    _sent_back(world)  # an organiser changed the contest's title: its proposal is the Sở's again
    log_in(client, "gv1")
    data = {"title": "Tên mới", "licence": "cc_by", "supervisor": 0}
    assert client.post(f"/entries/{entry.id}/edit", data=data).status_code == 200
    assert row_of(Entry, entry.id).title == lecture().title
    form = {"slot": "document", "file": (io.BytesIO(b"%PDF-1.4\n"), "bai.pdf")}
    client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data")
    assert row_of(Entry, entry.id).files == []
    assert [(a.kind, a.actor_id, a.what) for a in _attempts()] == [
        (AttemptKind.UNAPPROVED, world.teacher.id, "Sending an entry")
    ] * 2


def test_a_draft_or_an_approved_contest_keeps_nothing(client: FlaskClient, world: World) -> None:
    world.elearning.status = ContestStatus.DRAFT
    db.session.commit()
    refused_in_vietnamese(lambda: entering.create_entry(db.session, world.teacher, world.elearning, lecture()))
    world.elearning.status = ContestStatus.PUBLISHED
    db.session.commit()
    entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    assert _entries() == 1 and _attempts() == []
