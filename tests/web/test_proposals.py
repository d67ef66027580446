"""Section 8 proposals: drafts, screening on submit, the Sở's decisions, revisions, mail and the audit trail."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Organisation, Proposal, ProposalDecision, ProposalStatus, Role, User
from app.services.contests.organising import RegistrationState, registration_state
from app.services.errors import InvalidInput, NotAllowed
from app.services.proposals import revision_diff, workflow
from app.services.records import audit
from app.services.records.mail import Mailer
from app.timeutil import utcnow
from submissions.store import LocalStore
from tests.builders import present, row_of

from ..factories import ContestFactory, UserFactory
from .proposals_helpers import queued_mails

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def school_content(**changes: object) -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": "Hội thi Tin học trẻ cấp trường",
        "summary": "Học sinh lập trình Scratch và Python.",
        "rules": "Thi cá nhân, 90 phút.",
        "proposer": {"name": "Trường THCS Lê Lợi", "kind": "school"},
        "organisers": [{"name": "Trường THCS Lê Lợi", "kind": "school"}],
        "prizes": [{"kind": "certificates", "description": "Giấy khen của Hiệu trưởng"}],
    }
    content.update(changes)
    return content


def company_content(**changes: object) -> dict[str, Any]:
    company = {"name": "Công ty TNHH Phần mềm Sao Việt", "kind": "business"}
    content: dict[str, Any] = {
        "title": "Cuộc thi Lập trình sáng tạo",
        "summary": "Cuộc thi dành cho học sinh THCS.",
        "rules": "Bài dự thi nộp trực tuyến.",
        "proposer": company,
        "organisers": [company],
        "sponsors": [{**company, "contribution": "money", "details": "Tài trợ 50 triệu đồng"}],
    }
    content.update(changes)
    return content


@pytest.fixture
def mailer(tmp_path: Path) -> Mailer:
    return Mailer(tmp_path / "mail")


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


def mails(mailer: Mailer) -> list[email.message.EmailMessage]:
    if not mailer.folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(mailer.folder.glob("*.eml"))
    ]


def actions(proposal: Proposal) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "proposal", AuditEntry.object_id == proposal.id)
            .order_by(AuditEntry.id)
        )
    )


@pytest.fixture
def people(app: Flask) -> Iterator[tuple[User, User, User]]:
    """A teacher, a company's representative and a Sở reviewer; services run in a request, as from the views."""
    teacher = UserFactory(username="gv", roles={Role.TEACHER})
    company = UserFactory(username="saoviet", email="lienhe@saoviet.example.com", roles={Role.TEACHER})
    reviewer = UserFactory(username="so", email="thanhtra@sogd.example.gov.vn", roles={Role.REVIEWER})
    with app.test_request_context():
        yield teacher, company, reviewer


def flagged(people: tuple[User, User, User], store: LocalStore) -> Proposal:
    _, company, _ = people
    proposal = workflow.create_draft(db.session, company, company_content(), PDF, store)
    workflow.submit(db.session, company, proposal)
    return proposal


def test_a_units_clean_proposal_is_approved_on_submit(people: tuple[User, User, User], store: LocalStore) -> None:
    teacher, _, _ = people
    proposal = workflow.create_draft(db.session, teacher, school_content(), PDF, store)
    assert (proposal.status, proposal.proposer_unit_id) == (ProposalStatus.DRAFT, teacher.unit_id)
    assert proposal.letter_hash is not None and proposal.letter_hash in store
    workflow.submit(db.session, teacher, proposal)
    assert proposal.status is ProposalStatus.APPROVED
    assert proposal.flags == [] and proposal.revision == 1
    assert actions(proposal) == ["proposal.create", "proposal.submit", "proposal.screen"]
    assert queued_mails() == []


def test_a_companys_proposal_goes_to_review_and_reviewers_are_mailed(
    people: tuple[User, User, User], store: LocalStore
) -> None:
    proposal = flagged(people, store)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["code"] for f in proposal.flags] == ["S8-COMPANY", "S8-BUSINESS"]
    assert all(f["reason"] and f["evidence"] and f["reason_key"] for f in proposal.flags)
    assert proposal.proposer_unit_id is None
    assert row_of(Organisation, proposal.proposer_organisation_id).kind == "business"
    [mail] = queued_mails()
    assert mail["To"] == "thanhtra@sogd.example.gov.vn"
    assert "Cuộc thi Lập trình sáng tạo" in mail["Subject"]
    assert "S8-COMPANY" in mail.get_content()


def test_a_decision_needs_a_reason_and_an_answer_to_every_flag(
    people: tuple[User, User, User], store: LocalStore
) -> None:
    _, _, reviewer = people
    proposal = flagged(people, store)
    before = actions(proposal)
    refused: list[tuple[str, dict[Any, str]]] = [
        ("", {0: "Công ty đề xuất", 1: "Công ty tổ chức"}),
        ("Không phù hợp", {}),
        ("Không phù hợp", {0: "Công ty đề xuất"}),
        ("Không phù hợp", {"S8-COMPANY": "Công ty đề xuất", "S8-BUSINESS": "  "}),
    ]
    for reason, answers in refused:
        with pytest.raises(InvalidInput):
            workflow.decide(db.session, reviewer, proposal, "rejected", reason, answers)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert db.session.query(ProposalDecision).count() == 0
    assert actions(proposal) == before
    assert len(queued_mails()) == 1  # only the reviewers' notice


def test_only_a_reviewer_decides(people: tuple[User, User, User], store: LocalStore) -> None:
    teacher, company, _ = people
    proposal = flagged(people, store)
    admin = UserFactory(roles={Role.ADMIN, Role.ORGANISER})
    for someone in (teacher, company, admin):
        with pytest.raises(NotAllowed):
            workflow.decide(db.session, someone, proposal, "approved", "Được", {0: "a", 1: "b"})
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert db.session.query(ProposalDecision).count() == 0


def test_a_reviewer_never_decides_a_proposal_they_made_or_changed(
    people: tuple[User, User, User], store: LocalStore
) -> None:
    _, company, reviewer = people
    organiser_and_reviewer = UserFactory(username="btc-so", roles={Role.ORGANISER, Role.REVIEWER})
    own = workflow.create_draft(db.session, organiser_and_reviewer, company_content(), PDF, store)
    workflow.submit(db.session, organiser_and_reviewer, own)
    admin_and_reviewer = UserFactory(username="qt-so", roles={Role.ADMIN, Role.REVIEWER})
    changed = workflow.create_draft(db.session, company, company_content(), PDF, store)
    workflow.update_draft(db.session, admin_and_reviewer, changed, company_content(title="Cuộc thi Lập trình 2027"))
    workflow.submit(db.session, company, changed)
    for who, proposal in ((organiser_and_reviewer, own), (admin_and_reviewer, changed)):
        assert (proposal.status, proposal.decisions) == (ProposalStatus.IN_REVIEW, [])
        answers = {i: "Đã xem xét" for i in range(len(proposal.flags))}
        with pytest.raises(NotAllowed) as refused:
            workflow.decide(db.session, who, proposal, "approved", "Tôi duyệt", answers)
        assert str(refused.value)  # says why
        assert (proposal.status, proposal.decisions) == (ProposalStatus.IN_REVIEW, [])
        workflow.decide(db.session, reviewer, proposal, "approved", "Đúng quy định", answers)
        assert proposal.status is ProposalStatus.APPROVED


def test_reviewer_rejects_with_reasons(people: tuple[User, User, User], store: LocalStore) -> None:
    _, _, reviewer = people
    proposal = flagged(people, store)
    answers = {0: "Doanh nghiệp trực tiếp đề xuất cuộc thi.", "S8-BUSINESS": "Doanh nghiệp đứng tên ban tổ chức."}
    workflow.decide(db.session, reviewer, proposal, "rejected", "Trái Mục 8 hướng dẫn CNTT.", answers)
    to_proposer = [m for m in queued_mails() if m["To"] == "lienhe@saoviet.example.com"]  # sent (and emptied) at commit
    db.session.commit()
    assert proposal.status is ProposalStatus.REJECTED
    assert proposal.decided_by_id == reviewer.id and proposal.decision_reason == "Trái Mục 8 hướng dẫn CNTT."
    [row] = proposal.decisions
    assert row.decision == "rejected" and row.flag_answers == {
        "0": "Doanh nghiệp trực tiếp đề xuất cuộc thi.",
        "1": "Doanh nghiệp đứng tên ban tổ chức.",
    }
    assert actions(proposal) == ["proposal.create", "proposal.submit", "proposal.screen", "proposal.reject"]
    last = present(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first())
    assert last.actor_id == reviewer.id and last.reason == "Trái Mục 8 hướng dẫn CNTT."
    assert audit.verify(db.session) == []
    assert len(to_proposer) == 1
    assert "Trái Mục 8 hướng dẫn CNTT." in to_proposer[0].get_content()
    with pytest.raises(InvalidInput):  # decided once
        workflow.decide(db.session, reviewer, proposal, "approved", "Đổi ý", answers)


def test_changes_requested_then_resubmitted_is_screened_again(
    people: tuple[User, User, User], store: LocalStore
) -> None:
    _, company, reviewer = people
    proposal = flagged(people, store)
    workflow.decide(
        db.session,
        reviewer,
        proposal,
        "changes_requested",
        "Đề nghị bỏ yêu cầu cài đặt phần mềm.",
        {0: "Cần Sở xem xét", 1: "Chỉ tài trợ tiền"},
    )
    assert proposal.status is ProposalStatus.CHANGES_REQUESTED
    changed = company_content(participant_requirements="Học sinh cài đặt Microsoft Office trên máy tính.")
    workflow.update_draft(db.session, company, proposal, changed)  # as the web resubmits it
    workflow.submit(db.session, company, proposal)
    assert (proposal.status, proposal.revision) == (ProposalStatus.IN_REVIEW, 2)
    assert [r.number for r in proposal.revisions] == [1, 2]
    assert "S8-PRODUCT" in [f["code"] for f in proposal.flags]
    diff = revision_diff.revision_diff(proposal, 1, 2)
    assert "+participant_requirements: Học sinh cài đặt Microsoft Office trên máy tính." in diff
    assert "-participant_requirements: " in diff
    assert actions(proposal)[-3:] == ["proposal.update", "proposal.submit", "proposal.screen"]
    assert audit.verify(db.session) == []


def test_a_new_sponsor_after_approval_sends_it_back_to_screening(
    people: tuple[User, User, User], store: LocalStore
) -> None:
    teacher, _, _ = people
    proposal = workflow.create_draft(db.session, teacher, school_content(), None, None)
    workflow.submit(db.session, teacher, proposal)
    contest = ContestFactory(proposal=proposal, registration_opens=utcnow() - timedelta(days=1))
    assert registration_state(contest) is RegistrationState.OPEN
    sponsor = {"name": "Công ty CP Thiết bị Giáo dục Minh An", "kind": "business", "contribution": "prizes"}
    workflow.change_after_approval(
        db.session, teacher, proposal, school_content(sponsors=[{**sponsor, "details": "Máy tính bỏ túi"}])
    )
    assert proposal.status is ProposalStatus.IN_REVIEW and proposal.revision == 2
    assert [f["code"] for f in proposal.flags] == ["S8-BUSINESS"]
    assert registration_state(contest) is RegistrationState.PROPOSAL_NOT_APPROVED
    assert actions(proposal)[-3:] == ["proposal.change_after_approval", "proposal.submit", "proposal.screen"]
    assert [m["To"] for m in queued_mails()] == ["thanhtra@sogd.example.gov.vn"]


def test_bad_input_changes_nothing(people: tuple[User, User, User], store: LocalStore) -> None:
    teacher, _, _ = people
    with pytest.raises(InvalidInput) as error:
        workflow.create_draft(db.session, teacher, school_content(title=""), None, None)
    assert error.value.field == "title" and "title is required" in str(error.value.message)
    with pytest.raises(InvalidInput) as error:
        workflow.create_draft(db.session, teacher, school_content(proposer=None), None, None)
    assert error.value.field == "proposer"
    with pytest.raises(InvalidInput) as error:
        workflow.create_draft(db.session, teacher, school_content(), b"PK\x03\x04 a zip, not a PDF", store)
    assert error.value.field == "letter"
    assert db.session.query(Proposal).count() == 0
    assert not (store.root.exists() and any(store.root.rglob("*")))


def test_mail_is_a_utf8_eml_file(mailer: Mailer) -> None:
    mailer.send(["a@example.com", ""], "Đề xuất cuộc thi", "Kính gửi Sở GD&ĐT")
    [mail] = mails(mailer)
    assert mail["Subject"] == "Đề xuất cuộc thi" and mail.get_content().strip() == "Kính gửi Sở GD&ĐT"
    mailer.send([], "nobody", "nothing")
    assert len(mails(mailer)) == 1
