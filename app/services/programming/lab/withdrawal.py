"""Withdrawing a lab package the province issued, before its results came back: a package lost on its way to the
lab, or one issued with the wrong contestants. The package keeps its row (who withdrew it, when, why), its seats are
freed so that its contestants can go into a new package, and its results bundle is refused from then on
(``bundle_import``). A package whose results were imported stays: its submissions are the contest's record.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from ....extensions import DbSession
from ....models import Contest, LabPackage, LabSeat, User
from ....policies.contests import is_staff
from ....timeutil import format_datetime, utcnow
from ...errors import InvalidInput, NotAllowed
from ...records import audit

MAX_REASON = 2000


def withdrawn_message(package: LabPackage) -> object:
    """Why ``package``'s results cannot come in: it was withdrawn (when, and the reason given)."""
    return _l(
        "This lab package was withdrawn on %(when)s (%(reason)s); its results cannot be imported.",
        when=format_datetime(package.withdrawn_at),
        reason=package.withdrawal_reason or "",
    )


def _refusal(package: LabPackage) -> InvalidInput:
    """Why ``package`` cannot be withdrawn now, once the conditional update found it taken."""
    if package.results_imported_at is not None:
        return InvalidInput(
            _l(
                "The results of this lab package were imported on %(when)s: it can no longer be withdrawn.",
                when=format_datetime(package.results_imported_at),
            )
        )
    return InvalidInput(
        _l("This lab package was already withdrawn on %(when)s.", when=format_datetime(package.withdrawn_at))
    )


def withdraw_package(
    session: DbSession, actor: User, contest: Contest, package_id: str, reason: str, now: datetime | None = None
) -> LabPackage:
    """Withdraw ``contest``'s lab package ``package_id`` for ``reason`` (flushed, not committed; audited
    ``lab.withdraw``): its contestants may go into another package, and its bundle will be refused. Raises
    ``NotAllowed`` unless ``actor`` is the contest's staff, and ``InvalidInput``, changing nothing, without a reason,
    for a package the contest did not issue, and for one already withdrawn or whose results were imported (also by
    a request at the same moment: the database settles which comes first)."""
    if not is_staff(actor, contest):
        raise NotAllowed
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_l("Give the reason for withdrawing the lab package."), "reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(_l("The reason is too long (at most %(n)d characters).", n=MAX_REASON), "reason")
    package = session.scalar(
        select(LabPackage).where(LabPackage.contest_id == contest.id, LabPackage.package_id == package_id.strip())
    )
    if package is None:
        raise InvalidInput(_l("This contest issued no lab package %(id)s.", id=package_id))
    withdrawn = session.execute(
        update(LabPackage)
        .where(
            LabPackage.id == package.id,
            LabPackage.results_imported_at.is_(None),
            LabPackage.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now or utcnow(), withdrawn_by_id=actor.id, withdrawal_reason=reason)
        .execution_options(synchronize_session=False)
    )
    session.refresh(package)
    if withdrawn.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        raise _refusal(package)
    freed = session.execute(delete(LabSeat).where(LabSeat.package_id == package.id))
    session.expire(package, ["seats"])
    audit.record(
        session,
        "lab.withdraw",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        reason=reason,
        data={"package": package.package_id, "contestants": freed.rowcount},  # type: ignore[attr-defined]
    )
    return package
