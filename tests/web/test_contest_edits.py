"""Editing a contest's settings: what the form refuses once the contest has work (its kind, a programming contest's
submission window, a category in use), what it checks of every contest (the school year, category lines), and that
a refused edit changes nothing."""

from __future__ import annotations

from datetime import datetime

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Category, Contest, ContestKind, Role, Submission
from app.timeutil import to_local
from tests import builders
from tests.conftest import AuthActions


def _form(contest: Contest, **changes: object) -> dict[str, object]:
    """The edit form as the contest has it, with ``changes``."""

    def local(moment: datetime) -> str:
        return to_local(moment).strftime("%Y-%m-%dT%H:%M")

    data: dict[str, object] = {
        "title": contest.title,
        "kind": contest.kind.value,
        "round": contest.round.value,
        "school_year": contest.school_year,
        "registration_opens": local(contest.registration_opens),
        "registration_closes": local(contest.registration_closes),
        "submission_opens": local(contest.submission_opens),
        "submission_closes": local(contest.submission_closes),
        "max_team_size": contest.max_team_size,
        "open_to_students": "y",
        "categories": "\n".join(f"{c.code} | {c.name}" for c in contest.categories),
        "description": contest.description or "",
    }
    data.update(changes)
    return data


def _organised(client: FlaskClient, auth: AuthActions, kind: ContestKind = ContestKind.INFORMATICS) -> Contest:
    """A contest with categories A and B, its organiser logged in."""
    units = builders.unit_tree()
    contest = builders.contest(kind, organiser_unit=units.department, description="")
    builders.categories(contest, "A", "B")
    builders.person("btc", units.department, Role.ORGANISER)
    db.session.commit()
    auth.login("btc")
    return contest


def _refused(client: FlaskClient, contest: Contest, message: str, **changes: object) -> None:
    before = _form(contest)
    page = client.post(f"/contests/{contest.id}/edit", data=_form(contest, **changes))
    assert page.status_code == 200 and message in page.get_data(as_text=True), changes
    db.session.expire_all()
    assert _form(builders.row_of(Contest, contest.id)) == before  # nothing changed


def test_the_kind_changes_only_while_the_contest_has_no_work(client: FlaskClient, auth: AuthActions) -> None:
    contest = _organised(client, auth)
    assert client.post(f"/contests/{contest.id}/edit", data=_form(contest, kind="creativity")).status_code == 302
    db.session.refresh(contest)
    assert contest.kind is ContestKind.CREATIVITY

    builders.register(contest, builders.person("hs", contest.organiser_unit), category=contest.categories[0])
    db.session.commit()
    _refused(client, contest, "Không thể đổi loại hội thi khi đã có người đăng ký", kind="informatics")


def test_a_programming_contests_window_moves_here_only_without_submissions(
    client: FlaskClient, auth: AuthActions
) -> None:
    contest = _organised(client, auth)
    problem = builders.programming_problem(contest, "A").problem
    db.session.commit()
    later = to_local(contest.submission_closes).replace(year=contest.submission_closes.year + 1)
    moved = later.strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"/contests/{contest.id}/edit", data=_form(contest, submission_closes=moved)).status_code == 302

    pupil = builders.person("hs", contest.organiser_unit)
    db.session.add(Submission(problem_id=problem.id, user_id=pupil.id, language="python", source="print(1)"))
    db.session.commit()
    db.session.refresh(contest)
    _refused(client, contest, "hãy đổi thời gian nộp bài ở trang Cài đặt chấm bài", submission_opens="2026-01-01T08:00")
    edited = client.post(f"/contests/{contest.id}/edit", data=_form(contest, title="Hội thi Tin học trẻ 2027"))
    assert edited.status_code == 302  # the rest of the form saves as before


def test_a_category_left_out_is_removed_unless_something_refers_to_it(client: FlaskClient, auth: AuthActions) -> None:
    contest = _organised(client, auth, ContestKind.ELEARNING)
    saved = client.post(f"/contests/{contest.id}/edit", data=_form(contest, categories="B | Bảng B\nC | Bảng C"))
    assert saved.status_code == 302
    db.session.expire_all()
    assert sorted(c.code for c in db.session.query(Category).filter_by(contest_id=contest.id)) == ["B", "C"]

    contest = builders.row_of(Contest, contest.id)
    b = next(c for c in contest.categories if c.code == "B")
    builders.register(contest, builders.person("hs", contest.organiser_unit), category=b)
    db.session.commit()
    _refused(client, contest, "Không thể xoá bảng thi B", categories="C | Bảng C")


def test_the_school_year_and_the_category_lines_are_checked(client: FlaskClient, auth: AuthActions) -> None:
    contest = _organised(client, auth)
    for year in ("2027-2026", "abcd-efgh", "2026/2027", "２０２６-２０２７"):
        _refused(client, contest, "Hãy ghi năm học là hai năm liền nhau", school_year=year)
    _refused(client, contest, "quá dài", categories="THCS-NANG-CAO | Bảng nâng cao")
    _refused(client, contest, "“Bảng không mã” chưa có mã", categories="A | Bảng A\n | Bảng không mã")


def test_editing_the_title_of_a_running_contest_moves_no_time_to_the_second(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The form shows times to the minute; a contest made elsewhere (the API, the demo) keeps its seconds, and its
    submissions do not make an edit of its title a change of its window."""
    contest = _organised(client, auth)
    problem = builders.programming_problem(contest, "A").problem
    contest.submission_opens = contest.submission_opens.replace(second=42, microsecond=123)
    pupil = builders.person("hs", contest.organiser_unit)
    db.session.add(Submission(problem_id=problem.id, user_id=pupil.id, language="python", source="print(1)"))
    db.session.commit()
    opens = contest.submission_opens
    edited = client.post(f"/contests/{contest.id}/edit", data=_form(contest, title="Hội thi Tin học trẻ 2027"))
    assert edited.status_code == 302
    db.session.expire_all()
    assert builders.row_of(Contest, contest.id).submission_opens == opens


def test_a_form_posted_without_its_categories_keeps_them(client: FlaskClient, auth: AuthActions) -> None:
    """A form sent without the categories field (not a browser's: it always sends the textarea) saves the rest and
    keeps the contest's categories. Until 6 Dec 2026 the field took the contest's list of rows instead: a fault."""
    contest = _organised(client, auth)
    data = _form(contest, title="Tin học trẻ: vòng hai")
    del data["categories"]
    assert client.post(f"/contests/{contest.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    saved = builders.row_of(Contest, contest.id)
    assert saved.title == "Tin học trẻ: vòng hai" and sorted(c.code for c in saved.categories) == ["A", "B"]
