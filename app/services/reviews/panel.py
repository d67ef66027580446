"""A contest's panel of judges, its head judge, and the review settings (judges per entry).

A judge may sit on the panel for one category of the contest (a Creativity contest's field, a board): they are
assigned that category's entries only (``fits``); a judge of no category may be assigned any entry.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ...extensions import DbSession
from ...models import (
    AccountStatus,
    Assignment,
    Contest,
    PanelMember,
    ReviewSettings,
    Role,
    ScoreMethod,
    ScoreSheet,
    SheetStatus,
    User,
    UserRole,
)
from ...policies.contests import is_staff
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from ..unique_rows import flush_or_refuse
from . import conflicts

MAX_JUDGES_PER_ENTRY = 10


def settings_for(session: DbSession, contest: Contest) -> ReviewSettings:
    """The contest's review settings; the defaults (2 judges per entry) until an organiser changes them."""
    found = session.get(ReviewSettings, contest.id)
    if found is None:
        found = ReviewSettings(
            contest_id=contest.id, judges_per_entry=2, discrepancy_percent=10, score_method=ScoreMethod.MEAN
        )
    return found


def refuse_while_published(session: DbSession, contest: Contest) -> None:
    """InvalidInput while the contest's results are published: who judges which entry stays as it was then (a judge
    given an entry now could not score it: sheets are closed, ``score_sheets.closed_by_results``)."""
    if settings_for(session, contest).results_published_at is not None:
        raise InvalidInput(
            _l("The results are published: withdraw them (Ranking and awards) before changing who judges the entries.")
        )


def set_judges_per_entry(session: DbSession, actor: User, contest: Contest, count: int) -> None:
    """How many judges score each entry, from 1 to 10."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if not 1 <= count <= MAX_JUDGES_PER_ENTRY:
        raise InvalidInput(_l("Each entry has from 1 to %(n)d judges.", n=MAX_JUDGES_PER_ENTRY), "judges_per_entry")
    settings = settings_for(session, contest)
    settings.judges_per_entry = count
    session.add(settings)
    session.flush()
    audit.record(
        session,
        "review.settings",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"judges_per_entry": count},
    )


def set_score_method(session: DbSession, actor: User, contest: Contest, method: ScoreMethod) -> None:
    """How an entry's score is made of its judges' totals (``ScoreMethod``), as the contest's rules set it.
    Organisers of the contest only; refused while the results are published (the awards fixed then would change);
    audit-logged."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    _set_rule(session, actor, contest, "score_method", method, "review.score_method")


def set_discrepancy_percent(session: DbSession, actor: User, contest: Contest, percent: int) -> None:
    """How far apart (a percentage, 0 to 100, of the rubric's highest total) judges' totals may be before an entry
    needs reconciliation (``services.results.aggregation``), as the contest's rules set it. Organisers of the
    contest only; refused while the results are published (the entries settled then would change); audit-logged."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if not 0 <= percent <= 100:
        raise InvalidInput(_l("The threshold is a percentage from 0 to 100."), "discrepancy_percent")
    _set_rule(session, actor, contest, "discrepancy_percent", percent, "review.discrepancy")


def _set_rule(session: DbSession, actor: User, contest: Contest, name: str, value: object, action: str) -> None:
    """Set the contest's review setting ``name`` to ``value``, refused while the results are published, with an
    audit entry ``action`` holding the value and the one before."""
    refuse_while_published(session, contest)
    settings = settings_for(session, contest)
    previous = getattr(settings, name)
    setattr(settings, name, value)
    session.add(settings)
    session.flush()
    data = {name: getattr(value, "value", value), "previous": getattr(previous, "value", previous)}
    audit.record(session, action, actor_id=actor.id, object_type="contest", object_id=contest.id, data=data)


def members(session: DbSession, contest: Contest) -> list[PanelMember]:
    """The panel, head judge first, then by name the Vietnamese way."""
    return list(
        session.scalars(
            select(PanelMember)
            .join(User, User.id == PanelMember.user_id)
            .where(PanelMember.contest_id == contest.id)
            .order_by(PanelMember.is_head.desc(), User.sort_key)
        )
    )


def member(session: DbSession, contest: Contest, user_id: int) -> PanelMember | None:
    return session.scalars(
        select(PanelMember).where(PanelMember.contest_id == contest.id, PanelMember.user_id == user_id)
    ).first()


def is_head(session: DbSession, user: User, contest_id: int) -> bool:
    """Whether ``user`` is the head judge of the contest, and still has the judge's role: an account whose role was
    taken away neither reads the panel's sheets nor reopens or settles any."""
    return user.has_role(Role.JUDGE) and bool(
        session.scalar(
            select(
                exists().where(
                    PanelMember.contest_id == contest_id,
                    PanelMember.user_id == user.id,
                    PanelMember.is_head.is_(True),
                )
            )
        )
    )


def headed_contests(session: DbSession, user: User) -> list[Contest]:
    """The contests whose panel ``user`` heads."""
    return list(
        session.scalars(
            select(Contest)
            .join(PanelMember, PanelMember.contest_id == Contest.id)
            .where(PanelMember.user_id == user.id, PanelMember.is_head.is_(True))
            .order_by(Contest.id)
        )
    )


def candidates(session: DbSession, contest: Contest) -> list[User]:
    """Active judges not yet on the panel, by name."""
    on_panel = select(PanelMember.user_id).where(PanelMember.contest_id == contest.id)
    return list(
        session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.JUDGE, User.status == AccountStatus.ACTIVE, User.id.not_in(on_panel))
            .order_by(User.sort_key)
        ).unique()
    )


def fits(member_category_id: int | None, entry_category_id: int | None) -> bool:
    """Whether a judge of the panel for ``member_category_id`` (None: every category) may judge an entry of
    ``entry_category_id``."""
    return member_category_id is None or member_category_id == entry_category_id


def add_member(
    session: DbSession, actor: User, contest: Contest, user_id: int, category_id: int | None = None
) -> PanelMember:
    """Put a judge (an active account with the judge role) on the contest's panel, for one of its categories or
    (``category_id`` None) for all."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise InvalidInput(_l("This category is not one of the contest's."), "category")
    user = session.get(User, user_id)
    if user is None or not user.has_role(Role.JUDGE) or not user.is_active:
        raise InvalidInput(_l("Only active accounts with the judge role can join the panel."), "user")
    if member(session, contest, user_id) is not None:
        raise InvalidInput(_l("%(name)s is already on the panel.", name=user.full_name), "user")
    added = PanelMember(contest_id=contest.id, user_id=user.id, is_head=False, category_id=category_id)
    session.add(added)
    flush_or_refuse(session, _l("%(name)s is already on the panel.", name=user.full_name), "user")
    audit.record(
        session,
        "panel.add",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"judge": user.id, "category_id": category_id},
    )
    return added


def blindness_note(user: User, contest: Contest) -> str | None:
    """What the organisers should know about a judge whose other role shows who made the contest's entries: one of
    its staff cannot judge blind (they see every entry's authors, the ranking, the certificates); a coordinator
    sees the contest's entries blind while on its panel, on their coordinator's pages too
    (``policies.entries.sees_authors``). None for anyone else."""
    if is_staff(user, contest):
        return str(
            _l(
                "%(name)s organises this contest and sees who made every entry: they do not judge blind. Prefer a "
                "judge who does not organise it.",
                name=user.full_name,
            )
        )
    if not user.has_role(Role.COORDINATOR):
        return None
    return str(
        _l(
            "%(name)s is also a coordinator (%(unit)s): while on this panel they see this contest's entries without "
            "their authors, as every judge does, on their coordinator's pages too.",
            name=user.full_name,
            unit=user.unit.name,
        )
    )


def remove_member(session: DbSession, actor: User, panel_member: PanelMember) -> None:
    """Take a judge off the panel with their assignments and draft sheets; refused once they submitted a sheet. The
    audit entry names the entries they were assigned (``results.short_panels``)."""
    contest = panel_member.contest
    if not is_staff(actor, contest):
        raise NotAllowed()
    submitted = session.scalar(
        select(
            exists().where(
                ScoreSheet.contest_id == contest.id,
                ScoreSheet.judge_id == panel_member.user_id,
                ScoreSheet.status == SheetStatus.SUBMITTED,
            )
        )
    )
    if submitted:
        raise InvalidInput(
            _l(
                "%(name)s has submitted score sheets in this contest and stays on the panel.",
                name=panel_member.user.full_name,
            )
        )
    # the entries they leave wait for one judge fewer: named so that publishing can say so (``results.short_panels``)
    entries = sorted(
        session.scalars(
            select(Assignment.entry_id).where(
                Assignment.contest_id == contest.id, Assignment.judge_id == panel_member.user_id
            )
        )
    )
    conflicts.release(session, contest.id, panel_member.user_id)
    audit.record(
        session,
        "panel.remove",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"judge": panel_member.user_id, "entries": entries},
    )
    session.delete(panel_member)
    session.flush()


def set_category(session: DbSession, actor: User, panel_member: PanelMember, category_id: int | None) -> None:
    """Make the judge a judge of one of the contest's categories, or (None) of all. Assignments already made stay;
    the next run of the automatic assignment follows (``assignment.run`` drops the automatic ones without a sheet
    that no longer fit). Audit-logged."""
    contest = panel_member.contest
    if not is_staff(actor, contest):
        raise NotAllowed()
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise InvalidInput(_l("This category is not one of the contest's."), "category")
    panel_member.category_id = category_id
    session.flush()
    audit.record(
        session,
        "panel.category",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"judge": panel_member.user_id, "category_id": category_id},
    )


def set_head(session: DbSession, actor: User, panel_member: PanelMember, head: bool) -> None:
    """Make this judge the head judge (the panel has one: any other loses the mark), or take the mark away."""
    contest = panel_member.contest
    if not is_staff(actor, contest):
        raise NotAllowed()
    if head:
        for other in members(session, contest):
            other.is_head = False
    panel_member.is_head = head
    session.flush()
    audit.record(
        session,
        "panel.head" if head else "panel.head_removed",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"judge": panel_member.user_id},
    )
