"""The demo's units and people: the Sở GD&ĐT Hải Dương, its district offices and schools, one login per role
(``ACCOUNTS``, printed by ``hoithi demo``) and the other teachers, pupils and judges who take part in the demo's
contests (``PEOPLE``). Everyone has the password ``DEMO_PASSWORD``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Role, SchoolLevel, Unit, UnitKind, User
from ...vnsort import sort_key
from ..people.passwords import hash_password

DEPARTMENT = ("SO-HD", "Sở GD&ĐT Hải Dương")
DISTRICTS = [
    ("HD-TP", "Phòng GD&ĐT thành phố Hải Dương", "Hải Dương"),
    ("HD-CL", "Phòng GD&ĐT thành phố Chí Linh", "Chí Linh"),
    ("HD-KM", "Phòng GD&ĐT thị xã Kinh Môn", "Kinh Môn"),
    ("HD-BG", "Phòng GD&ĐT huyện Bình Giang", "Bình Giang"),
    ("HD-CG", "Phòng GD&ĐT huyện Cẩm Giàng", "Cẩm Giàng"),
    ("HD-GL", "Phòng GD&ĐT huyện Gia Lộc", "Gia Lộc"),
    ("HD-KT", "Phòng GD&ĐT huyện Kim Thành", "Kim Thành"),
    ("HD-NS", "Phòng GD&ĐT huyện Nam Sách", "Nam Sách"),
    ("HD-NG", "Phòng GD&ĐT huyện Ninh Giang", "Ninh Giang"),
    ("HD-TH", "Phòng GD&ĐT huyện Thanh Hà", "Thanh Hà"),
    ("HD-TM", "Phòng GD&ĐT huyện Thanh Miện", "Thanh Miện"),
    ("HD-TK", "Phòng GD&ĐT huyện Tứ Kỳ", "Tứ Kỳ"),
]
UPPER_SECONDARY = [
    ("THPT-NT", "Trường THPT Chuyên Nguyễn Trãi"),
    ("THPT-HQ", "Trường THPT Hồng Quang"),
    ("THPT-NBK", "Trường THPT Nguyễn Bỉnh Khiêm"),
    ("THPT-CL", "Trường THPT Chí Linh"),
    ("GDTX-HD", "Trung tâm GDNN-GDTX thành phố Hải Dương"),
]
DEMO_PASSWORD = "hoithi-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    roles: frozenset[Role]
    unit_code: str
    class_name: str | None = None
    born: int = 2012  # a pupil's year of birth


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", frozenset({Role.ADMIN}), DEPARTMENT[0]),
    DemoAccount("so.reviewer", "Trần Thị Hương", frozenset({Role.REVIEWER}), DEPARTMENT[0]),
    DemoAccount("btc", "Lê Văn Minh", frozenset({Role.ORGANISER}), DEPARTMENT[0]),
    DemoAccount("giamkhao", "Phạm Thị Lan", frozenset({Role.JUDGE}), "THPT-HQ"),
    DemoAccount("dieuphoi", "Nguyễn Văn Hải", frozenset({Role.COORDINATOR}), "THCS-HD-TP"),
    DemoAccount("giaovien", "Đỗ Thị Thu", frozenset({Role.TEACHER}), "THCS-HD-TP"),
    DemoAccount("hocsinh", "Vũ Minh Đức", frozenset({Role.STUDENT}), "THCS-HD-TP", "8A1"),
]
TEACHER, STUDENT, JUDGE = frozenset({Role.TEACHER}), frozenset({Role.STUDENT}), frozenset({Role.JUDGE})
PEOPLE = [
    DemoAccount("gv.ngoc", "Hoàng Thị Ngọc", TEACHER, "THCS-HD-CL"),
    DemoAccount("gv.khoa", "Đặng Văn Khoa", TEACHER, "THCS-HD-GL"),
    DemoAccount("gv.ha", "Lương Thị Hà", TEACHER, "THCS-HD-NS"),
    DemoAccount("hs.bao", "Trịnh Gia Bảo", STUDENT, "THCS-HD-KM", "8A2"),
    DemoAccount("hs.anh", "Mai Phương Anh", STUDENT, "THCS-HD-TK", "9A1"),
    DemoAccount("hs.viet", "Phan Quốc Việt", STUDENT, "THCS-HD-TH", "8A3"),
    DemoAccount("hs.linh", "Cao Thùy Linh", STUDENT, "THCS-HD-CG", "9A2"),
    DemoAccount("hs.an", "Nguyễn Bình An", STUDENT, "TH-HD-TP", "5A", 2016),
    DemoAccount("hs.chi", "Lê Minh Chi", STUDENT, "TH-HD-GL", "5B", 2016),
    DemoAccount("hs.khang", "Đinh Gia Khang", STUDENT, "TH-HD-NS", "5C", 2016),
    DemoAccount("dp.hongquang", "Phạm Văn Đông", frozenset({Role.COORDINATOR}), "THPT-HQ"),
    DemoAccount("hs.duy", "Nguyễn Đức Duy", STUDENT, "THPT-HQ", "11A1", 2010),
    DemoAccount("hs.trang", "Trần Thu Trang", STUDENT, "THPT-HQ", "11A1", 2010),
    DemoAccount("hs.nam", "Hoàng Nhật Nam", STUDENT, "THPT-HQ", "10A2", 2011),
    DemoAccount("hs.ngocmai", "Vũ Ngọc Mai", STUDENT, "THPT-HQ", "10A2", 2011),
    DemoAccount("gk.tung", "Ngô Văn Tùng", JUDGE, DEPARTMENT[0]),
    DemoAccount("gk.mai", "Bùi Thị Mai", JUDGE, "THPT-NT"),
]


def _unit(
    session: DbSession, code: str, name: str, kind: UnitKind, level: SchoolLevel | None, parent: Unit | None
) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        unit = Unit(code=code, name=name, kind=kind, level=level, parent=parent)
        session.add(unit)
    return unit


def load_units(session: DbSession) -> None:
    """The Sở, its district offices with a primary and a lower secondary school each, and the upper secondary
    schools and the continuing-education centre directly under the Sở (those missing)."""
    so = _unit(session, DEPARTMENT[0], DEPARTMENT[1], UnitKind.DEPARTMENT, None, None)
    for code, name, place in DISTRICTS:
        office = _unit(session, code, name, UnitKind.DISTRICT_OFFICE, None, so)
        _unit(session, f"TH-{code}", f"Trường Tiểu học {place}", UnitKind.SCHOOL, SchoolLevel.PRIMARY, office)
        _unit(
            session,
            f"THCS-{code}",
            f"Trường THCS {place}",
            UnitKind.SCHOOL,
            SchoolLevel.LOWER_SECONDARY,
            office,
        )
    for code, name in UPPER_SECONDARY:
        kind, level = (
            (UnitKind.GDTX_CENTRE, SchoolLevel.GDTX)
            if code.startswith("GDTX")
            else (UnitKind.SCHOOL, SchoolLevel.UPPER_SECONDARY)
        )
        _unit(session, code, name, kind, level, so)
    session.flush()


def load_accounts(session: DbSession) -> list[DemoAccount]:
    """Creates the logins of ``ACCOUNTS`` and the people of ``PEOPLE`` that are missing; returns the logins
    created."""
    created = []
    password_hash = hash_password(DEMO_PASSWORD)
    for account in ACCOUNTS + PEOPLE:
        if session.scalars(select(User).where(User.username == account.username)).first():
            continue
        unit = session.scalars(select(Unit).where(Unit.code == account.unit_code)).one()
        user = User(
            username=account.username,
            full_name=account.full_name,
            sort_key=sort_key(account.full_name),
            unit_id=unit.id,
            password_hash=password_hash,
            class_name=account.class_name,
            date_of_birth=date(account.born, 5, 19) if Role.STUDENT in account.roles else None,
        )
        user.set_roles(set(account.roles))
        session.add(user)
        if account in ACCOUNTS:
            created.append(account)
    session.flush()
    return created


def user(session: DbSession, username: str) -> User:
    """The demo's person ``username`` (loaded already)."""
    return session.scalars(select(User).where(User.username == username)).one()
