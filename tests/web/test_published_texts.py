"""Section 8 after approval: what a contest publishes once the Sở approved its proposal (announcements, answers to
contestants' questions, problem titles and statements, edited or in a package, theory questions, typed or imported)
is screened with the proposal's screener. A text that raises a flag the approved proposal does not carry is refused
in Vietnamese, naming what was found and saying the Sở must review it, and nothing is published; problem statements
and theory questions are exercises, whose stories name companies and brands without a flag
(tests/web/data/published_texts.yaml). Until 6 Dec 2026 all of these were published unscreened."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from fpdf import FPDF
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Announcement,
    Clarification,
    Contest,
    ContestKind,
    Problem,
    ProposalStatus,
    Question,
    Registration,
    Role,
    User,
)
from app.policies.contests import may_see
from app.services.contests import registrations, round_links
from app.services.errors import InvalidInput
from app.services.programming import clarifications, problem_admin, problem_statements
from app.services.proposals import workflow
from app.services.proposals.screening import ProposalText, screen
from app.services.quizzes import bank, bank_xlsx
from app.storage import content_store
from tests.builders import present, row_of
from tests.conftest import AuthActions

from .. import builders
from ..builders import SUM
from .programming_helpers import add_problem, login, world, zip_of
from .quiz_helpers import sheet_bytes

__all__ = ["world"]  # the fixture, from programming_helpers

CASES = yaml.safe_load((Path(__file__).parent / "data" / "published_texts.yaml").read_text(encoding="utf-8"))["cases"]
# Still missed (docs/proposals.md), as in a proposal's rules: liking the fanpage of a shop named by what it is ("like
# fanpage Nhà sách Minh Khai"), even after "phải"; a centre off the brand list selling its courses ("Hotline tư vấn
# khoá học … của Trung tâm Tin học MindX").
STILL_MISSED = {"imperative-02", "promo-02"}
ADVERT = "Giải thưởng do Samsung tài trợ, thí sinh phải cài ứng dụng MoMo để nhận thông báo kết quả."
FONT = Path(__file__).resolve().parents[2] / "app" / "static" / "fonts" / "DejaVuSerif.ttf"


def _contest(world: dict[str, int]) -> Contest:
    return row_of(Contest, world["contest"])


def _organiser(world: dict[str, int]) -> User:
    return row_of(User, world["organiser"])


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _refused_in_vietnamese(call: Any) -> str:
    """The Vietnamese message of the InvalidInput ``call`` raises; the session rolled back as a view does."""
    with pytest.raises(InvalidInput) as refused:
        call()
    db.session.rollback()
    with force_locale("vi"):
        return str(refused.value.message)


def test_an_announcement_advertising_a_company_after_approval_is_refused_naming_what_was_found(
    app: Flask, world: dict[str, int]
) -> None:
    message = _refused_in_vietnamese(
        lambda: clarifications.announce(db.session, _organiser(world), _contest(world), ADVERT)
    )
    assert "Samsung" in message and "MoMo" in message
    assert "Sở" in message and "chưa được lưu" in message
    assert "nội dung sắp đăng" in message  # where it was found
    assert _count(Announcement) == 0


def test_an_answer_advertising_is_refused_whether_public_or_to_its_asker_alone(
    app: Flask, world: dict[str, int]
) -> None:
    question = clarifications.ask(db.session, _contest(world), row_of(User, world["alice"]), "Giải thưởng là gì?")
    db.session.commit()
    for public in (True, False):
        message = _refused_in_vietnamese(
            lambda public=public: clarifications.answer(
                db.session, _organiser(world), _contest(world), question.id, ADVERT, public
            )
        )
        assert "MoMo" in message
        assert row_of(Clarification, question.id).answer is None


def test_an_answer_about_a_problem_may_name_the_company_of_its_story(app: Flask, world: dict[str, int]) -> None:
    problem_id = add_problem(app, world)
    question = clarifications.ask(
        db.session, _contest(world), row_of(User, world["alice"]), "Một xe có chạy nhiều chuyến không?", problem_id
    )
    answer = "Không. Mỗi xe của Công ty Vận tải Minh Phát chỉ chạy một chuyến."
    clarifications.answer(db.session, _organiser(world), _contest(world), question.id, answer, True)
    db.session.commit()
    assert row_of(Clarification, question.id).answer == answer


def test_what_the_so_approved_in_the_proposal_may_be_announced(app: Flask, world: dict[str, int]) -> None:
    """The proposal named the sponsor in its rules and the Sở approved it: announcing the same passes; a new
    sponsor does not."""
    proposal = present(_contest(world).proposal)
    proposal.content = {
        "title": _contest(world).title,
        "proposer": {"name": "Sở GD&ĐT", "kind": "education_unit"},
        "rules": "Giải thưởng do Công ty CP Sữa Mộc Châu trao tặng.",
    }
    db.session.commit()
    clarifications.announce(
        db.session, _organiser(world), _contest(world), "Nhắc lại: giải thưởng do Công ty CP Sữa Mộc Châu trao tặng."
    )
    db.session.commit()
    assert _count(Announcement) == 1
    message = _refused_in_vietnamese(
        lambda: clarifications.announce(
            db.session, _organiser(world), _contest(world), "Giải phụ do Công ty TNHH Điện tử Phong Vũ trao tặng."
        )
    )
    assert "Phong Vũ" in message and _count(Announcement) == 1


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason="known miss")) if c["id"] in STILL_MISSED else c
        for c in CASES
    ],
    ids=[c["id"] for c in CASES],
)
def test_each_published_text_is_refused_or_published_as_labelled(
    app: Flask, world: dict[str, int], case: dict[str, Any]
) -> None:
    contest, organiser, text = _contest(world), _organiser(world), case["text"]
    if case["where"] == "statement":
        problem = row_of(Problem, add_problem(app, world))
        publish: Any = lambda: problem_statements.save_statement(  # noqa: E731
            db.session, organiser, contest, problem, vi=text, en=None
        )
    elif case["where"] == "question":
        spec = bank.QuestionSpec("Tin học", 1, text, ["Có", "Không"], [0], False)
        publish = lambda: bank.add(db.session, organiser, contest, spec)  # noqa: E731
    else:
        publish = lambda: clarifications.announce(db.session, organiser, contest, text)  # noqa: E731
    if case["want"] == "flag":
        assert "Sở" in _refused_in_vietnamese(publish)
        # whatever the place, a notice refuses it too
        assert "Sở" in _refused_in_vietnamese(lambda: clarifications.announce(db.session, organiser, contest, text))
    else:
        publish()
        db.session.commit()


def test_an_edited_statement_advertising_is_refused_and_the_old_one_stays(app: Flask, world: dict[str, int]) -> None:
    problem = row_of(Problem, add_problem(app, world))
    problem_statements.save_statement(
        db.session, _organiser(world), _contest(world), problem, vi="Cho hai số a, b. Tính a + b.", en=None
    )
    db.session.commit()
    message = _refused_in_vietnamese(
        lambda: problem_statements.save_statement(
            db.session,
            _organiser(world),
            _contest(world),
            row_of(Problem, problem.id),
            vi="Cho hai số a, b. Tính a + b.",
            en="Sponsored by Samsung: contestants must install the Samsung Members app before submitting.",
        )
    )
    assert "Samsung" in message
    assert row_of(Problem, problem.id).statement_en is None


def _package(statement: tuple[str, bytes] | None) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "SUM.zip"
    path.write_bytes(zip_of(SUM, {statement[0]: statement[1]} if statement else None).getvalue())
    return path


def _upload(world: dict[str, int], path: Path, title: str = "") -> None:
    problem_admin.add_problem(
        db.session,
        content_store(),
        "none-such",
        _contest(world),
        _organiser(world),
        path,
        problem_admin.ProblemUpload(label="A", filename="SUM.zip", title=title),
    )


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    "statement",
    [
        ("SUM.md", f"# Tổng\n\nCho hai số a, b.\n\n{ADVERT}\n".encode()),
        ("SUM.html", f"<h1>Tổng</h1><p>Cho hai số a, b.</p><p><b>{ADVERT}</b></p>".encode()),
        ("SUM.pdf", _pdf(f"Tổng. Cho hai số a, b. {ADVERT}")),
    ],
    ids=["markdown", "html", "pdf"],
)
def test_a_package_whose_statement_advertises_is_refused_storing_nothing(
    app: Flask, world: dict[str, int], statement: tuple[str, bytes]
) -> None:
    message = _refused_in_vietnamese(lambda: _upload(world, _package(statement)))
    assert "MoMo" in message
    assert _count(Problem) == 0


def test_a_package_whose_statement_tells_a_company_story_is_imported(app: Flask, world: dict[str, int]) -> None:
    story = next(c["text"] for c in CASES if c["id"] == "heldout-01").encode()
    _upload(world, _package(("SUM.md", story)))
    db.session.commit()
    assert _count(Problem) == 1


def test_a_problem_titled_after_a_brand_is_refused(app: Flask, world: dict[str, int]) -> None:
    message = _refused_in_vietnamese(lambda: _upload(world, _package(None), title="Tổng hai số - Cúp Samsung"))
    assert "Samsung" in message and _count(Problem) == 0


def test_an_imported_question_sheet_with_an_advert_imports_nothing(app: Flask, world: dict[str, int]) -> None:
    rows = [
        [1, "Tin học", "Dễ", "Phần mềm Microsoft Word dùng để làm gì?", "Soạn thảo", "Vẽ", "", "", "", "", "A", "", ""],
        [2, "Tin học", "Dễ", "Các em phải tải ứng dụng MoMo để nhận thưởng. 1 + 1 = ?", "2", "3", "", "", "", "", "A"],
    ]
    before = _count(Question)
    with force_locale("vi"):
        report = bank_xlsx.import_questions(
            db.session, _organiser(world), _contest(world), io.BytesIO(sheet_bytes(rows))
        )
        errors = [(e.row, str(e.message)) for e in report.errors]
    assert not report.ok and [row for row, _ in errors] == [3]
    assert "MoMo" in errors[0][1] and "Sở" in errors[0][1]
    assert _count(Question) == before


def test_a_change_to_a_question_is_screened_too(app: Flask, world: dict[str, int]) -> None:
    spec = bank.QuestionSpec(
        "Tin học", 1, "Phần mềm trình chiếu PowerPoint dùng để làm gì?", ["Trình chiếu", "Vẽ"], [0], False
    )
    question = bank.add(db.session, _organiser(world), _contest(world), spec)
    db.session.commit()
    advert = bank.QuestionSpec(
        "Tin học", 1, spec.text, ["Trình chiếu", "Học sinh phải mua vở viết của Hồng Hà để làm bài"], [0], False
    )
    assert "Hồng Hà" in _refused_in_vietnamese(
        lambda: bank.change(db.session, _organiser(world), _contest(world), row_of(Question, question.id), advert)
    )
    assert row_of(Question, question.id).options == ["Trình chiếu", "Vẽ"]


def test_the_organiser_reads_the_refusal_on_the_announcements_page(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    client.get("/lang/vi")
    page = client.post(
        f"/contests/{world['contest']}/manage/announcements", data={"body": ADVERT}, follow_redirects=True
    ).get_data(as_text=True)
    assert "chưa được lưu" in page and "MoMo" in page
    assert _count(Announcement) == 0


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("Đội Samsung Galaxy", True),
        ("Đội Vinamilk Vươn Cao", True),
        ("Đội THCS Lê Lợi 1", False),
        ("Rồng Xanh", False),
    ],
)
def test_a_team_name_the_public_scoreboard_shows_is_screened(app: Flask, name: str, refused: bool) -> None:
    """A coordinator names the team; the scoreboard, its awards and the hand-off show it to the public."""
    units = builders.unit_tree()
    contest = builders.contest(ContestKind.INFORMATICS, units.department, max_team_size=2)
    coordinator = builders.person("gv", units.school, Role.COORDINATOR)
    pair = [builders.person(n, units.school) for n in ("an", "binh")]
    db.session.commit()
    register = lambda: registrations.register(  # noqa: E731
        db.session, coordinator, contest, member_ids=[p.id for p in pair], team_name=name
    )
    if refused:
        message = _refused_in_vietnamese(register)
        assert name.split()[1] in message and "Tên đội" in message
        assert _count(Registration) == 0
    else:
        register()
        db.session.commit()
        assert _count(Registration) == 1


@pytest.mark.parametrize(
    ("rules", "flagged"),
    [
        ("Hãy tải ứng dụng MoMo ngay hôm nay để nhận mã giảm giá!", True),
        ("Các bạn vui lòng cài đặt ứng dụng ELSA Speak trước ngày thi.", True),
        ("Download the Brainly app before the contest.", True),
        ("Em mua 3 quyển vở, mỗi quyển 5.000 đồng.", False),
        ("Mua sắm thông minh: em hãy tính số tiền ít nhất.", False),
        ("Hãy dùng thuật toán sắp xếp để giải bài toán.", False),
    ],
)
def test_an_imperative_to_the_reader_binds_as_phai_does(rules: str, flagged: bool) -> None:
    """In a proposal's rules as in a published text: "Hãy tải ứng dụng X" asks whoever reads it (not flagged
    before, in either)."""
    proposal = {"title": "Hội thi Tin học trẻ", "proposer": {"name": "Sở GD&ĐT", "kind": "education_unit"}}
    found = screen(ProposalText.from_json({**proposal, "rules": rules})).flags
    required = [f for f in found if f.reason_key in ("S8-PRODUCT/required", "S8-PRODUCT/company")]
    assert bool(required if flagged else [f for f in found if f.code == "S8-PRODUCT"]) is flagged, found


def test_a_question_made_public_with_its_answer_is_screened_as_it_is_published(
    app: Flask, world: dict[str, int]
) -> None:
    """Answering to everyone publishes the contestant's question too: its sentences that speak of the contest are
    screened then, so that "Đúng vậy." cannot broadcast a prize of Samsung; a question about a tool it forbids, or
    an answer to its asker alone, is no advert."""
    alice, contest = row_of(User, world["alice"]), _contest(world)
    prize = clarifications.ask(
        db.session, contest, alice, "Có phải thí sinh đạt giải Nhất được nhận điện thoại Samsung Galaxy A15 không ạ?"
    )
    tool = clarifications.ask(db.session, contest, alice, "Em có được dùng ChatGPT không ạ?")
    db.session.commit()
    message = _refused_in_vietnamese(
        lambda: clarifications.answer(db.session, _organiser(world), _contest(world), prize.id, "Đúng vậy.", True)
    )
    assert "Samsung" in message and row_of(Clarification, prize.id).answer is None
    clarifications.answer(db.session, _organiser(world), _contest(world), prize.id, "Đúng vậy.", False)
    clarifications.answer(db.session, _organiser(world), _contest(world), tool.id, "Không được dùng.", True)
    db.session.commit()
    assert row_of(Clarification, prize.id).answer == "Đúng vậy." and row_of(Clarification, tool.id).public


def test_the_organiser_reads_the_refusal_beside_the_statement_they_wrote(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    problem_id = add_problem(app, world)
    login(client, auth, "org")
    client.get("/lang/vi")
    statement = f"# Tổng\n\nCho hai số a, b. Tính a + b.\n\n{ADVERT}\n"
    response = client.post(
        f"/contests/{world['contest']}/manage/problems/A/statement",
        data={"statement_vi": statement, "statement_en": "", "action": "save"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Đề bài chưa được lưu" in page and "MoMo" in page
    assert row_of(Problem, problem_id).statement_vi is None


def test_the_sos_path_the_text_in_the_proposal_reviewed_then_published(app: Flask, world: dict[str, int]) -> None:
    """Refused, the organiser puts the sponsor in the contest's proposal: it goes back to the Sở (the contest hidden
    meanwhile, as for any proposal in review), and once a reviewer approves it, the announcement is posted."""
    contest = _contest(world)
    proposal = present(contest.proposal)
    proposal.submitted_by_id = world["organiser"]  # who made it changes it (policies.proposals.may_edit)
    db.session.commit()
    sponsor_line = "Giải thưởng do Công ty CP Sữa Mộc Châu trao tặng."
    assert "Mộc Châu" in _refused_in_vietnamese(
        lambda: clarifications.announce(db.session, _organiser(world), _contest(world), sponsor_line)
    )
    content = {
        "title": proposal.title,
        "summary": proposal.summary,
        "proposer": {"name": contest.organiser_unit.name, "kind": "education_unit"},
        "rules": sponsor_line,
    }
    workflow.change_after_approval(db.session, _organiser(world), present(_contest(world).proposal), content)
    db.session.commit()
    assert present(_contest(world).proposal).status is ProposalStatus.IN_REVIEW
    assert not may_see(row_of(User, world["alice"]), _contest(world))
    reviewer = builders.person("so", None, Role.REVIEWER)
    flags = present(_contest(world).proposal).flags
    workflow.decide(
        db.session,
        reviewer,
        present(_contest(world).proposal),
        "approved",
        "Nhà tài trợ chỉ trao giải, không quảng cáo.",
        {i: "Đã xem." for i in range(len(flags))},
    )
    db.session.commit()
    clarifications.announce(db.session, _organiser(world), _contest(world), sponsor_line)
    db.session.commit()
    assert _count(Announcement) == 1 and may_see(row_of(User, world["alice"]), _contest(world))


@pytest.mark.parametrize(
    ("outside", "organiser", "refused"),
    [
        ("Vòng chung kết FPT Young Coder", "Công ty Cổ phần FPT", True),
        ("Vòng chung kết toàn quốc", "Công ty TNHH Giáo dục Trí Tuệ Việt", True),
        ("Hội thi Tin học trẻ toàn quốc", "Trung ương Đoàn TNCS Hồ Chí Minh", False),
        ("Vòng quốc gia", "Bộ Giáo dục và Đào tạo", False),
    ],
)
def test_a_round_outside_hoithi_run_by_a_business_waits_for_the_so(
    app: Flask, world: dict[str, int], outside: str, organiser: str, refused: bool
) -> None:
    """Nominees sent on to a round a business runs join that business's contest: the Sở reviews it first (its
    proposal names it), as for any contest a company proposes."""
    link = lambda: round_links.set_next_round(  # noqa: E731
        db.session,
        _organiser(world),
        _contest(world),
        next_contest_id=None,
        outside_name=outside,
        outside_organiser=organiser,
    )
    if refused:
        message = _refused_in_vietnamese(link)
        assert organiser.split()[-1] in message and "Sở" in message
        assert round_links.link_of(db.session, _contest(world)) is None
    else:
        link()
        db.session.commit()
        assert present(round_links.link_of(db.session, _contest(world))).outside_organiser == organiser
