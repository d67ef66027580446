"""Concurrent writes of the same unique thing (issue 12): several threads, each with a database session and
connection of its own (or a browser of its own), on SQLite and on PostgreSQL. Every thread has made its checks
before any thread inserts (``race`` holds each one at its first INSERT until all are there), so the checks
cannot settle the race: the database does. One row is written, nobody sees a server error, and each loser gets
the existing row or a clear message."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event, func, select

from app.extensions import db
from app.models import Contest, ListedBrand, PanelMember, Registration, ReviewSettings, Role, Unit, UnitKind, User
from app.services.contests import registrations
from app.services.errors import InvalidInput
from app.services.people import units
from app.services.proposals import brand_list
from app.services.proposals.brands import DEFAULT_BRANDS_FILE
from app.services.reviews import panel
from tests.builders import row_of

from .. import builders
from ..factories import PASSWORD, DepartmentFactory, SchoolFactory, UserFactory
from .reviews_helpers import review_world

RACERS = 5
_held = threading.local()


T = TypeVar("T")


@pytest.fixture
def race(app: Flask) -> Iterator[Callable[[Callable[[int], Any]], list[Any]]]:
    """``race(action)`` runs ``action(i)`` for i in 0..RACERS-1, each in a thread of its own; each thread waits at
    its first INSERT until every thread has reached its own. Returns the results (or the exceptions) in order."""

    def hold(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        barrier = getattr(_held, "barrier", None)
        if barrier is not None and statement.lstrip().upper().startswith("INSERT"):
            _held.barrier = None
            barrier.wait()

    event.listen(db.engine, "before_cursor_execute", hold)

    def run(action: Callable[[int], Any]) -> list[Any]:
        barrier = threading.Barrier(RACERS, timeout=60)

        def one(i: int) -> Any:
            _held.barrier = barrier
            try:
                return action(i)
            except Exception as error:  # the test looks at what each thread met
                return error
            finally:
                _held.barrier = None

        with ThreadPoolExecutor(RACERS) as pool:
            return list(pool.map(one, range(RACERS)))

    yield run
    event.remove(db.engine, "before_cursor_execute", hold)


def _in_own_session(app: Flask, action: Callable[[], T]) -> T:
    """``action`` in an app context (and so a session and connection) of its own, committed if it returns."""
    with app.app_context():
        try:
            result = action()
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def _count(model: type, *where: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_the_brand_lists_first_uses_at_once_fill_it_once(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    import yaml

    shipped = yaml.safe_load(DEFAULT_BRANDS_FILE.read_text(encoding="utf-8"))["brands"]
    outcomes = race(lambda i: _in_own_session(app, lambda: len(brand_list.current(db.session).brands)))
    assert outcomes == [len(shipped)] * RACERS
    assert _count(ListedBrand) == len(shipped)


def test_the_same_brand_added_by_two_reviewers_at_once_is_added_once(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    reviewer_id = UserFactory(unit=DepartmentFactory(), roles={Role.ADMIN}).id
    brand_list.rows(db.session)
    db.session.commit()

    def add(_i: int) -> int:
        return _in_own_session(
            app, lambda: brand_list.add(db.session, row_of(User, reviewer_id), "Hãng Mới Toanh", [], []).id
        )

    outcomes = race(add)
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == RACERS - 1, outcomes
    assert str(refused[0].message).startswith("Một trong các tên này đã có trong danh sách")
    assert _count(ListedBrand, ListedBrand.name == "Hãng Mới Toanh") == 1


def test_a_judge_put_on_the_panel_by_two_organisers_at_once_is_on_it_once(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    world = review_world(judges=1)
    judge = UserFactory(unit=world.department, roles={Role.JUDGE}, full_name="Lê Thị Mới")
    contest_id, organiser_id, judge_id = world.contest.id, world.organiser.id, judge.id
    db.session.commit()

    def add(_i: int) -> int:
        def act() -> int:
            contest = row_of(type(world.contest), contest_id)
            return panel.add_member(db.session, row_of(User, organiser_id), contest, judge_id).id

        return _in_own_session(app, act)

    outcomes = race(add)
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == RACERS - 1, outcomes
    assert str(refused[0].message) == "Lê Thị Mới đã ở trong ban giám khảo."
    assert _count(PanelMember, PanelMember.user_id == judge_id) == 1


def test_two_units_of_one_code_added_at_once_make_one(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    department = DepartmentFactory()
    admin = UserFactory(unit=department, roles={Role.ADMIN})
    admin_id, department_id = admin.id, department.id
    db.session.commit()

    def add(i: int) -> int:
        return _in_own_session(
            app,
            lambda: (
                units.add_unit(
                    db.session,
                    row_of(User, admin_id),
                    name=f"Trường THPT Số {i}",
                    code="THPT-SO1",
                    kind=UnitKind.SCHOOL,
                    level=None,
                    parent_id=department_id,
                ).id
            ),
        )

    outcomes = race(add)
    refused = [o for o in outcomes if isinstance(o, InvalidInput)]
    assert len(refused) == RACERS - 1, outcomes
    assert str(refused[0].message) == "Đã có đơn vị khác mang mã THPT-SO1."
    assert _count(Unit, Unit.code == "THPT-SO1") == 1


@pytest.fixture
def mail_folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    before = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    yield tmp_path / "mail"
    app.config["MAIL_FOLDER"] = before


def _registrations(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]], url: str, forms: list[dict[str, object]]
) -> list[tuple[int, str]]:
    """Each form posted at once by a browser of its own: the statuses and where each was sent."""

    def post(i: int) -> tuple[int, str]:
        response = app.test_client().post(url, data=forms[i])
        return response.status_code, response.headers.get("Location", "")

    return race(post)


def test_one_student_registering_twice_at_once_gets_one_account_and_no_error(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]], mail_folder: Path
) -> None:
    school_id = SchoolFactory(parent=DepartmentFactory()).id
    db.session.commit()
    form: dict[str, object] = {
        "school": school_id,
        "full_name": "Vũ Minh Đức",
        "email": "duc@example.edu.vn",
        "username": "vuminhduc",
        "password": "hoa-sen-tim-2012",
        "confirm": "hoa-sen-tim-2012",
    }
    others = [{**form, "username": f"vuminhduc{i}"} for i in range(1, RACERS)]  # the same address, other logins
    answers = _registrations(app, race, "/register", [form, *others])
    assert answers == [(302, "/login")] * RACERS  # what a new registrant sees, whoever won
    assert _count(User, func.lower(User.email) == "duc@example.edu.vn") == 1


def test_one_company_registering_twice_at_once_gets_one_account_and_no_error(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]], mail_folder: Path
) -> None:
    DepartmentFactory()
    db.session.commit()
    form: dict[str, object] = {
        "company_name": "Công ty CP Giáo dục Ánh Dương",
        "tax_code": "0109876543",
        "contact_name": "Trần Thị Mai",
        "email": "mai@anhduong.example.com",
        "username": "anhduong",
        "password": "matkhau-an-toan",
        "confirm": "matkhau-an-toan",
    }
    answers = _registrations(app, race, "/company/register", [form] * RACERS)
    assert {status for status, _where in answers} == {302}
    assert len({where for _status, where in answers}) == 1
    assert _count(User, User.username == "anhduong") == 1


# --- SQLite's own: write-ahead logging and savepoints -------------------------------------------------------


@pytest.mark.sqlite
def test_sqlite_pages_read_while_a_writer_holds_the_lock(app: Flask) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    SchoolFactory(parent=DepartmentFactory())
    db.session.commit()
    with db.engine.connect() as writer:
        writer.execute(sa.update(Unit).values(name="Đang sửa"))  # the write lock, held until the end
        started = time.monotonic()
        read = _in_own_session(app, lambda: db.session.scalar(select(func.count()).select_from(Unit)))
        assert read == 2 and time.monotonic() - started < 2  # not "database is locked" after the busy timeout
        writer.rollback()


@pytest.mark.sqlite
def test_sqlite_a_savepoint_released_before_any_write_is_not_committed(app: Flask) -> None:
    department_id = DepartmentFactory().id
    db.session.commit()
    with db.session.begin_nested():  # the transaction's first write
        db.session.add(Unit(name="Trường tạm", code="TAM", kind=UnitKind.SCHOOL, parent_id=department_id))
    db.session.rollback()  # the request fails later: nothing it wrote stays
    assert _count(Unit, Unit.code == "TAM") == 0


def test_a_race_no_service_expected_is_a_message_not_a_server_error(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    """The review settings of a contest are made on first save; two organisers saving at once both find none. The
    later insert breaks the key: its organiser is told to reload, nothing of theirs stays, and no page fails."""
    world = review_world(judges=1)
    base = f"/contests/{world.contest.id}/review"
    db.session.commit()
    browsers = []
    for _i in range(RACERS):
        browser = app.test_client()
        browser.post("/login", data={"username": "org", "password": PASSWORD})
        browsers.append(browser)

    def save(i: int) -> tuple[int, str]:
        response = browsers[i].post(f"{base}/settings", data={"judges_per_entry": str(i + 1)})
        return response.status_code, browsers[i].get(f"{base}/panel").get_data(as_text=True)

    answers = race(save)
    assert [status for status, _page in answers] == [302] * RACERS
    saved = [page for _status, page in answers if "Có người khác vừa thay đổi đúng nội dung này cùng lúc" not in page]
    assert len(saved) == 1  # one organiser's choice was kept, the others were told
    assert _count(ReviewSettings) == 1


def test_teams_registered_at_once_each_get_a_code_of_their_own(
    app: Flask, race: Callable[[Callable[[int], Any]], list[Any]]
) -> None:
    """Five coordinators' teams of one category registered at once all read C01 as the first free code; the
    unique code settles it, and each loser takes the next free one."""
    contest = builders.contest(max_team_size=2)
    category = builders.categories(contest, "C")["C"]
    schools = [SchoolFactory() for _ in range(RACERS)]
    coordinators = [UserFactory(unit=s, roles={Role.COORDINATOR}).id for s in schools]
    pairs = [[UserFactory(unit=s).id, UserFactory(unit=s).id] for s in schools]
    contest_id, category_id = contest.id, category.id
    db.session.commit()

    def register(i: int) -> str | None:
        return _in_own_session(
            app,
            lambda: (
                registrations.register(
                    db.session,
                    row_of(User, coordinators[i]),
                    row_of(Contest, contest_id),
                    member_ids=pairs[i],
                    category_id=category_id,
                    team_name=f"Đội {i}",
                ).team_code
            ),
        )

    outcomes = race(register)
    assert sorted(str(o) for o in outcomes) == [f"C0{n}" for n in range(1, RACERS + 1)]
    assert _count(Registration) == RACERS
