"""Section 8 after approval: what a contest publishes once the Sở approved its proposal (announcements, answers to
contestants' questions, problem titles and statements, edited or in a package, theory questions, typed or imported)
is screened with the proposal's screener. A text that raises a flag the approved proposal does not carry is refused
in Vietnamese, naming what was found and saying the Sở must review it, and nothing is published; problem statements
and theory questions are exercises, whose stories name companies and brands without a flag
(tests/web/data/published_texts.yaml). Until 6 Dec 2026 all of these were published unscreened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    Announcement,
    Clarification,
    ContestKind,
    Problem,
    ProposalStatus,
    Registration,
    Role,
    User,
)
from app.policies.contests import may_see
from app.services.contests import registrations, round_links
from app.services.programming import clarifications, problem_statements
from app.services.proposals import workflow
from app.services.proposals.screening import ProposalText, screen
from app.services.quizzes import bank
from tests.builders import present, row_of
from tests.conftest import AuthActions

from .. import builders
from .programming_helpers import add_problem, login, world
from .published_helpers import ADVERT, contest_of, count, organiser_of, refused_in_vietnamese

__all__ = ["world"]  # the fixture, from programming_helpers

DATA = Path(__file__).parent / "data"
# Round 7's ten (published_texts_round7.yaml) and round 9's (published_texts_round9.yaml) were labelled before they
# were first screened.
CASES = [
    case
    for name in ("published_texts.yaml", "published_texts_round7.yaml", "published_texts_round9.yaml")
    for case in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["cases"]
]
# None still missed: liking the fanpage of a shop named by what it is ("like fanpage Nhà sách Minh Khai") and a centre
# off the brand list selling its courses ("Hotline tư vấn khoá học … của Trung tâm Tin học MindX") are found since
# round 7 (text_businesses: a business by what it is that participants are asked to follow, or a selling sentence
# names).
STILL_MISSED: set[str] = set()


def test_an_announcement_advertising_a_company_after_approval_is_refused_naming_what_was_found(
    app: Flask, world: dict[str, int]
) -> None:
    message = refused_in_vietnamese(
        lambda: clarifications.announce(db.session, organiser_of(world), contest_of(world), ADVERT)
    )
    assert "Samsung" in message and "MoMo" in message
    assert "Sở" in message and "chưa được lưu" in message
    assert "nội dung sắp đăng" in message  # where it was found
    assert count(Announcement) == 0


def test_an_answer_advertising_is_refused_whether_public_or_to_its_asker_alone(
    app: Flask, world: dict[str, int]
) -> None:
    question = clarifications.ask(db.session, contest_of(world), row_of(User, world["alice"]), "Giải thưởng là gì?")
    db.session.commit()
    for public in (True, False):
        message = refused_in_vietnamese(
            lambda public=public: clarifications.answer(
                db.session, organiser_of(world), contest_of(world), question.id, ADVERT, public
            )
        )
        assert "MoMo" in message
        assert row_of(Clarification, question.id).answer is None


def test_an_answer_about_a_problem_may_name_the_company_of_its_story(app: Flask, world: dict[str, int]) -> None:
    problem_id = add_problem(app, world)
    question = clarifications.ask(
        db.session, contest_of(world), row_of(User, world["alice"]), "Một xe có chạy nhiều chuyến không?", problem_id
    )
    answer = "Không. Mỗi xe của Công ty Vận tải Minh Phát chỉ chạy một chuyến."
    clarifications.answer(db.session, organiser_of(world), contest_of(world), question.id, answer, True)
    db.session.commit()
    assert row_of(Clarification, question.id).answer == answer


def test_what_the_so_approved_in_the_proposal_may_be_announced(app: Flask, world: dict[str, int]) -> None:
    """The proposal named the sponsor in its rules and the Sở approved it: announcing the same passes; a new
    sponsor does not."""
    proposal = present(contest_of(world).proposal)
    proposal.content = {
        "title": contest_of(world).title,
        "proposer": {"name": "Sở GD&ĐT", "kind": "education_unit"},
        "rules": "Giải thưởng do Công ty CP Sữa Mộc Châu trao tặng.",
    }
    db.session.commit()
    clarifications.announce(
        db.session,
        organiser_of(world),
        contest_of(world),
        "Nhắc lại: giải thưởng do Công ty CP Sữa Mộc Châu trao tặng.",
    )
    db.session.commit()
    assert count(Announcement) == 1
    message = refused_in_vietnamese(
        lambda: clarifications.announce(
            db.session, organiser_of(world), contest_of(world), "Giải phụ do Công ty TNHH Điện tử Phong Vũ trao tặng."
        )
    )
    assert "Phong Vũ" in message and count(Announcement) == 1


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
    contest, organiser, text = contest_of(world), organiser_of(world), case["text"]
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
        assert "Sở" in refused_in_vietnamese(publish)
        # whatever the place, a notice refuses it too
        assert "Sở" in refused_in_vietnamese(lambda: clarifications.announce(db.session, organiser, contest, text))
    else:
        publish()
        db.session.commit()


def test_the_organiser_reads_the_refusal_on_the_announcements_page(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    login(client, auth, "org")
    client.get("/lang/vi")
    page = client.post(
        f"/contests/{world['contest']}/manage/announcements", data={"body": ADVERT}, follow_redirects=True
    ).get_data(as_text=True)
    assert "chưa được lưu" in page and "MoMo" in page
    assert count(Announcement) == 0


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
        message = refused_in_vietnamese(register)
        assert name.split()[1] in message and "Tên đội" in message
        assert count(Registration) == 0
    else:
        register()
        db.session.commit()
        assert count(Registration) == 1


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
    alice, contest = row_of(User, world["alice"]), contest_of(world)
    prize = clarifications.ask(
        db.session, contest, alice, "Có phải thí sinh đạt giải Nhất được nhận điện thoại Samsung Galaxy A15 không ạ?"
    )
    tool = clarifications.ask(db.session, contest, alice, "Em có được dùng ChatGPT không ạ?")
    db.session.commit()
    message = refused_in_vietnamese(
        lambda: clarifications.answer(db.session, organiser_of(world), contest_of(world), prize.id, "Đúng vậy.", True)
    )
    assert "Samsung" in message and row_of(Clarification, prize.id).answer is None
    clarifications.answer(db.session, organiser_of(world), contest_of(world), prize.id, "Đúng vậy.", False)
    clarifications.answer(db.session, organiser_of(world), contest_of(world), tool.id, "Không được dùng.", True)
    db.session.commit()
    assert row_of(Clarification, prize.id).answer == "Đúng vậy." and row_of(Clarification, tool.id).public


def test_the_sos_path_the_text_in_the_proposal_reviewed_then_published(app: Flask, world: dict[str, int]) -> None:
    """Refused, the organiser puts the sponsor in the contest's proposal: it goes back to the Sở (the contest hidden
    meanwhile, as for any proposal in review), and once a reviewer approves it, the announcement is posted."""
    contest = contest_of(world)
    proposal = present(contest.proposal)
    proposal.submitted_by_id = world["organiser"]  # who made it changes it (policies.proposals.may_edit)
    db.session.commit()
    sponsor_line = "Giải thưởng do Công ty CP Sữa Mộc Châu trao tặng."
    assert "Mộc Châu" in refused_in_vietnamese(
        lambda: clarifications.announce(db.session, organiser_of(world), contest_of(world), sponsor_line)
    )
    content = {
        "title": proposal.title,
        "summary": proposal.summary,
        "proposer": {"name": contest.organiser_unit.name, "kind": "education_unit"},
        "rules": sponsor_line,
    }
    workflow.change_after_approval(db.session, organiser_of(world), present(contest_of(world).proposal), content)
    db.session.commit()
    assert present(contest_of(world).proposal).status is ProposalStatus.IN_REVIEW
    assert not may_see(row_of(User, world["alice"]), contest_of(world))
    reviewer = builders.person("so", None, Role.REVIEWER)
    flags = present(contest_of(world).proposal).flags
    workflow.decide(
        db.session,
        reviewer,
        present(contest_of(world).proposal),
        "approved",
        "Nhà tài trợ chỉ trao giải, không quảng cáo.",
        {i: "Đã xem." for i in range(len(flags))},
    )
    db.session.commit()
    clarifications.announce(db.session, organiser_of(world), contest_of(world), sponsor_line)
    db.session.commit()
    assert count(Announcement) == 1 and may_see(row_of(User, world["alice"]), contest_of(world))


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
        organiser_of(world),
        contest_of(world),
        next_contest_id=None,
        outside_name=outside,
        outside_organiser=organiser,
    )
    if refused:
        message = refused_in_vietnamese(link)
        assert organiser.split()[-1] in message and "Sở" in message
        assert round_links.link_of(db.session, contest_of(world)) is None
    else:
        link()
        db.session.commit()
        assert present(round_links.link_of(db.session, contest_of(world))).outside_organiser == organiser
