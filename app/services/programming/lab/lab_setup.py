"""The lab's side of a lab round, coming in: a lab package set up as a contest on the lab's standalone hoithi.

Everything the package carries is checked before anything is written: the manifest's hash of every file, the
round's description, that the package was not imported here before and that none of its logins is already an
account here. Then, in the caller's one transaction: the units (found by code, else created), the contestants'
accounts with the hashes of their lab passwords, the contest (published, its window as the province set it), its
settings, categories, registrations and problems (their files put in the store, each verified against its hash),
and a ``LabRound`` holding the key that signs the results.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from submissions.archive import Archive
from submissions.store import ContentStore

from ....extensions import DbSession
from ....models import (
    Category,
    Contest,
    ContestKind,
    ContestProblem,
    ContestRound,
    ContestStatus,
    Feedback,
    LabRound,
    Problem,
    ProblemImage,
    ProgrammingSettings,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationMember,
    Role,
    ScoreboardMode,
    Unit,
    UnitKind,
    User,
)
from ....models.units import SchoolLevel
from ....vnsort import sort_key
from .package import PACKAGE_FORMAT, ROUND
from .zips import Refused, checked_files, opened, read_json, read_manifest

MAX_FILE_BYTES = 2 * 1024**3
MAX_PACKAGE_UPLOAD_BYTES = 1024**3  # a lab package uploaded on the web (the command line takes any size)


def _round(archive: Archive) -> dict[str, Any]:
    found = read_json(archive, ROUND)
    if not isinstance(found, dict) or not {"contest", "problems", "contestants", "signing_key"} <= set(found):
        raise Refused(_l("This is not a lab package of hoithi; nothing was imported."), [])
    return found


def _clashes(session: DbSession, package_id: str, logins: list[str]) -> list[object]:
    problems: list[object] = []
    if session.scalar(select(LabRound.id).where(LabRound.package_id == package_id)) is not None:
        problems.append(_l("This lab package was already imported here."))
    taken = session.scalars(select(User.username).where(User.username.in_(logins))).all()
    for login in sorted(taken):
        problems.append(_l("The login %(login)s is already an account on this hoithi.", login=login))
    return problems


def _listed_twice(round_: dict[str, Any]) -> list[object]:
    """A contestant the package lists twice, or puts in two registrations: one person is one account and one
    entrant, so the package is refused naming them rather than failing on the database's constraints."""
    logins = [str(c.get("login")) for c in round_["contestants"] if isinstance(c, dict)]
    members = [str(m) for r in round_.get("registrations") or [] if isinstance(r, dict) for m in r.get("members") or []]
    twice = {x for x, n in Counter(logins).items() if n > 1} | {x for x, n in Counter(members).items() if n > 1}
    return [_l("The contestant %(login)s is in the lab package twice.", login=login) for login in sorted(twice)]


def import_package(session: DbSession, store: ContentStore, path: Path) -> Contest:
    """Set up the lab round of the package at ``path`` (flushed, not committed) and return its contest. Raises
    ``Refused`` naming every problem found, having written nothing to the database (files already put in the
    store are content-addressed, and harmless)."""
    with opened(path, _l("The lab package")) as archive:
        found = read_manifest(archive, PACKAGE_FORMAT)
        if found is None:
            raise Refused(_l("This is not a lab package of hoithi; nothing was imported."), [])
        _raw, manifest = found
        problems = checked_files(archive, manifest["files"])
        if problems:
            raise Refused(_l("The lab package is damaged; nothing was imported."), problems)
        round_ = _round(archive)
        problems = _listed_twice(round_) + _clashes(
            session, str(round_["package_id"]), [c["login"] for c in round_["contestants"]]
        )
        if problems:
            raise Refused(_l("The lab package cannot be imported here; nothing was imported."), problems)
        for name in manifest["files"]:
            if name.startswith("files/"):
                with archive.zf.open(archive.files[name]) as f:
                    store.put(f, MAX_FILE_BYTES)
    try:
        return _create(session, round_)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise Refused(
            _l("The lab package's description of the round is incomplete; nothing was imported."), [repr(error)]
        ) from None


def _units(session: DbSession, listed: list[dict[str, Any]]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for item in listed:
        unit = session.scalar(select(Unit).where(Unit.code == item["code"]))
        if unit is None:
            unit = Unit(
                code=item["code"],
                name=item["name"],
                kind=UnitKind(item["kind"]),
                level=SchoolLevel(item["level"]) if item.get("level") else None,
            )
            session.add(unit)
        units[item["code"]] = unit
    session.flush()
    return units


def _approved_proposal(about: dict[str, Any]) -> Proposal:
    """The lab's record of the Sở's approval of the contest's proposal, without which nobody but its staff would see
    the contest here: the province exports a lab package only of an approved contest (``package.export_package``).
    A package issued before packages carried the approval has none: it was issued by the contest's staff at the
    province, which this import takes as its word."""
    approval = about.get("proposal") or {}
    return Proposal(title=str(approval.get("title") or about["title"])[:200], status=ProposalStatus.APPROVED, flags=[])


def _extra_minutes(closes: datetime, extended_until: object) -> int | None:
    """The extra minutes after the closing ``closes`` that a package's ``extended_until`` (a moment, or None) gives:
    whole minutes, rounded up; None for none."""
    if not extended_until:
        return None
    minutes = math.ceil((datetime.fromisoformat(str(extended_until)) - closes).total_seconds() / 60)
    return minutes if minutes > 0 else None


def _create(session: DbSession, round_: dict[str, Any]) -> Contest:
    units = _units(session, round_["units"])
    about = round_["contest"]
    opens, closes = datetime.fromisoformat(about["opens_at"]), datetime.fromisoformat(about["closes_at"])
    contest = Contest(
        title=about["title"],
        description=about.get("description", ""),
        kind=ContestKind.INFORMATICS,
        round=ContestRound(about["round"]),
        school_year=about["school_year"],
        status=ContestStatus.PUBLISHED,
        organiser_unit=units[about["organiser_unit"]],
        registration_opens=opens,
        registration_closes=opens,
        submission_opens=opens,
        submission_closes=closes,
        max_team_size=about.get("max_team_size", 1),
        proposal=_approved_proposal(about),
    )
    session.add(contest)
    session.flush()
    categories = {
        c["code"]: Category(contest_id=contest.id, code=c["code"], name=c["name"]) for c in round_["categories"]
    }
    session.add_all(categories.values())
    settings = round_["settings"]
    session.add(
        ProgrammingSettings(
            contest_id=contest.id,
            scoreboard_mode=ScoreboardMode(settings["scoreboard_mode"]),
            best_per_subtask=settings["best_per_subtask"],
            freeze_minutes=settings["freeze_minutes"],
            scoreboard_public=settings.get("scoreboard_public", True),
            problems_after_end=settings.get("problems_after_end", True),
            languages=settings["languages"],
            time_multipliers=settings["time_multipliers"],
            feedback_during=Feedback(settings["feedback_during"]),
            feedback_after=Feedback(settings["feedback_after"]),
        )
    )
    session.flush()
    _add_problems(session, contest, categories, round_["problems"])
    people = {
        c["login"]: User(
            username=c["login"],
            full_name=c["full_name"],
            sort_key=sort_key(c["full_name"]),
            class_name=c.get("class_name"),
            unit=units[c["unit_code"]],
            password_hash=c["password_hash"],
        )
        for c in round_["contestants"]
    }
    for person in people.values():
        person.set_roles({Role.STUDENT})
    session.add_all(people.values())
    session.flush()
    for item in round_["registrations"]:
        registration = Registration(
            contest_id=contest.id,
            category_id=categories[item["category"]].id if item.get("category") else None,
            team_name=item.get("team_name"),
            unit_id=units[item["unit_code"]].id,
            registered_by_id=people[item["members"][0]].id,
            extra_minutes=_extra_minutes(closes, item.get("extended_until")),
        )
        session.add(registration)
        session.flush()
        session.add_all(
            RegistrationMember(registration_id=registration.id, contest_id=contest.id, user_id=people[login].id)
            for login in item["members"]
        )
    session.add(
        LabRound(
            package_id=round_["package_id"],
            contest_id=contest.id,
            signing_key=round_["signing_key"],
            opens_at=opens,
            closes_at=closes,
        )
    )
    session.flush()
    return contest


def _add_problems(
    session: DbSession, contest: Contest, categories: dict[str, Category], listed: list[dict[str, Any]]
) -> None:
    for item in listed:
        problem = Problem(
            code=item["code"],
            title=item["title"],
            package_format=item["package_format"],
            package_hash=item["package_hash"],
            time_limit_ms=item["time_limit_ms"],
            memory_limit_kb=item["memory_limit_kb"],
            test_count=item["test_count"],
            max_score=item["max_score"],
            contest_id=contest.id,
            statement_kind=item.get("statement_kind"),
            statement_hash=item.get("statement_hash"),
            statement_text=item.get("statement_text"),
            statement_vi=item.get("statement_vi"),
            statement_en=item.get("statement_en"),
            images=[
                ProblemImage(name=i["name"], content_hash=i["hash"], image_format=i["format"], size=i["size"])
                for i in item.get("images", [])
            ],
        )
        session.add(problem)
        session.flush()
        session.add(
            ContestProblem(
                contest_id=contest.id,
                problem_id=problem.id,
                label=item["label"],
                position=item.get("position", 0),
                category_id=categories[item["category"]].id if item.get("category") else None,
            )
        )


def lab_round_of(session: DbSession, contest: Contest) -> LabRound | None:
    """The lab round ``contest`` is, on a lab's hoithi; None for a contest not set up from a lab package."""
    return session.scalar(select(LabRound).where(LabRound.contest_id == contest.id))
