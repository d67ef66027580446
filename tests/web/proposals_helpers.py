"""Shared by the proposal tests: contents of proposals, a PDF, company accounts, reading the mail folder and the
outbox, and ``world``: a school with a coordinator (dieuphoi) and the Sở with a reviewer (so), mail to a folder."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from app.models import Organisation, OrganisationKind, OutboxMail, Role, Unit, UnitKind, User
from app.services.proposals.screening import ProposalText
from app.services.records.mail import Mailer

from .. import builders
from ..factories import DepartmentFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
SCHOOL = {"name": "Trường THCS Lê Lợi", "kind": "school"}


def school_proposal(**fields: Any) -> ProposalText:
    """A proposal of the school Trường THCS Lê Lợi titled "Hội thi Tin học trẻ", with ``fields`` added."""
    return ProposalText.from_json({"title": "Hội thi Tin học trẻ", "proposer": SCHOOL, **fields})


@pytest.fixture
def world(app: Flask, tmp_path: Path) -> Iterator[Unit]:
    """A school (yielded) with its coordinator ``dieuphoi``, the Sở with its reviewer ``so``; mail written to a
    folder of the test's own."""
    before = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    units = builders.unit_tree(name="Trường THCS Lê Lợi")
    builders.person("dieuphoi", units.school, Role.COORDINATOR)
    builders.person("so", units.department, Role.REVIEWER)
    db.session.commit()
    yield units.school
    app.config["MAIL_FOLDER"] = before


def company_account(username: str = "saoviet", name: str = "Công ty TNHH Phần mềm Sao Việt") -> User:
    """An active company account (no role) of a business, attached to the Sở."""
    organisation = Organisation(name=name, kind=OrganisationKind.BUSINESS, tax_code="0101234567")
    db.session.add(organisation)
    db.session.flush()
    department = db.session.query(Unit).filter_by(kind=UnitKind.DEPARTMENT).first() or DepartmentFactory()
    user = UserFactory(username=username, email=f"{username}@company.example.com", unit=department)
    user.set_roles(set())
    user.organisation_id = organisation.id
    db.session.flush()
    return user


def read_mails(folder: Path) -> list[EmailMessage]:
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    ]


def queued_mails() -> list[EmailMessage]:
    """The messages queued in the outbox in the test's transaction (committed or not), oldest first, as the
    sender will write them."""
    writer = Mailer("unused")
    return [writer.message(m.to, m.subject, m.body) for m in db.session.query(OutboxMail).order_by(OutboxMail.id)]
