"""factory-boy factories for test data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

import factory

from app.extensions import db
from app.models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Criterion,
    Entry,
    EntryAuthor,
    PanelMember,
    Proposal,
    ProposalStatus,
    Role,
    Rubric,
    SchoolLevel,
    Unit,
    UnitKind,
    User,
)
from app.services.people.passwords import HASHERS
from app.timeutil import utcnow
from app.vnsort import sort_key

PASSWORD = "password123"
_PASSWORD_HASH = HASHERS["minimal"].hash(PASSWORD)  # as the tests' app hashes (conftest)
T = TypeVar("T")


def _set_roles(user: User, create: bool, extracted: set[Role] | None, **kwargs: object) -> None:
    user.set_roles(set(extracted or {Role.STUDENT}))


def _add_authors(entry: Entry, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
    for position, user in enumerate(extracted or [entry.created_by]):
        entry.authors.append(EntryAuthor(contest_id=entry.contest.id, user=user, position=position))


def _set_criteria(rubric: Rubric, create: bool, extracted: list[Criterion] | None, **kwargs: object) -> None:
    names = ["Nội dung", "Phương pháp", "Công nghệ và tương tác", "Trình bày"]
    rubric.criteria = extracted or [
        Criterion(position=i, name=name, max_points=Decimal(25), step=Decimal("0.5"), weight=Decimal(1))
        for i, name in enumerate(names)
    ]


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = db.session  # the scoped session: each test's app context gets its own
        sqlalchemy_session_persistence = "flush"


class _DepartmentFactory(_Base):
    class Meta:
        model = Unit

    name = "Sở GD&ĐT Hải Dương"
    code = factory.Sequence(lambda n: f"SO{n}")
    kind = UnitKind.DEPARTMENT
    level = None
    parent = None


class _DistrictFactory(_Base):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng GD&ĐT huyện {n}")
    code = factory.Sequence(lambda n: f"PGD{n}")
    kind = UnitKind.DISTRICT_OFFICE
    level = None
    parent = factory.SubFactory(_DepartmentFactory)


class _SchoolFactory(_Base):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Trường THCS số {n}")
    code = factory.Sequence(lambda n: f"TR{n}")
    kind = UnitKind.SCHOOL
    level = SchoolLevel.LOWER_SECONDARY
    parent = factory.SubFactory(_DistrictFactory)


class _UserFactory(_Base):
    class Meta:
        model = User

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    sort_key = factory.LazyAttribute(lambda o: sort_key(o.full_name))
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.edu.vn")
    password_hash = _PASSWORD_HASH
    unit = factory.SubFactory(_SchoolFactory)

    roles = factory.post_generation(_set_roles)


class _ProposalFactory(_Base):
    class Meta:
        model = Proposal

    title = "Đề xuất"
    status = ProposalStatus.APPROVED


class _ContestFactory(_Base):
    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"Hội thi Tin học trẻ {n}")
    kind = ContestKind.INFORMATICS
    round = ContestRound.PROVINCE
    school_year = "2026-2027"
    status = ContestStatus.PUBLISHED
    organiser_unit = factory.SubFactory(_DepartmentFactory)
    proposal = factory.SubFactory(_ProposalFactory)
    registration_opens = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: utcnow() + timedelta(days=10))
    submission_opens = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
    submission_closes = factory.LazyFunction(lambda: utcnow() + timedelta(days=20))
    max_team_size = 1
    open_to_students = True
    open_to_teachers = False


class _CategoryFactory(_Base):
    class Meta:
        model = Category

    contest = factory.SubFactory(_ContestFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.LazyAttribute(lambda o: f"Bảng {o.code}")


class _EntryFactory(_Base):
    """An e-Learning entry by one teacher of a school (pass ``authors=[user, ...]`` for others)."""

    class Meta:
        model = Entry

    contest = factory.SubFactory(_ContestFactory, kind=ContestKind.ELEARNING, open_to_teachers=True)
    code = factory.Sequence(lambda n: f"E-{n:04d}")
    unit = factory.SubFactory(_SchoolFactory)
    title = factory.Sequence(lambda n: f"Bài giảng điện tử số {n}")
    subject = "Tin học"
    level = "Lớp 8"
    created_by = factory.SubFactory(_UserFactory, unit=factory.SelfAttribute("..unit"), roles={Role.TEACHER})

    authors = factory.post_generation(_add_authors)


class _PanelMemberFactory(_Base):
    class Meta:
        model = PanelMember

    contest = factory.SubFactory(_ContestFactory, kind=ContestKind.ELEARNING)
    user = factory.SubFactory(_UserFactory, roles={Role.JUDGE})
    is_head = False


class _RubricFactory(_Base):
    """A rubric of four criteria of 25 points each, step 0.5 (the e-Learning template's shape)."""

    class Meta:
        model = Rubric

    contest = factory.SubFactory(_ContestFactory, kind=ContestKind.ELEARNING)
    category = None

    criteria = factory.post_generation(_set_criteria)


def _creating(factory_class: type[_Base], model: type[T]) -> Callable[..., T]:
    """A function that creates (and flushes) a ``model`` row with ``factory_class``, keyword arguments overriding its
    declarations, typed as the row it returns (factory-boy's classes are typed as themselves when called)."""

    def create(**fields: Any) -> T:
        made = factory_class.create(**fields)
        assert isinstance(made, model)
        return made

    return create


# What the tests call: one creator per kind of row.
DepartmentFactory = _creating(_DepartmentFactory, Unit)
DistrictFactory = _creating(_DistrictFactory, Unit)
SchoolFactory = _creating(_SchoolFactory, Unit)
UserFactory = _creating(_UserFactory, User)
ProposalFactory = _creating(_ProposalFactory, Proposal)
ContestFactory = _creating(_ContestFactory, Contest)
CategoryFactory = _creating(_CategoryFactory, Category)
EntryFactory = _creating(_EntryFactory, Entry)
PanelMemberFactory = _creating(_PanelMemberFactory, PanelMember)
RubricFactory = _creating(_RubricFactory, Rubric)
