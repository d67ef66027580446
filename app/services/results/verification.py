"""Checking a certificate by its number (Số hiệu), for anyone: a school receiving a pupil's certificate, a teacher's
file. A number is found while its award stands and the contest's results are published (its contest seen by the
public: ``policies.contests.may_see``); a number never given, replaced (the award's level changed) or whose results
were withdrawn is not. Both kinds of awards are searched: judged entries' (``Award``) and programming contests'
(``ProgrammingAward``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ...extensions import DbSession
from ...models import Award, AwardLevel, Contest, ProgrammingAward
from ...policies.contests import may_see
from ..programming import awards as programming_awards
from . import publication

MAX_CODE = 32  # the column's length


@dataclass(frozen=True)
class Verified:
    """What a certificate number stands for: the people it names, their unit, the award, the contest and the day
    it was issued (UTC)."""

    code: str
    names: list[str]
    unit: str
    level: AwardLevel
    contest: Contest
    issued_at: datetime


def normalised(typed: str) -> str:
    """The number as printed, as codes are stored: spaces around it dropped, letters in capitals (a typed
    ``t1-ab12`` is ``T1-AB12``)."""
    return typed.strip().upper()[:MAX_CODE]


def lookup(session: DbSession, typed: str) -> Verified | None:
    """The certificate numbered ``typed`` (see ``normalised``), or None (see the module's docstring)."""
    code = normalised(typed)
    if not code:
        return None
    award = session.scalars(select(Award).where(Award.certificate_code == code)).first()
    if award is not None:
        contest = award.entry.contest
        if not may_see(None, contest) or publication.published_at(session, contest) is None:
            return None
        authors = sorted(award.entry.authors, key=lambda a: a.position)
        return Verified(
            award.certificate_code,
            [a.user.full_name for a in authors],
            award.entry.unit.name,
            award.level,
            contest,
            award.created_at,
        )
    won = session.scalars(select(ProgrammingAward).where(ProgrammingAward.certificate_code == code)).first()
    if won is None:
        return None
    held = session.get(Contest, won.contest_id)
    if held is None or not may_see(None, held) or programming_awards.published_at(session, held) is None:
        return None
    members = sorted(won.registration.members, key=lambda m: m.user.sort_key)
    return Verified(
        won.certificate_code,
        [m.user.full_name for m in members],
        won.registration.unit.name,
        won.level,
        held,
        won.created_at,
    )
