"""Awards and certificates of a programming contest (Tin học trẻ Bảng B, C), from its final scoreboard.

- Rules are the panel contests' (``services.results.awards``): per category (board), or the contest's own for a board
  without rules of its own; a quota of contestants or a percentage of them, and a minimum score, compared with the
  scoreboard's total (IOI: points; ICPC: problems solved).
- Each board is ranked apart, in the order of the final (unfrozen) scoreboard: contestants with the same total (and,
  in ICPC, the same penalty and the same minute of their last AC, as the scoreboard ranks) share a rank (1, 2, 2, 4).
- A board with a theory test (``services.quizzes``) is ranked by its combined result of theory and practice
  (``services.quizzes.combined``) instead of the scoreboard's total; its pupils who only sat the test take part.
- Who takes part: contestants with at least one counted submission. A percentage is of them; a total of 0 wins
  nothing (a contestant must score to be awarded), and those who never submitted are not ranked.
- Ties at a quota follow the panel contests' rule: contestants tied with the last one within a level's quota all
  receive that level (a level may give more awards than its quota), and the next level counts its quota from the
  contestant after them. A quota is never split between tied contestants.
- The awards are fixed when the results are published (``grading_admin.publish_results`` calls ``fix``): stored
  with the rank and total each had, a certificate code and the moment it was issued (``created_at``). Publishing
  again recomputes them; a contestant who keeps a level keeps its code and the day it was issued, printed on the
  certificate; one whose level changed gets a new code, issued now (its old certificate no longer verifies).
  Withdrawing the results hides the awards and certificates until they are published again (the rows stay, so
  that publishing again keeps the codes).
- A certificate is issued to each member of an awarded registration (a team's members each get one), for that
  member or the contest's staff; staff also get every certificate in one PDF.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from ...extensions import DbSession
from ...models import (
    AwardLevel,
    AwardRule,
    Category,
    Contest,
    ContestProblem,
    ProgrammingAward,
    Registration,
    RegistrationMember,
    Submission,
    User,
)
from ...policies.contests import is_staff
from ...vnsort import title_key
from ..errors import NotAllowed
from ..number_text import number_text
from ..quizzes import combined, quiz_settings
from ..results import awards
from ..results.certificates import CertificateText, render_pages
from . import scoreboard
from .contestant import registration_of
from .judging_settings import settings_for
from .scoreboard.compute import counted


@dataclass(frozen=True)
class Placing:
    """A contestant of a board: their scoreboard row, their rank in the board, the award they would receive."""

    row: scoreboard.Row
    rank: int
    level: AwardLevel | None


@dataclass(frozen=True)
class Board:
    """A category (None: contestants of no category) with its placings best first and the rules it follows."""

    category: Category | None
    placings: list[Placing]
    rules: list[AwardRule]
    own_rules: bool
    parts: dict[int, combined.Parts] = field(default_factory=dict)  # a board with a theory test: by registration

    @property
    def awarded(self) -> list[Placing]:
        return [p for p in self.placings if p.level is not None]


def _took_part(session: DbSession, contest: Contest) -> set[int]:
    """The registrations with a judged submission in their window (``compute.counted``), whatever it earned: a
    compile error too, which an ICPC board does not show (as DOMjudge's), so that who takes part is the same in
    either mode."""
    problem_ids = list(
        session.scalars(select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id))
    )
    submitters = set(session.scalars(select(Submission.user_id).where(counted(contest, problem_ids)).distinct()))
    members = select(RegistrationMember.user_id, RegistrationMember.registration_id).where(
        RegistrationMember.contest_id == contest.id
    )
    return {registration_id for user_id, registration_id in session.execute(members) if user_id in submitters}


def boards(session: DbSession, contest: Contest) -> list[Board]:
    """Every board of ``contest`` with the awards it would give now, from the final scoreboard (the contest's
    category order; contestants of no category last, when there are any)."""
    final = scoreboard.build(session, contest, viewer_is_staff=True)  # never frozen; computed afresh
    category_of: dict[int, int | None] = {
        rid: cid
        for rid, cid in session.execute(
            select(Registration.id, Registration.category_id).where(Registration.contest_id == contest.id)
        )
    }
    rules = awards.contest_rules(session, contest)
    took_part = _took_part(session, contest)
    known = {c.id for c in contest.categories}
    scopes: list[Category | None] = [*contest.categories, None]
    result = []
    for category in scopes:
        in_scope = [
            r
            for r in final.rows
            if (
                category_of.get(r.registration_id) == category.id
                if category
                else category_of.get(r.registration_id) not in known
            )
        ]
        rows = [r for r in in_scope if r.registration_id in took_part]
        quiz = quiz_settings.quiz_for(session, contest, category.id if category else None)
        parts: dict[int, combined.Parts] = {}
        if quiz is not None:  # a board with a theory test: ranked by its combined result
            rows, parts = combined.board_rows(session, contest, quiz, in_scope, {r.registration_id for r in rows})
        if category is None and not rows:
            continue
        ranks: list[int] = []
        for position, row in enumerate(rows, start=1):
            tied = ranks and row.standing == rows[position - 2].standing
            ranks.append(ranks[-1] if tied else position)
        scope_rules = awards.rules_for(rules, category.id if category else None)
        placed = [
            awards.Placed(row.registration_id, Decimal(str(row.total)), rank)
            for row, rank in zip(rows, ranks, strict=True)
            if row.total > 0
        ]
        levels = awards.allot(placed, scope_rules, base=len(rows))
        result.append(
            Board(
                category=category,
                placings=[
                    Placing(row, rank, levels.get(row.registration_id)) for row, rank in zip(rows, ranks, strict=True)
                ],
                rules=scope_rules,
                own_rules=any(r.category_id == (category.id if category else None) for r in rules),
                parts=parts,
            )
        )
    return result


def _new_code(contest: Contest) -> str:
    return f"T{contest.id}-{secrets.token_hex(5).upper()}"


def fix(session: DbSession, contest: Contest, now: datetime) -> list[ProgrammingAward]:
    """Store the awards the final scoreboard gives now (when the results are published, at ``now``, UTC); see the
    module's docstring. The caller checks who may and commits."""
    existing = {
        a.registration_id: a
        for a in session.scalars(select(ProgrammingAward).where(ProgrammingAward.contest_id == contest.id))
    }
    planned = {p.row.registration_id: (b, p) for b in boards(session, contest) for p in b.awarded}
    for registration_id, withdrawn in existing.items():
        if registration_id not in planned:
            session.delete(withdrawn)
    stored = []
    for registration_id, (board, placing) in planned.items():
        level = placing.level
        assert level is not None
        award = existing.get(registration_id)
        if award is None:
            award = ProgrammingAward(
                contest_id=contest.id,
                registration_id=registration_id,
                level=level,
                certificate_code=_new_code(contest),
                created_at=now,
            )
            session.add(award)
        elif award.level is not level:  # a new certificate, issued now
            award.level, award.certificate_code, award.created_at = level, _new_code(contest), now
        award.category_id = board.category.id if board.category else None
        award.rank, award.total, award.penalty = placing.rank, placing.row.total, placing.row.penalty
        stored.append(award)
    session.flush()
    return stored


def changed_since_publication(session: DbSession, contest: Contest, computed: list[Board] | None = None) -> bool:
    """Whether the final scoreboard would now give awards otherwise than those fixed at publication (another level,
    rank or total, or to another contestant: after a rejudge, say), from ``computed`` (``boards``) when given. False
    while the results are not published."""
    if published_at(session, contest) is None:
        return False
    now = {
        p.row.registration_id: (p.level, p.rank, p.row.total, p.row.penalty)
        for b in (boards(session, contest) if computed is None else computed)
        for p in b.awarded
    }
    stored = {
        a.registration_id: (a.level, a.rank, a.total, a.penalty)
        for a in session.scalars(select(ProgrammingAward).where(ProgrammingAward.contest_id == contest.id))
    }
    return now != stored


def published_at(session: DbSession, contest: Contest) -> datetime | None:
    """When the results were published (UTC), or None while they are not (and the awards are hidden)."""
    settings = settings_for(session, contest)
    return settings.results_published_at if settings.results_published else None


def _stored(session: DbSession, contest: Contest) -> list[ProgrammingAward]:
    rows = list(session.scalars(select(ProgrammingAward).where(ProgrammingAward.contest_id == contest.id)))
    order = {c.id: i for i, c in enumerate(contest.categories)}
    rows.sort(
        key=lambda a: (
            order.get(a.category_id, len(order)) if a.category_id is not None else len(order),
            awards.LEVELS.index(a.level),
            a.rank,
            _name_order(a.registration),
            a.registration_id,
        )
    )
    return rows


def _name_order(registration: Registration) -> str:
    """Where the scoreboard lists a registration among those of its rank (``scoreboard.compute``): a team by its
    name (from its first word), anyone else by their name, the Vietnamese way (``vnsort``)."""
    if registration.team_name:
        return title_key(registration.team_name)
    return min((m.user.sort_key for m in registration.members), default="")


@dataclass(frozen=True)
class PublishedBoard:
    category: Category | None
    awards: list[ProgrammingAward]


def published(session: DbSession, contest: Contest) -> list[PublishedBoard]:
    """The fixed awards by board (each by level, then rank, equal ranks by name as on the scoreboard), while the
    results are published; else nothing."""
    if published_at(session, contest) is None:
        return []
    rows = _stored(session, contest)
    scopes: list[Category | None] = [*contest.categories, None]
    known = {c.id for c in contest.categories}
    groups = [
        PublishedBoard(c, [a for a in rows if (a.category_id == c.id if c else a.category_id not in known)])
        for c in scopes
    ]
    return [g for g in groups if g.awards]


def own_award(session: DbSession, contest: Contest, user: User) -> ProgrammingAward | None:
    """The award of the user's registration, while the results are published."""
    if published_at(session, contest) is None:
        return None
    registration = registration_of(session, contest, user)
    if registration is None:
        return None
    return session.scalars(select(ProgrammingAward).where(ProgrammingAward.registration_id == registration.id)).first()


def _text(award: ProgrammingAward, member: User, contest: Contest) -> CertificateText:
    """A member's certificate, dated the day the award was issued (not the day the results were last published)."""
    registration = award.registration
    board = registration.category.name if registration.category is not None else None
    details: list[tuple[str, float]] = []
    if registration.team_name:
        code = f" ({registration.team_code})" if registration.team_code else ""
        details.append((f"Thành viên đội “{registration.team_name}”{code}", 13))
    details.append(("Thí sinh" + (f" {board}" if board else ""), 13))
    # ICPC boards keep a penalty: their total counts problems solved, not points
    total = number_text(award.total, "vi")  # a certificate is in Vietnamese: 187,25
    result = f"{total} bài giải được" if award.penalty is not None else f"{total} điểm"
    details.append((f"Xếp hạng {award.rank} · {result}", 11))
    return CertificateText(
        organiser=contest.organiser_unit.name,
        contest_title=contest.title,
        school_year=contest.school_year,
        name=member.full_name,
        unit=registration.unit.name,  # the unit the contestant entered for
        details=details,
        level=award.level,
        code=award.certificate_code,
        issued_at=award.created_at,
    )


def certificate(session: DbSession, actor: User, contest: Contest, registration_id: int, user_id: int) -> bytes:
    """The certificate of one member of an awarded registration, while the results are published: for that
    member, or for the contest's staff. Raises LookupError when there is none, NotAllowed for anyone else."""
    if published_at(session, contest) is None:
        raise LookupError(registration_id)
    award = session.scalars(
        select(ProgrammingAward).where(
            ProgrammingAward.contest_id == contest.id, ProgrammingAward.registration_id == registration_id
        )
    ).first()
    if award is None:
        raise LookupError(registration_id)
    member = next((m.user for m in award.registration.members if m.user_id == user_id), None)
    if member is None:
        raise LookupError(user_id)
    if actor.id != member.id and not is_staff(actor, contest):
        raise NotAllowed()
    return render_pages([_text(award, member, contest)], f"Giấy chứng nhận {award.certificate_code}")


def all_certificates(session: DbSession, actor: User, contest: Contest) -> bytes:
    """Every certificate of the contest in one PDF (a page each, by board, level and rank, equal ranks by name), for
    staff, while the results are published. Raises LookupError when there is none, NotAllowed for anyone but staff."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    rows = _stored(session, contest) if published_at(session, contest) is not None else []
    if not rows:
        raise LookupError(contest.id)
    texts = [
        _text(award, m.user, contest)
        for award in rows
        for m in sorted(award.registration.members, key=lambda m: m.user.sort_key)
    ]
    return render_pages(texts, f"Giấy chứng nhận – {contest.title}")
