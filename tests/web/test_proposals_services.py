"""The services around Section 8 proposals: the brand list in the database, company accounts, units' reports,
the Sở's queue, the monthly summary, and flags in the reader's language."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from openpyxl import load_workbook

from app.extensions import db
from app.models import (
    AccountStatus,
    ContactReport,
    ListedBrand,
    Organisation,
    OrganisationKind,
    ProposalStatus,
    Role,
    Unit,
    User,
)
from app.policies import people as people_policy
from app.policies import proposals as proposal_policy
from app.services.errors import InvalidInput, NotAllowed
from app.services.proposals import brand_list, company_accounts, contact_reports, flag_text, monthly_summary, workflow
from app.services.proposals.proposal_queue import QueueFilter, parse_month, proposals_of, queue
from app.services.records import audit
from app.timeutil import today_local, utcnow
from submissions.store import LocalStore
from tests.builders import present, row_of

from .. import builders
from ..factories import UserFactory
from ..submissions.crafting import PNG
from .proposals_helpers import PDF, company_account, queued_mails
from .test_proposals import company_content, school_content


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


@pytest.fixture
def world(app: Flask) -> Iterator[tuple[Unit, Unit, User, User]]:
    units = builders.unit_tree()
    coordinator = builders.person("dieuphoi", units.school, Role.COORDINATOR)
    reviewer = builders.person("so", units.department, Role.REVIEWER, email="so@sogd.example.gov.vn")
    with app.test_request_context():
        yield units.department, units.school, coordinator, reviewer


# --- the brand list ----------------------------------------------------------------------------------------


def test_the_brand_list_is_seeded_from_the_shipped_file_and_screening_reads_the_edits(
    world: tuple[Unit, Unit, User, User],
) -> None:
    _, _, coordinator, reviewer = world
    names = {r.name for r in brand_list.rows(db.session)}
    assert {"Dell", "HP", "Viettel"} <= names
    sao = brand_list.add(db.session, reviewer, "Sao Khuê", ["SaoKhue Pad"], [])
    # Used, not installed: an app off the list that must be installed by its coined name is flagged anyway
    # (named_apps), so the list's edit would not show.
    content = school_content(rules="Học sinh phải dùng bút SaoKhue Pad.")
    proposal = workflow.create_draft(db.session, coordinator, content, None, None)
    workflow.submit(db.session, coordinator, proposal)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["params"]["brand"] for f in proposal.flags] == ["Sao Khuê"]
    brand_list.remove(db.session, reviewer, sao)
    again = workflow.create_draft(db.session, coordinator, content, None, None)
    workflow.submit(db.session, coordinator, again)
    assert again.status is ProposalStatus.APPROVED
    assert [e.action for e in db.session.query(audit.AuditEntry).filter_by(object_type="brand")] == [
        "brand.add",
        "brand.remove",
    ]


def test_brand_list_bad_input_and_roles(world: tuple[Unit, Unit, User, User]) -> None:
    _, _, coordinator, reviewer = world
    brand_list.rows(db.session)
    dell = db.session.query(ListedBrand).filter_by(name="Dell").one()
    count = db.session.query(ListedBrand).count()
    for name, aliases in [("", []), ("Máy Dell mới", ["Inspiron"]), ("Acme", ["--"]), ("x" * 101, [])]:
        with pytest.raises(InvalidInput):
            brand_list.add(db.session, reviewer, name, aliases, [])
    with pytest.raises(NotAllowed):
        brand_list.add(db.session, coordinator, "Acme", [], [])
    with pytest.raises(NotAllowed):
        brand_list.remove(db.session, coordinator, dell)
    assert db.session.query(ListedBrand).count() == count
    brand_list.update(db.session, reviewer, dell, "Dell", ["Inspiron", "Latitude"], [])
    assert "Latitude" in dell.aliases
    assert brand_list.split_names("Latitude, XPS\nXPS\n  ") == ["Latitude", "XPS"]


# --- company accounts ----------------------------------------------------------------------------------------


def test_a_company_registers_waits_for_the_so_and_proposes_in_its_own_name(
    world: tuple[Unit, Unit, User, User], store: LocalStore
) -> None:
    department, _, coordinator, reviewer = world
    details = company_accounts.CompanyDetails(
        "Công ty CP Công nghệ Giáo dục Ánh Dương", "0109876543", "Trần Thị Mai", "mai@anhduong.example.com", "anhduong"
    )
    account = present(company_accounts.register_company(db.session, details, "matkhau-an-toan"))
    assert account.status is AccountStatus.PENDING and account.roles == frozenset()
    assert (account.unit_id, account.organisation) == (department.id, None)  # not before the Sở checks it
    assert (account.company_name, account.company_tax_code) == (details.company_name, "0109876543")
    assert "Ánh Dương" in queued_mails()[0]["Subject"]
    # a coordinator of the Sở manages people, but never a company's account
    so_coordinator = UserFactory(unit=department, roles={Role.COORDINATOR})
    assert not people_policy.may_manage_person(db.session, so_coordinator, account)
    with pytest.raises(NotAllowed):
        company_accounts.set_status(db.session, coordinator, account, AccountStatus.ACTIVE)
    company_accounts.set_status(db.session, reviewer, account, AccountStatus.ACTIVE)
    assert account.is_active and queued_mails()[-1]["To"] == "mai@anhduong.example.com"
    organisation = present(account.organisation)
    assert (organisation.name, organisation.tax_code) == (details.company_name, "0109876543")
    # whatever the form says, the company proposes in its own name
    content = school_content(proposer={"name": "Trường THCS Lê Lợi", "kind": "school"})
    proposal = workflow.create_draft(db.session, account, content, PDF, store)
    assert proposal.proposer_organisation_id == account.organisation_id and proposal.proposer_unit_id is None
    workflow.submit(db.session, account, proposal, require_letter=True)
    assert [f["code"] for f in proposal.flags] == ["S8-COMPANY", "S8-BUSINESS"]
    assert proposal_policy.may_view(db.session, account, proposal) and not proposal_policy.may_view(
        db.session, coordinator, proposal
    )
    colleague = company_account("anhduong2", "Công ty khác")
    assert not proposal_policy.may_view(db.session, colleague, proposal)
    assert proposals_of(db.session, account)[0] == [proposal]


def test_company_registration_bad_input(world: tuple[Unit, Unit, User, User]) -> None:
    good = dict(
        company_name="Công ty A",
        tax_code="0101234567",
        contact_name="Lê Văn B",
        email="b@a.example.com",
        username="ctya",
    )
    for changes in [
        {"company_name": " "},
        {"tax_code": "12345"},
        {"email": ""},
        {"username": "so"},
        {"contact_name": ""},
    ]:
        with pytest.raises(InvalidInput):
            company_accounts.register_company(
                db.session, company_accounts.CompanyDetails(**{**good, **changes}), "matkhau-an-toan"
            )
    with pytest.raises(InvalidInput):
        company_accounts.register_company(db.session, company_accounts.CompanyDetails(**good), "short")
    assert db.session.query(User).filter(User.company_name.is_not(None)).count() == 0


def test_an_impostors_registration_cannot_block_the_real_company(world: tuple[Unit, Unit, User, User]) -> None:
    _, _, _, reviewer = world
    named = "Công ty CP Công nghệ Giáo dục Ánh Dương"
    known = Organisation(name=named, kind=OrganisationKind.BUSINESS)  # named as a sponsor, its tax code unknown
    db.session.add(known)
    db.session.commit()

    def register(username: str, tax_code: str) -> User:
        details = company_accounts.CompanyDetails(named, tax_code, "Người liên hệ", f"{username}@example.com", username)
        return present(company_accounts.register_company(db.session, details, "matkhau-an-toan"))

    impostor = register("mao-danh", "0100000001")
    assert known.tax_code is None and impostor.organisation is None  # an unchecked word changes nothing
    real = register("anhduong", "0109876543")
    assert {a.username for a in company_accounts.company_accounts(db.session)} >= {"mao-danh", "anhduong"}
    company_accounts.set_status(db.session, reviewer, real, AccountStatus.ACTIVE)
    assert real.organisation_id == known.id and known.tax_code == "0109876543"
    db.session.commit()
    with pytest.raises(InvalidInput):  # the reviewer cannot attach the impostor to the checked company by mistake
        company_accounts.set_status(db.session, reviewer, impostor, AccountStatus.ACTIVE)
    db.session.rollback()
    assert impostor.status is AccountStatus.PENDING and impostor.organisation_id is None
    assert row_of(Organisation, known.id).tax_code == "0109876543"
    with pytest.raises(InvalidInput):  # and, once the company is checked, a new impostor is refused at once
        register("mao-danh-2", "0100000002")


def test_a_submission_without_the_letter_is_refused_on_the_web_path(
    world: tuple[Unit, Unit, User, User], store: LocalStore
) -> None:
    _, _, coordinator, _ = world
    proposal = workflow.create_draft(db.session, coordinator, school_content(), None, None)
    with pytest.raises(InvalidInput) as error:
        workflow.submit(db.session, coordinator, proposal, require_letter=True)
    assert error.value.field == "letter" and proposal.status is ProposalStatus.DRAFT
    big = io.BytesIO(PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(InvalidInput) as error:
        workflow.update_draft(db.session, coordinator, proposal, school_content(), big, store)
    assert error.value.field == "letter" and proposal.letter_hash is None
    assert not any(p.is_file() for p in store.root.rglob("*")) if store.root.exists() else True


# --- reports -----------------------------------------------------------------------------------------------


def details(**changes: Any) -> contact_reports.ReportDetails:
    values = contact_reports.ReportDetails(
        company_name="Công ty TNHH Robot Việt",
        company_kind="business",
        contacted_on=today_local() - timedelta(days=2),
        contest="Cuộc thi lắp ráp robot dùng bộ kit RoboViet cho học sinh THCS",
        request="Nhà trường cử 20 học sinh tham gia và mua bộ kit cho học sinh.",
    )
    return replace(values, **changes)


def test_a_unit_reports_a_company_and_the_so_notes_it(world: tuple[Unit, Unit, User, User], store: LocalStore) -> None:
    _, school, coordinator, reviewer = world
    report = contact_reports.create_report(db.session, coordinator, details(), PDF, "congvan.pdf", store)
    assert report.unit_id == school.id and report.attachment_hash is not None and report.attachment_hash in store
    assert "Robot Việt" in queued_mails()[0]["Subject"]
    items, _more = queue(db.session, QueueFilter())
    assert [i.report for i in items] == [report]
    with pytest.raises(NotAllowed):
        contact_reports.note(db.session, coordinator, report, "Đã xử lý")
    with pytest.raises(InvalidInput):
        contact_reports.note(db.session, reviewer, report, " ")
    contact_reports.note(db.session, reviewer, report, "Đã nhắc nhở nhà trường không tham gia.")
    assert queue(db.session, QueueFilter())[0] == []
    assert [i.report for i in queue(db.session, QueueFilter(status="noted"))[0]] == [report]


def test_report_bad_input_changes_nothing(world: tuple[Unit, Unit, User, User], store: LocalStore) -> None:
    _, _, coordinator, _ = world
    for bad in [
        details(company_name=""),
        details(company_kind="education_unit"),
        details(contacted_on=today_local() + timedelta(days=1)),
        details(contacted_on=None),
        details(contest=""),
        details(request="  "),
    ]:
        with pytest.raises(InvalidInput):
            contact_reports.create_report(db.session, coordinator, bad)
    with pytest.raises(InvalidInput):
        contact_reports.create_report(db.session, coordinator, details(), b"MZ\x90 an exe", "x.pdf", store)
    with pytest.raises(NotAllowed):
        contact_reports.create_report(db.session, UserFactory(roles={Role.TEACHER}), details())
    assert db.session.query(ContactReport).count() == 0


# --- the queue and the summary -----------------------------------------------------------------------------


def test_the_queue_filters_and_pages(world: tuple[Unit, Unit, User, User], store: LocalStore) -> None:
    _, school, coordinator, reviewer = world
    company = company_account()
    flagged = workflow.create_draft(db.session, company, company_content(), None, None)
    workflow.submit(db.session, company, flagged)
    fee = workflow.create_draft(
        db.session,
        coordinator,
        school_content(fees=[{"amount": "50.000 đồng", "collected_by": {"name": "Công ty X", "kind": "business"}}]),
        None,
        None,
    )
    workflow.submit(db.session, coordinator, fee)
    clean = workflow.create_draft(db.session, coordinator, school_content(), None, None)
    workflow.submit(db.session, coordinator, clean)
    report = contact_reports.create_report(db.session, coordinator, details(), PNG, "anh.png", store)

    def ids(**f: Any) -> list[object]:
        items, _ = queue(db.session, QueueFilter(**f))
        return [i.proposal.id if i.proposal else f"report {present(i.report).id}" for i in items]

    # By default: what awaits the Sở, oldest first, then what screening approved automatically lately (issue 11).
    assert ids() == [flagged.id, fee.id, f"report {report.id}", clean.id]
    assert ids(flag="S8-FEE") == [fee.id]
    assert ids(proposer_kind="business") == [flagged.id, f"report {report.id}"]
    assert ids(proposer_kind="education_unit") == [fee.id, clean.id]
    assert ids(unit_id=school.parent_id) == [fee.id, f"report {report.id}", clean.id]
    assert ids(status="approved") == [clean.id]
    assert ids(status="auto_approved") == [clean.id]
    assert ids(what="reports") == [f"report {report.id}"]
    now = utcnow()
    assert len(ids(status="all", month=(now.year, now.month))) == 4
    assert ids(status="all", month=(2001, 1)) == []
    first, more = queue(db.session, QueueFilter(), page=1, per_page=3)
    second, more2 = queue(db.session, QueueFilter(), page=2, per_page=3)
    assert more and not more2 and len(first) == 3 and [i.proposal for i in second] == [clean]
    clean.decided_at = now - timedelta(days=31)  # an automatic approval long ago leaves the default list
    assert ids() == [flagged.id, fee.id, f"report {report.id}"]
    assert ids(status="auto_approved") == [clean.id]
    assert parse_month("2026-11") == (2026, 11) and parse_month("2026-13") is None and parse_month("x") is None

    workflow.decide(db.session, reviewer, flagged, "rejected", "Trái Mục 8.", {0: "Công ty đề xuất", 1: "Tổ chức"})
    with force_locale("en"):
        data = monthly_summary.build(db.session, now.year, now.month)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Proposals", "Reports", "Audit log"]
    # the audit log's head, a checkpoint kept outside the database that ``hoithi audit verify`` can check
    head = audit.head(db.session)
    assert head is not None
    rows = {r[0]: r[1] for r in book["Audit log"].iter_rows(values_only=True)}
    assert (rows["Entries in the log"], rows["Last entry"], rows["Its hash"]) == (head.count, head.entry_id, head.hash)
    line = json.loads(str(rows["For hoithi audit verify --checkpoints"]))
    assert (line["id"], line["hash"], line["count"]) == (head.entry_id, head.hash, head.count)
    cells = [list(row) for row in book["Proposals"].iter_rows(values_only=True)]
    assert len(cells) == 2 + 3  # title, headings, three submitted proposals
    text = "\n".join(str(c) for row in cells for c in row if c)
    assert "S8-COMPANY" in text and "Trái Mục 8." in text and "Công ty đề xuất" in text
    assert [r[2] for r in book["Reports"].iter_rows(min_row=2, values_only=True)] == ["Công ty TNHH Robot Việt"]


def test_a_formula_typed_as_a_title_stays_text_in_the_summary(world: tuple[Unit, Unit, User, User]) -> None:
    _, _, coordinator, _ = world
    proposal = workflow.create_draft(
        db.session, coordinator, school_content(title='=HYPERLINK("http://x")'), None, None
    )
    workflow.submit(db.session, coordinator, proposal)
    now = utcnow()
    book = load_workbook(io.BytesIO(monthly_summary.build(db.session, now.year, now.month)))
    cell = book.worksheets[0].cell(row=3, column=3)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


# --- flags in the reader's language ----------------------------------------------------------------------


def test_flags_are_shown_in_the_readers_language_with_the_match_marked(world: tuple[Unit, Unit, User, User]) -> None:
    _, _, coordinator, _ = world
    content = school_content(
        rules="Thí sinh phải cài đặt ứng dụng Zalo để nhận đề.",
        sponsors=[{"name": "Công ty Minh An", "kind": "business", "contribution": "prizes", "details": "Máy tính"}],
    )
    proposal = workflow.create_draft(db.session, coordinator, content, None, None)
    workflow.submit(db.session, coordinator, proposal)
    business, product = proposal.flags
    # Rebuilt from the key and parameters through the translation layer: in English, the stored reason exactly.
    with force_locale("en"):
        assert (
            flag_text.reason(product)
            == product["reason"]
            == ('Requires participants to install "Zalo" (Zalo), in the rules.')
        )
        assert flag_text.reason(business) == business["reason"]
        shown = flag_text.evidence(product)
        assert shown.where == "Rules" and shown.match == "Zalo"
        assert shown.before + shown.match + shown.after == "Thí sinh phải cài đặt ứng dụng Zalo để nhận đề."
        old = {
            "code": "S8-FEE",
            "reason": "an old reason",
            "evidence": "fees[0]: 5",
            "place": {"field": "fees", "n": 1},
        }
        assert flag_text.reason(old) == "an old reason" and flag_text.evidence(old).where == "Fee 1"
    with force_locale("vi"):
        assert flag_text.reason(product) == 'Yêu cầu thí sinh cài đặt "Zalo" (Zalo), trong thể lệ.'
        assert flag_text.evidence(business).where == "nhà tài trợ"


def test_the_screen_command_reads_the_sos_list_in_the_database(
    app: Flask, world: tuple[Unit, Unit, User, User], tmp_path: Path
) -> None:
    _, _, _, reviewer = world
    brand_list.add(db.session, reviewer, "Sao Khuê", ["SaoKhue Pad"], [])
    db.session.commit()
    file = tmp_path / "p.json"
    file.write_text('{"title": "Cuộc thi SaoKhue Pad", "proposer": {"name": "Sở", "kind": "education_unit"}}')
    result = app.test_cli_runner().invoke(args=["proposals", "screen", str(file), "--json"])
    assert result.exit_code == 0 and '"S8-PRODUCT"' in result.output and "Sao Khuê" in result.output
