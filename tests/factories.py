"""factory-boy factories for test data."""

from __future__ import annotations

from datetime import timedelta

import factory
from sqlalchemy.orm import Session

from app.models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Proposal,
    ProposalStatus,
    Role,
    SchoolLevel,
    Unit,
    UnitKind,
    User,
)
from app.services.passwords import hash_password
from app.services.vnsort import sort_key
from app.timeutil import utcnow

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


ALL = [
    DepartmentFactory,
    DistrictFactory,
    SchoolFactory,
    UserFactory,
    ProposalFactory,
    ContestFactory,
    CategoryFactory,
]


def bind_factories(session: Session) -> None:
    for f in ALL:
        f._meta.sqlalchemy_session = session
