"""Time: stored in UTC, shown in Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """The current time, naive UTC (the form every timestamp column stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(local: datetime) -> datetime:
    """A naive Asia/Ho_Chi_Minh wall-clock time (as typed in a form) as naive UTC."""
    return local.replace(tzinfo=VN).astimezone(UTC).replace(tzinfo=None)


def from_form(local: datetime) -> datetime:
    """A moment typed in a form (naive Asia/Ho_Chi_Minh wall-clock time) as naive UTC, to the minute: a form's
    times are shown dd/mm/yyyy HH:MM, so seconds a browser or a script sent are dropped, and the moment shown is
    the moment that holds. A closing time is the first moment nothing is accepted: "23:59" closes at 23:59:00,
    and a day given whole closes at 00:00 of the next (the forms say so beside the field)."""
    return to_utc(local.replace(second=0, microsecond=0))


def to_local(utc: datetime) -> datetime:
    """A naive UTC time as an aware Asia/Ho_Chi_Minh time."""
    return utc.replace(tzinfo=UTC).astimezone(VN)


def format_datetime(utc: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam's time; empty for None."""
    return to_local(utc).strftime("%d/%m/%Y %H:%M") if utc else ""


def format_day(utc: datetime | None) -> str:
    """The day of a UTC moment in Vietnam, dd/mm/yyyy; empty for None."""
    return to_local(utc).strftime("%d/%m/%Y") if utc else ""


def format_date(value: date | None) -> str:
    """dd/mm/yyyy; empty for None."""
    return value.strftime("%d/%m/%Y") if value else ""


def today_local() -> date:
    """Today's date in Vietnam."""
    return datetime.now(VN).date()


def format_wait(seconds: int) -> str:
    """How long someone must wait, in the user's language, never shorter than the truth: "45 giây", "3 phút"."""
    from flask_babel import ngettext

    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", max(seconds, 1))
    minutes = -(-seconds // 60)
    if minutes < 60:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    hours, rest = divmod(minutes, 60)
    if not rest:
        return ngettext("%(num)d hour", "%(num)d hours", hours)
    return ngettext("%(num)d hour", "%(num)d hours", hours) + " " + ngettext("%(num)d minute", "%(num)d minutes", rest)
