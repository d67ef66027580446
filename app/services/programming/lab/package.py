"""The province's side of a lab round, going out: a programming contest exported as a lab package.

The package is a zip of ``manifest.json`` (every other file's SHA-256), ``round.json`` (the contest, its settings,
categories, problems, registrations, contestants with their seats and the hashes of fresh passwords, and the private
key that will sign the results; a registration's extra time goes with it) and the problems' files by hash
(``files/<sha256>``: packages, PDF statements, statement images). The fresh passwords leave this module only in
plain on the ``Card``s, never in the package or the database; the contestants' own passwords here are not touched. A
``LabPackage`` row keeps what the results bundle will be checked against, and a ``LabSeat`` per contestant, written
with it, keeps each contestant in one package of the contest (``withdrawal`` frees them again).
"""

from __future__ import annotations

import json
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from submissions.store import ContentStore

from ....extensions import DbSession
from ....models import (
    Contest,
    ContestProblem,
    LabPackage,
    LabSeat,
    Proposal,
    Registration,
    Unit,
    User,
)
from ....policies.contests import is_staff
from ....timeutil import format_datetime
from ....vnsort import title_key
from ...contests.contest_kinds import is_programming
from ...contests.registrations import registrations_of
from ...errors import InvalidInput, NotAllowed
from ...people.password_policy import temporary_password
from ...people.passwords import hash_password
from ...people.units import descendant_ids
from ...proposals import refused_attempts
from ...records import audit
from ...unique_rows import SIMULTANEOUS, added_unless_taken
from ..judging_settings import settings_for
from . import signing

PACKAGE_FORMAT = "hoithi-lab-package"
ROUND = "round.json"
DEFAULT_SEATS_PER_ROOM = 30


@dataclass(frozen=True)
class Card:
    """What a contestant's card says; the only place the fresh password is in plain."""

    name: str
    school: str
    room: str
    seat: int
    login: str
    password: str


@dataclass(frozen=True)
class Issued:
    """An exported package: its row, the cards to print (ordered by room and seat) and the contest's title."""

    package: LabPackage
    cards: list[Card]
    contest_title: str


def _when(moment: datetime) -> str:
    return moment.isoformat()


def _approval(proposal: Proposal) -> dict[str, Any]:
    """The approved proposal, as the lab's copy of the contest carries it (only an approved one is exported)."""
    return {"title": proposal.title, "status": proposal.status.value}


def _settings(session: DbSession, contest: Contest) -> dict[str, Any]:
    settings = settings_for(session, contest)
    return {
        "scoreboard_mode": settings.scoreboard_mode.value,
        "best_per_subtask": settings.best_per_subtask,
        "freeze_minutes": settings.freeze_minutes,
        "scoreboard_public": settings.scoreboard_public,
        "problems_after_end": settings.problems_after_end,
        "languages": settings.languages,
        "time_multipliers": dict(settings.time_multipliers or {}),
        "feedback_during": settings.feedback_during.value,
        "feedback_after": settings.feedback_after.value,
    }


def _contest_problems(session: DbSession, contest: Contest) -> list[ContestProblem]:
    return list(
        session.scalars(
            select(ContestProblem)
            .where(ContestProblem.contest_id == contest.id)
            .order_by(ContestProblem.position, ContestProblem.label)
        )
    )


def _problems(rows: list[ContestProblem], files: set[str]) -> list[dict[str, Any]]:
    """What the lab needs of each problem; the hashes of its files are added to ``files``."""
    problems = []
    for row in rows:
        problem = row.problem
        files.add(problem.package_hash)
        if problem.statement_hash:
            files.add(problem.statement_hash)
        files.update(image.content_hash for image in problem.images)
        problems.append(
            {
                "label": row.label,
                "position": row.position,
                "category": row.category.code if row.category else None,
                "code": problem.code,
                "title": problem.title,
                "package_format": problem.package_format,
                "package_hash": problem.package_hash,
                "time_limit_ms": problem.time_limit_ms,
                "memory_limit_kb": problem.memory_limit_kb,
                "test_count": problem.test_count,
                "max_score": problem.max_score,
                "statement_kind": problem.statement_kind,
                "statement_hash": problem.statement_hash,
                "statement_text": problem.statement_text,
                "statement_vi": problem.statement_vi,
                "statement_en": problem.statement_en,
                "images": [
                    {"name": i.name, "hash": i.content_hash, "format": i.image_format, "size": i.size}
                    for i in problem.images
                ],
            }
        )
    return problems


def _seated(registrations: list[Registration]) -> list[User]:
    """Every member of the registrations, in the order they are seated: by school, then by name."""
    people = [member.user for registration in registrations for member in registration.members]
    return sorted(people, key=lambda u: (title_key(u.unit.name), u.sort_key, u.username))


def _refuse_issued_before(session: DbSession, contest: Contest, people: list[User]) -> None:
    """Refuse (naming them) contestants already seated by a lab package of ``contest`` that stands (a withdrawn one
    seats nobody): a contestant sits in one lab, and two bundles must never both bring their results."""
    taken = session.execute(
        select(LabSeat.user_id, LabPackage.issued_at)
        .join(LabPackage, LabPackage.id == LabSeat.package_id)
        .where(LabSeat.contest_id == contest.id, LabSeat.user_id.in_([p.id for p in people]))
    ).all()
    issued = dict(taken)
    twice = [p for p in people if p.id in issued]
    if twice:
        raise InvalidInput(
            _l(
                "A contestant sits in one lab only; already in a lab package of this contest (issued %(when)s): "
                "%(who)s. Nothing was exported.",
                when=format_datetime(issued[twice[0].id]),
                who="; ".join(f"{p.full_name} ({p.username})" for p in twice),
            )
        )


def _seated_or_refused(session: DbSession, row: LabPackage, contest: Contest, people: list[User]) -> None:
    """Add ``row`` with a seat for each of ``people``; when the database refuses a seat (an export of the same
    contestants committed first, after this one checked), refuse as the check does, naming them, or with
    ``SIMULTANEOUS`` should their package be gone again already."""
    row.seats = [LabSeat(contest_id=contest.id, user_id=p.id) for p in people]
    if not added_unless_taken(session, row):
        _refuse_issued_before(session, contest, people)
        raise InvalidInput(SIMULTANEOUS)


def export_package(
    session: DbSession,
    store: ContentStore,
    actor: User,
    contest: Contest,
    out: Path,
    *,
    seats_per_room: int = DEFAULT_SEATS_PER_ROOM,
    unit: Unit | None = None,
) -> Issued:
    """Write ``contest``'s lab package to ``out`` and record it (flushed, not committed; audited). Each contestant
    gets a fresh password (its hash in the package, the plain text only on the returned cards) and a seat: by
    school and name, ``seats_per_room`` to a room. With ``unit``, only the contestants registered by that unit or a
    unit under it (a district's schools) go to this lab: a round held in several labs has a package for each.
    Raises ``NotAllowed`` unless ``actor`` is the contest's staff, and ``InvalidInput`` for a contest without
    problems or (of ``unit``) contestants, and for contestants already in a package of ``contest`` (named), also
    when that package was written by another export running at the same moment: the caller then rolls back and
    deletes ``out``, and nothing of this export stays."""
    if not is_staff(actor, contest):
        raise NotAllowed
    if not is_programming(contest):
        raise InvalidInput(_l("Only a programming contest can run as a lab round."))
    if contest.proposal is None or not contest.proposal.approved:
        refused_attempts.note_unapproved(session, actor, contest, _l("Taking the contest to a lab"))
        raise InvalidInput(
            _l("The Sở has not approved this contest's proposal: it cannot be taken to a lab until it has.")
        )
    if not 1 <= seats_per_room <= 500:
        raise InvalidInput(_l("A room holds between 1 and 500 seats."), "seats_per_room")
    registrations = registrations_of(session, contest, {unit.id, *descendant_ids(session, unit)} if unit else None)
    files: set[str] = set()
    rows = _contest_problems(session, contest)
    problems = _problems(rows, files)
    if not problems:
        raise InvalidInput(_l("The contest has no problems to take to the lab."))
    people = _seated(registrations)
    if not people:
        raise InvalidInput(_l("The contest has no registered contestants to take to the lab."))
    _refuse_issued_before(session, contest, people)

    private_key, public_key = signing.new_key_pair()
    package_id = secrets.token_hex(16)
    cards: list[Card] = []
    contestants = []
    for index, user in enumerate(people):
        room, seat = f"P{index // seats_per_room + 1:02d}", index % seats_per_room + 1
        password = temporary_password(user.username, user.full_name, user.email)
        cards.append(Card(user.full_name, user.unit.name, room, seat, user.username, password))
        contestants.append(
            {
                "login": user.username,
                "full_name": user.full_name,
                "class_name": user.class_name,
                "unit_code": user.unit.code,
                "room": room,
                "seat": seat,
                "password_hash": hash_password(password),
            }
        )
    # every unit the lab's rows name: the contestants', their registrations' and the organiser's
    units = {u.code: u for u in (*(p.unit for p in people), *(r.unit for r in registrations), contest.organiser_unit)}
    round_ = {
        "package_id": package_id,
        "signing_key": private_key,
        "contest": {
            "id": contest.id,
            "title": contest.title,
            "description": contest.description,
            "round": contest.round.value,
            "school_year": contest.school_year,
            "organiser_unit": contest.organiser_unit.code,
            "opens_at": _when(contest.submission_opens),
            "closes_at": _when(contest.submission_closes),
            "max_team_size": contest.max_team_size,
            "proposal": _approval(contest.proposal),
        },
        "settings": _settings(session, contest),
        "categories": [{"code": c.code, "name": c.name} for c in contest.categories],
        "units": [
            {
                "code": code,
                "name": named.name,
                "kind": named.kind.value,
                "level": named.level.value if named.level else None,
            }
            for code, named in sorted(units.items())
        ],
        "problems": problems,
        "contestants": contestants,
        "registrations": [
            {
                "category": r.category.code if r.category else None,
                "team_name": r.team_name,
                "unit_code": r.unit.code,
                # a moment, as packages have always said it; the lab takes it as minutes after its closing
                "extended_until": (
                    _when(contest.submission_closes + timedelta(minutes=r.extra_minutes)) if r.extra_minutes else None
                ),
                "members": sorted(m.user.username for m in r.members),
            }
            for r in registrations
            if r.members
        ],
    }
    documents = {ROUND: json.dumps(round_, ensure_ascii=False, indent=1).encode()}
    hashes = {f"files/{digest}": digest for digest in files} | {n: signing.sha256(d) for n, d in documents.items()}
    listed = signing.manifest(PACKAGE_FORMAT, package_id, hashes)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(signing.MANIFEST, listed)
        for name, data in documents.items():
            zf.writestr(name, data)
        for digest in sorted(files):
            zf.write(store.verify(digest), f"files/{digest}")
    row = LabPackage(
        package_id=package_id,
        contest_id=contest.id,
        public_key=public_key,
        package_sha256=signing.file_sha256(out),
        opens_at=contest.submission_opens,
        closes_at=contest.submission_closes,
        logins={p.username: p.id for p in people},
        labels={row.label: row.problem_id for row in rows},
        issued_by_id=actor.id,
    )
    _seated_or_refused(session, row, contest, people)
    audit.record(
        session,
        "lab.issue",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"package": package_id, "sha256": row.package_sha256, "contestants": len(people)},
    )
    return Issued(row, sorted(cards, key=lambda c: (c.room, c.seat)), contest.title)


def lab_units(session: DbSession, contest: Contest) -> list[Unit]:
    """The units a lab package may be limited to: the contestants' units and the units above them (districts),
    below the organiser, by name."""
    found: dict[int, Unit] = {}
    for registration in registrations_of(session, contest):
        unit: Unit | None = registration.unit
        while unit is not None and unit.id != contest.organiser_unit_id and unit.id not in found:
            found[unit.id] = unit
            unit = unit.parent
    return sorted(found.values(), key=lambda u: title_key(u.name))


def issued_packages(session: DbSession, contest: Contest) -> list[LabPackage]:
    """The lab packages issued for ``contest``, newest first."""
    return list(
        session.scalars(
            select(LabPackage).where(LabPackage.contest_id == contest.id).order_by(LabPackage.issued_at.desc())
        )
    )
