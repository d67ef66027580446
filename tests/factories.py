"""factory-boy factories for test data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from sqlalchemy.orm import Session

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
from app.services.people.passwords import hash_password
from app.timeutil import utcnow
from app.vnsort import sort_key

PASSWORD = "password123"
_PASSWORD_HASH = hash_password(PASSWORD)


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


class DepartmentFactory(_Base):
    class Meta:
        model = Unit

    name = "Sở GD&ĐT Hải Dương"
    code = factory.Sequence(lambda n: f"SO{n}")
    kind = UnitKind.DEPARTMENT
    level = None
    parent = None


class DistrictFactory(_Base):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng GD&ĐT huyện {n}")
    code = factory.Sequence(lambda n: f"PGD{n}")
    kind = UnitKind.DISTRICT_OFFICE
    level = None
    parent = factory.SubFactory(DepartmentFactory)


class SchoolFactory(_Base):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Trường THCS số {n}")
    code = factory.Sequence(lambda n: f"TR{n}")
    kind = UnitKind.SCHOOL
    level = SchoolLevel.LOWER_SECONDARY
    parent = factory.SubFactory(DistrictFactory)


class UserFactory(_Base):
    class Meta:
        model = User

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    sort_key = factory.LazyAttribute(lambda o: sort_key(o.full_name))
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.edu.vn")
    password_hash = _PASSWORD_HASH
    unit = factory.SubFactory(SchoolFactory)

    @factory.post_generation
    def roles(self, create: bool, extracted: set[Role] | None, **kwargs: object) -> None:
        self.set_roles(set(extracted or {Role.STUDENT}))


class ProposalFactory(_Base):
    class Meta:
        model = Proposal

    title = "Đề xuất"
    status = ProposalStatus.APPROVED


class ContestFactory(_Base):
    class Meta:
        model = Contest

    title = factory.Sequence(lambda n: f"Hội thi Tin học trẻ {n}")
    kind = ContestKind.INFORMATICS
    round = ContestRound.PROVINCE
    school_year = "2026-2027"
    status = ContestStatus.PUBLISHED
    organiser_unit = factory.SubFactory(DepartmentFactory)
    proposal = factory.SubFactory(ProposalFactory)
    registration_opens = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: utcnow() + timedelta(days=10))
    submission_opens = factory.LazyFunction(lambda: utcnow() - timedelta(days=1))
    submission_closes = factory.LazyFunction(lambda: utcnow() + timedelta(days=20))
    max_team_size = 1
    open_to_students = True
    open_to_teachers = False


class CategoryFactory(_Base):
    class Meta:
        model = Category

    contest = factory.SubFactory(ContestFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.LazyAttribute(lambda o: f"Bảng {o.code}")


class EntryFactory(_Base):
    """An e-Learning entry by one teacher of a school (pass ``authors=[user, ...]`` for others)."""

    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory, kind=ContestKind.ELEARNING, open_to_teachers=True)
    code = factory.Sequence(lambda n: f"E-{n:04d}")
    unit = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Bài giảng điện tử số {n}")
    subject = "Tin học"
    level = "Lớp 8"
    created_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"), roles={Role.TEACHER})

    @factory.post_generation
    def authors(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        for position, user in enumerate(extracted or [self.created_by]):
            self.authors.append(EntryAuthor(contest_id=self.contest.id, user=user, position=position))


class PanelMemberFactory(_Base):
    class Meta:
        model = PanelMember

    contest = factory.SubFactory(ContestFactory, kind=ContestKind.ELEARNING)
    user = factory.SubFactory(UserFactory, roles={Role.JUDGE})
    is_head = False


class RubricFactory(_Base):
    """A rubric of four criteria of 25 points each, step 0.5 (the e-Learning template's shape)."""

    class Meta:
        model = Rubric

    contest = factory.SubFactory(ContestFactory, kind=ContestKind.ELEARNING)
    category = None

    @factory.post_generation
    def criteria(self, create: bool, extracted: list[Criterion] | None, **kwargs: object) -> None:
        names = ["Nội dung", "Phương pháp", "Công nghệ và tương tác", "Trình bày"]
        self.criteria = extracted or [
            Criterion(position=i, name=name, max_points=Decimal(25), step=Decimal("0.5"), weight=Decimal(1))
            for i, name in enumerate(names)
        ]


ALL = [
    DepartmentFactory,
    DistrictFactory,
    SchoolFactory,
    UserFactory,
    ProposalFactory,
    ContestFactory,
    CategoryFactory,
    EntryFactory,
    PanelMemberFactory,
    RubricFactory,
]


def bind_factories(session: Session) -> None:
    for f in ALL:
        f._meta.sqlalchemy_session = session
