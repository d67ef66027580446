"""Builders of test worlds, each a plain function over the factories that takes keyword overrides and returns the rows
it made (flushed, not committed): a unit tree, a person, a contest of a kind with its categories, registrations, a
programming problem, a review panel and an entry's files. A test module's ``world`` fixture composes them. Beside them,
typed lookups of what a test reads back: ``present`` (a value that must not be None), ``row_of`` (a row that must
exist), ``table_of`` (a model's table, to write behind the ORM's back) and ``committed_name`` (a user's name as
committed, read beside the session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from flask import current_app
from sqlalchemy import Table, select

from app.extensions import Model, db
from app.models import (
    Category,
    Contest,
    ContestKind,
    ContestProblem,
    Entry,
    EntryFile,
    FileKind,
    PanelMember,
    Registration,
    Role,
    Unit,
    User,
)
from app.services.contests import registrations
from app.services.programming import grading
from app.timeutil import utcnow
from submissions.store import LocalStore

from .factories import (
    CategoryFactory,
    ContestFactory,
    DepartmentFactory,
    DistrictFactory,
    PanelMemberFactory,
    SchoolFactory,
    UserFactory,
)

M = TypeVar("M")
T = TypeVar("T")

SUM = Path(__file__).resolve().parent / "judge" / "data" / "themis" / "SUM"
"""A Themis package of one easy problem (add two numbers): what most programming worlds set."""


@dataclass
class Units:
    department: Unit  # the Sở
    office: Unit  # a Phòng under it
    school: Unit  # a school under the Phòng


def present(value: T | None) -> T:
    """``value``, which must not be None (else the test fails): what a lookup returned when the test knows it is
    there."""
    assert value is not None
    return value


def table_of(model: type[Model]) -> Table:
    """The table of ``model``, to change its rows behind the ORM's back (as another process or a bug would)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def committed_name(user_id: int) -> str:
    """User ``user_id``'s full name as committed, read on a connection of its own: what the test's session holds
    and has not committed is not seen."""
    with db.engine.connect() as connection:
        return str(connection.scalar(select(User.full_name).where(User.id == user_id)))


def row_of(model: type[M], ident: object) -> M:
    """The row of ``model`` with primary key ``ident``, which must be there (else the test fails saying so)."""
    row = db.session.get(model, ident)
    assert row is not None, f"no {model.__name__} {ident!r}"
    return row


def unit_tree(department: Unit | None = None, **school: object) -> Units:
    """A Sở (``department``, else a new one), a Phòng under it and a school under that (``school`` sets the
    school's fields)."""
    department = department or DepartmentFactory()
    office = DistrictFactory(parent=department)
    return Units(department, office, SchoolFactory(parent=office, **school))


def person(username: str | None, unit: Unit | None = None, *roles: Role, **fields: object) -> User:
    """A user ``username`` (else a made-up one) of ``unit`` (else of a school of their own) with ``roles`` (a
    student if none)."""
    if username is not None:
        fields["username"] = username
    if unit is not None:
        fields["unit"] = unit
    if roles:
        fields["roles"] = set(roles)
    return UserFactory(**fields)


def contest(
    kind: ContestKind = ContestKind.INFORMATICS,
    organiser_unit: Unit | None = None,
    *,
    closed: bool = False,
    **fields: object,
) -> Contest:
    """A published contest of ``kind`` organised by ``organiser_unit`` (else a Sở of its own), its registration and
    submission windows open, unless ``closed``: then its submission window is over (judges may score)."""
    if organiser_unit is not None:
        fields["organiser_unit"] = organiser_unit
    made = ContestFactory(kind=kind, **fields)
    if closed:
        close_submissions(made)
    return made


def close_submissions(contest: Contest) -> None:
    """Put the contest's submission window in the past: judges score, and results are published, only once entries
    can no longer change."""
    contest.submission_opens = utcnow() - timedelta(days=2)
    contest.submission_closes = utcnow() - timedelta(minutes=1)


def categories(contest: Contest, *codes: str, **named: str) -> dict[str, Category]:
    """The contest's categories by code: ``codes`` named "Bảng <code>", then ``named`` (code=name)."""
    made = {code: CategoryFactory(contest=contest, code=code) for code in codes}
    made.update({code: CategoryFactory(contest=contest, code=code, name=name) for code, name in named.items()})
    return made


def register(contest: Contest, *users: User, category: Category | None = None) -> list[Registration]:
    """Each of ``users`` registered alone (by themselves) for ``contest``, in ``category`` if given."""
    return [
        registrations.register(
            db.session, user, contest, member_ids=[user.id], category_id=category.id if category else None
        )
        for user in users
    ]


def team(
    contest: Contest, coordinator: User, *members: User, name: str = "Đội 1", category: Category | None = None
) -> Registration:
    """``members`` registered together as one team named ``name`` by ``coordinator`` (of their unit)."""
    return registrations.register(
        db.session,
        coordinator,
        contest,
        member_ids=[m.id for m in members],
        category_id=category.id if category else None,
        team_name=name,
    )


def programming_problem(
    contest: Contest,
    label: str = "A",
    category: Category | None = None,
    *,
    code: str | None = None,
    package: Path = SUM,
    **fields: object,
) -> ContestProblem:
    """``package`` imported (its code ``code``, else the package's name and the label: SUMA) and set in ``contest``
    as problem ``label``, seen by ``category`` (by all if None); ``fields`` set the contest problem's (position)."""
    store = LocalStore(current_app.config["STORAGE_DIR"])
    problem = grading.import_problem(db.session, store, package, code=code or f"{package.name}{label}")
    row = ContestProblem(
        contest_id=contest.id,
        problem_id=problem.id,
        label=label,
        category_id=category.id if category else None,
        **fields,
    )
    db.session.add(row)
    db.session.flush()
    return row


def panel(contest: Contest, judges: int = 2, unit: Unit | None = None) -> list[PanelMember]:
    """A panel of ``judges`` judges ``judge0``, ``judge1``, … ("Giám khảo 0", …) working at ``unit`` (else the
    organising unit, so never in conflict with a school's entry); the first is the head judge."""
    unit = unit or contest.organiser_unit
    return [
        PanelMemberFactory(
            contest=contest,
            is_head=i == 0,
            user=UserFactory(username=f"judge{i}", unit=unit, roles={Role.JUDGE}, full_name=f"Giám khảo {i}"),
        )
        for i in range(judges)
    ]


def entry_file(
    entry: Entry,
    kind: FileKind,
    data: bytes,
    name: str,
    *,
    uploaded_by: User,
    launch: str | None = None,
    superseded: bool = False,
) -> EntryFile:
    """``data`` stored in the content store and recorded as a file of ``entry`` (an earlier version if
    ``superseded``), as the entries area stores an upload."""
    store = LocalStore(current_app.config["STORAGE_DIR"])
    row = EntryFile(
        entry_id=entry.id,
        kind=kind,
        sha256=store.put_bytes(data),
        size=len(data),
        original_name=name,
        launch=launch,
        uploaded_by_id=uploaded_by.id,
        superseded_at=utcnow() if superseded else None,
    )
    db.session.add(row)
    return row
