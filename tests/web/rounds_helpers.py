"""Building rounds that feed one another for the progression tests: a district office's creativity round, judged,
its results published, feeding the Sở's provincial round; its entries carry files (one with two versions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    AwardLevel,
    Contest,
    ContestKind,
    ContestRound,
    Entry,
    FileKind,
    Problem,
    Registration,
    Role,
    Unit,
    User,
)
from app.services.contests import round_links
from app.services.programming import grading_admin
from app.services.results import awards, publication

from .. import builders
from ..factories import DepartmentFactory, DistrictFactory, EntryFactory, RubricFactory, SchoolFactory
from ..submissions.crafting import PNG
from .results_helpers import flat, judge_of, sheet
from .scoreboard.helpers import START, _contestant, _problem, _settings, _submit

PDF = b"%PDF-1.4\n% ban thuyet minh\n"
PHOTO_V1 = PNG + b" version 1"
PHOTO_V2 = PNG + b" version 2"


@dataclass
class Rounds:
    department: Unit
    office: Unit
    schools: list[Unit]
    district: Contest  # the district office's round, results published
    province: Contest  # the Sở's round it may feed
    district_organiser: User
    province_organiser: User
    entries: list[Entry]  # best first: 90, 80, 70 points; the first two from schools[0]


def rounds(kind: ContestKind = ContestKind.CREATIVITY, *, link: bool = True, tag: str = "") -> Rounds:
    """The world of the module's docstring; awards: Nhất for the first entry, Nhì for the second. With ``link``, the
    district round already names the provincial round as the one it feeds. The organisers' logins are ``btc_huyen``
    and ``btc_tinh`` followed by ``tag``."""
    department = DepartmentFactory(name="Sở Giáo dục và Đào tạo Điện Biên")
    office = DistrictFactory(parent=department, name="Phòng GD&ĐT Mường Chà")
    schools = [SchoolFactory(parent=office, name=f"Trường THCS Mường Chà {i}") for i in (1, 2)]
    district = builders.contest(
        kind, office, closed=True, round=ContestRound.DISTRICT, title="Hội thi Sáng tạo cấp huyện"
    )
    province = builders.contest(kind, department, round=ContestRound.PROVINCE, title="Hội thi Sáng tạo cấp tỉnh")
    for contest in (district, province):
        builders.categories(contest, THCS="Trung học cơ sở")
    category = district.categories[0]
    RubricFactory(contest=district)
    district_organiser = builders.person(f"btc_huyen{tag}", office, Role.ORGANISER)
    province_organiser = builders.person(f"btc_tinh{tag}", department, Role.ORGANISER)
    judges = [judge_of(district, unit=department) for _ in range(2)]  # not of the office its schools are under
    entries = []
    for total, school in zip((90, 80, 70), (schools[0], schools[0], schools[1]), strict=True):
        author = builders.person(None, school, Role.STUDENT)
        entry = EntryFactory(contest=district, category=category, unit=school, authors=[author], created_by=author)
        for judge in judges:
            sheet(entry, judge, flat(total))
        entries.append(entry)
    for entry in entries:
        builders.entry_file(entry, FileKind.DOCUMENT, PDF, "thuyet_minh.pdf", uploaded_by=entry.created_by)
        builders.entry_file(entry, FileKind.IMAGE, PHOTO_V1, "anh.png", uploaded_by=entry.created_by, superseded=True)
        builders.entry_file(entry, FileKind.IMAGE, PHOTO_V2, "anh.png", uploaded_by=entry.created_by)
    awards.set_rules(
        db.session,
        district_organiser,
        district,
        None,
        [awards.RuleSpec(AwardLevel.FIRST, quota_count=1), awards.RuleSpec(AwardLevel.SECOND, quota_count=1)],
    )
    publication.publish(db.session, district_organiser, district)
    if link:
        round_links.set_next_round(db.session, district_organiser, district, next_contest_id=province.id)
    db.session.flush()
    return Rounds(department, office, schools, district, province, district_organiser, province_organiser, entries)


@dataclass
class ProgrammingRounds:
    district: Contest  # a district office's informatics round, results published, feeding ``province``
    province: Contest
    organiser: User  # the district round's
    school: Unit
    problem: Problem  # the district round's problem A
    best: User  # Lò Văn An: 100 points (AC)
    second: User  # Quàng Thị Bình: 40 points (WA)
    supervisor: User | None  # both registrations' supervisor, when the round allows one


def programming_rounds(*, supervisor: bool = False) -> ProgrammingRounds:
    """An informatics district round of two contestants of one school, both in category B, judged and published,
    linked to the Sở's provincial round (which has category B too); nobody nominated yet. With ``supervisor``, the
    round allows a supervising teacher and both registrations name the same one."""
    department = builders.unit_tree().department
    office = DistrictFactory(parent=department)
    school = SchoolFactory(parent=office)
    district = builders.contest(
        ContestKind.INFORMATICS,
        office,
        round=ContestRound.DISTRICT,
        submission_opens=START,
        submission_closes=START + timedelta(hours=3),
        allows_supervisor=supervisor,
    )
    province = builders.contest(ContestKind.INFORMATICS, department, round=ContestRound.PROVINCE)
    for contest in (district, province):
        builders.categories(contest, "B")
    _settings(district)
    organiser = builders.person("btc", office, Role.ORGANISER)
    problem = _problem(district, "A")
    best, second = _contestant(district, "Lò Văn An", school), _contestant(district, "Quàng Thị Bình", school)
    teacher = builders.person(None, school, Role.TEACHER) if supervisor else None
    for registration in db.session.scalars(select(Registration).where(Registration.contest_id == district.id)):
        registration.category = district.categories[0]
        registration.supervisor_id = teacher.id if teacher else None
    _submit(best, problem, 10, 100, "AC")
    _submit(second, problem, 20, 40, "WA")
    grading_admin.publish_results(db.session, organiser, district)
    round_links.set_next_round(db.session, organiser, district, next_contest_id=province.id)
    return ProgrammingRounds(district, province, organiser, school, problem, best, second, teacher)
