"""Entries judged by people: which contests take them, their settings, the submission window, creating and
editing an entry and choosing its authors. Who may see an entry is ``policies.entries``'s."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from ...extensions import DbSession
from ...models import (
    Category,
    Contest,
    Entry,
    EntryAuthor,
    EntrySettings,
    Licence,
    Registration,
    RegistrationMember,
    Role,
    User,
)
from ...policies.contests import is_staff
from ...policies.entries import is_author, may_change_authors
from ..contests import grade_rules, registrations
from ..contests.contest_kinds import KINDS
from ..contests.entrant_reach import out_of_reach, within_reach
from ..errors import InvalidInput, NotAllowed
from ..records import audit
from .entry_window import require_open

MAX_UPLOAD_CAP_MB = 4096
# An entry code's characters: no 0/O, 1/I/L, so that one read out or copied by hand is not mistaken for another
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5
LICENCE_LABELS = {Licence.CC_BY: "CC BY 4.0", Licence.CC_BY_SA: "CC BY-SA 4.0"}


def takes_entries(contest: Contest) -> bool:
    """Whether people submit entries judged by people in ``contest``."""
    if KINDS[contest.kind].entry_categories is not None:
        return bool(entry_categories(contest))
    return True


def entry_categories(contest: Contest) -> list[Category]:
    """The categories an entry may be in: those of its kind judged by people (Bảng D only in a Young Informatics
    contest), else all of them."""
    codes = KINDS[contest.kind].entry_categories
    if codes is not None:
        return [c for c in contest.categories if c.code.upper() in codes]
    return list(contest.categories)


def settings_for(session: DbSession, contest: Contest) -> EntrySettings:
    """The contest's settings, or unsaved defaults (a licence is required by default in e-Learning contests)."""
    found = session.get(EntrySettings, contest.id)
    if found is not None:
        return found
    return EntrySettings(
        contest_id=contest.id, upload_cap_mb=500, licence_required=KINDS[contest.kind].licence_required
    )


def save_settings(
    session: DbSession, actor: User, contest: Contest, *, upload_cap_mb: int, licence_required: bool
) -> EntrySettings:
    """Set the contest's upload cap (1 … ``MAX_UPLOAD_CAP_MB``) and whether a licence is required."""
    if not is_staff(actor, contest):
        raise NotAllowed()
    if not 1 <= upload_cap_mb <= MAX_UPLOAD_CAP_MB:
        raise InvalidInput(_l("The upload limit is between 1 and %(n)d MB.", n=MAX_UPLOAD_CAP_MB), "upload_cap_mb")
    found = settings_for(session, contest)
    found.upload_cap_mb = upload_cap_mb
    found.licence_required = licence_required
    session.add(found)
    audit.record(
        session,
        "entries.settings",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"upload_cap_mb": upload_cap_mb, "licence_required": licence_required},
    )
    return found


@dataclasses.dataclass
class EntryDetails:
    """What an entrant gives about an entry; ``coauthor_ids`` are the authors other than the entrant."""

    title: str
    subject: str = ""
    level: str = ""
    field: str = ""
    description: str = ""
    licence: Licence | None = None
    category_id: int | None = None
    coauthor_ids: list[int] = dataclasses.field(default_factory=list)  # 'field' is the entry's field
    supervisor_id: int | None = None


def own_entry(session: DbSession, contest: Contest, user: User) -> Entry | None:
    """The entry of ``contest`` that ``user`` is an author of, if any."""
    return session.scalars(
        select(Entry).join(EntryAuthor).where(EntryAuthor.contest_id == contest.id, EntryAuthor.user_id == user.id)
    ).first()


def can_enter(contest: Contest, user: User) -> bool:
    """Whether ``user`` may be an author in ``contest`` (its kind takes entries and it is open to their role)."""
    return takes_entries(contest) and registrations.can_register_self(contest, user)


def coauthor_candidates(session: DbSession, contest: Contest, actor: User, entry: Entry | None = None) -> list[User]:
    """People of ``actor``'s unit who could be co-authors: active, eligible, and in no other entry of the contest."""
    taken = select(EntryAuthor.user_id).where(EntryAuthor.contest_id == contest.id)
    if entry is not None:
        taken = taken.where(EntryAuthor.entry_id != entry.id)
    candidates = session.scalars(
        select(User)
        .where(User.unit_id == actor.unit_id, User.id != actor.id, User.id.not_in(taken))
        .order_by(User.sort_key)
        .limit(1000)
    )
    return [u for u in candidates if u.is_active and registrations.can_register_self(contest, u)]


def supervisor_candidates(session: DbSession, actor: User) -> list[User]:
    """The active teachers of ``actor``'s unit."""
    found = session.scalars(select(User).where(User.unit_id == actor.unit_id).order_by(User.sort_key).limit(1000))
    return [u for u in found if u.is_active and u.has_role(Role.TEACHER)]


def _clean(details: EntryDetails, licence_required: bool) -> EntryDetails:
    title = " ".join(details.title.split())
    if not title:
        raise InvalidInput(_l("The title is required."), "title")
    if len(title) > 300:
        raise InvalidInput(_l("The title is too long (at most 300 characters)."), "title")
    limits = {"subject": (details.subject, 120), "level": (details.level, 60), "field": (details.field, 120)}
    cleaned = {name: " ".join(value.split()) for name, (value, _n) in limits.items()}
    for name, (_value, most) in limits.items():
        if len(cleaned[name]) > most:
            raise InvalidInput(_l("A field is too long (at most %(n)d characters).", n=most), name)
    if len(details.description) > 20_000:
        raise InvalidInput(_l("The description is too long (at most 20,000 characters)."), "description")
    if licence_required and details.licence is None:
        raise InvalidInput(_l("Choose a licence: this contest requires CC BY or CC BY-SA."), "licence")
    return EntryDetails(
        title=title,
        description=details.description.strip(),
        licence=details.licence,
        category_id=details.category_id,
        coauthor_ids=list(dict.fromkeys(i for i in details.coauthor_ids if i)),
        supervisor_id=details.supervisor_id or None,
        **cleaned,
    )


def _authors(
    session: DbSession, contest: Contest, actor: User, details: EntryDetails, entry: Entry | None
) -> list[User]:
    """The entry's authors (the actor first), checked: the team's size, their unit, eligibility, other entries."""
    ids = [actor.id, *(i for i in details.coauthor_ids if i != actor.id)]
    if len(ids) > contest.max_team_size:
        raise InvalidInput(
            _l("An entry has at most %(n)d authors in this contest.", n=contest.max_team_size), "authors"
        )
    found = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}
    if len(found) != len(ids):
        raise InvalidInput(_l("Choose co-authors from the list."), "authors")
    authors = [found[i] for i in ids]
    for person in authors:
        if person.unit_id != actor.unit_id:
            raise InvalidInput(_l("Co-authors must be people of your unit."), "authors")
        if not within_reach(contest, person.unit):
            raise InvalidInput(out_of_reach(contest, person.full_name), "authors")
        if not person.is_active or not can_enter(contest, person):
            raise InvalidInput(_l("%(name)s cannot enter this contest.", name=person.full_name), "authors")
    taken = select(EntryAuthor.user_id).where(EntryAuthor.contest_id == contest.id, EntryAuthor.user_id.in_(ids))
    if entry is not None:
        taken = taken.where(EntryAuthor.entry_id != entry.id)
    busy = set(session.scalars(taken))
    if busy:
        name = next(p.full_name for p in authors if p.id in busy)
        raise InvalidInput(_l("%(name)s is already an author of another entry in this contest.", name=name), "authors")
    return authors


def _category(session: DbSession, contest: Contest, details: EntryDetails, authors: list[User]) -> Category | None:
    choices = entry_categories(contest)
    if not choices:
        return None
    category = next((c for c in choices if c.id == details.category_id), None)
    if category is None:
        raise InvalidInput(_l("Choose a category."), "category")
    grade_rules.check_members(category, authors)  # a category of some grades takes its authors as registration does
    if KINDS[contest.kind].entry_categories is not None:
        # In Tin học trẻ, everyone enters one category: Bảng D entries are by people registered in Bảng D.
        registered = set(
            session.scalars(
                select(RegistrationMember.user_id)
                .join(Registration)
                .where(
                    RegistrationMember.contest_id == contest.id,
                    Registration.category_id == category.id,
                    RegistrationMember.user_id.in_([a.id for a in authors]),
                )
            )
        )
        missing = next((a for a in authors if a.id not in registered), None)
        if missing is not None:
            message = _l("%(name)s is not registered in %(category)s.", name=missing.full_name, category=category.name)
            raise InvalidInput(message, "authors")
    return category


def _supervisor(
    session: DbSession, contest: Contest, actor: User, details: EntryDetails, authors: list[User]
) -> int | None:
    if details.supervisor_id is None:
        return None
    if not contest.allows_supervisor:
        raise InvalidInput(_l("This contest does not take a supervising teacher."), "supervisor")
    supervisor = session.get(User, details.supervisor_id)
    if (
        supervisor is None
        or not supervisor.is_active
        or not supervisor.has_role(Role.TEACHER)
        or supervisor.unit_id != actor.unit_id
        or supervisor in authors
    ):
        raise InvalidInput(_l("The supervisor must be a teacher of the same unit who is not an author."), "supervisor")
    return supervisor.id


def next_code(session: DbSession, contest: Contest) -> str:
    """A new neutral code of the contest's kind, e.g. ``EL-7KQ3M``: its prefix and ``CODE_LENGTH`` characters
    drawn at random (``secrets``) from ``CODE_ALPHABET``, unused by any entry. Random, like the blind numbers
    (số phách) a marking board draws, rather than a sequence: entries that a school entered one after another would
    have had neighbouring numbers, and a number told the judges when an entry came in and how many came before."""
    prefix = KINDS[contest.kind].code_prefix
    while True:
        code = f"{prefix}-{''.join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))}"
        if not session.scalar(select(exists().where(Entry.code == code))):
            return code


def _set_authors(entry: Entry, contest: Contest, authors: list[User]) -> None:
    keep = {a.user_id: a for a in entry.authors}
    entry.authors = [keep.get(u.id) or EntryAuthor(contest_id=contest.id, user_id=u.id, user=u) for u in authors]
    for position, author in enumerate(entry.authors):
        author.position = position


def _flush(session: DbSession) -> None:
    try:
        session.flush()
    except IntegrityError:  # a concurrent entry took an author (or the code) first
        session.rollback()
        raise InvalidInput(_l("Someone in this entry has just become an author of another entry.")) from None


def create_entry(
    session: DbSession, actor: User, contest: Contest, details: EntryDetails, now: datetime | None = None
) -> Entry:
    """A new entry of ``contest`` by ``actor`` and the co-authors chosen, during the submission window.

    Refuses (``InvalidInput``, nothing written) outside the window, for a missing title or required licence, a team
    over ``Contest.max_team_size``, co-authors of another unit or already in another entry of the contest, a
    supervisor where none is allowed, an actor or co-author of a unit a school's or district's own round does not
    take; ``NotAllowed`` when ``actor`` cannot enter the contest otherwise.
    """
    if not within_reach(contest, actor.unit):
        raise InvalidInput(out_of_reach(contest, actor.full_name))
    if not can_enter(contest, actor):
        raise NotAllowed()
    require_open(session, actor, contest, now)
    details = _clean(details, settings_for(session, contest).licence_required)
    if own_entry(session, contest, actor) is not None:
        raise InvalidInput(_l("You are already an author of an entry in this contest."))
    authors = _authors(session, contest, actor, details, None)
    category = _category(session, contest, details, authors)
    entry = Entry(
        contest_id=contest.id,
        category_id=category.id if category else None,
        code=next_code(session, contest),
        unit_id=actor.unit_id,
        title=details.title,
        subject=details.subject,
        level=details.level,
        field=details.field,
        description=details.description,
        licence=details.licence,
        supervisor_id=_supervisor(session, contest, actor, details, authors),
        created_by_id=actor.id,
    )
    _set_authors(entry, contest, authors)
    session.add(entry)
    _flush(session)
    audit.record(
        session,
        "entry.create",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"contest": contest.id, "code": entry.code, "authors": [a.id for a in authors]},
    )
    return entry


def update_entry(
    session: DbSession, actor: User, entry: Entry, details: EntryDetails, now: datetime | None = None
) -> None:
    """Change an entry's details until the deadline, with the same checks as ``create_entry``; ``actor`` is one of
    its authors or an organiser of its contest (``NotAllowed`` otherwise).

    ``details.coauthor_ids`` are the authors other than the entry's creator, who stays its first author. Only those
    who ``may_change_authors`` change them; for anyone else they must name the current authors (``InvalidInput``,
    nothing changed, otherwise)."""
    contest = entry.contest
    if not is_author(entry, actor) and not is_staff(actor, contest):
        raise NotAllowed()
    require_open(session, actor, contest, now)
    details = _clean(details, settings_for(session, contest).licence_required)
    entrant = entry.created_by
    if may_change_authors(actor, entry):
        authors = _authors(session, contest, entrant, details, entry)
    else:
        authors = [a.user for a in entry.authors]
        if set(details.coauthor_ids) - {entrant.id} != {a.id for a in authors} - {entrant.id}:
            raise InvalidInput(
                _l("Only the author who created the entry, or the contest's organisers, can change its authors."),
                "authors",
            )
    category = _category(session, contest, details, authors)
    supervisor_id = _supervisor(session, contest, entrant, details, authors)
    entry.title, entry.subject, entry.level = details.title, details.subject, details.level
    entry.field, entry.description, entry.licence = details.field, details.description, details.licence
    entry.category_id = category.id if category else None
    entry.supervisor_id = supervisor_id
    _set_authors(entry, contest, authors)
    _flush(session)
    audit.record(
        session,
        "entry.update",
        actor_id=actor.id,
        object_type="entry",
        object_id=entry.id,
        data={"authors": [a.id for a in authors]},
    )
