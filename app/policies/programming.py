"""Programming contests: who follows a contest's announcements and questions, who sees its scoreboard."""

from __future__ import annotations

from ..extensions import DbSession
from ..models import Contest, User
from ..services.programming.contestant import registration_of
from ..services.programming.judging_settings import settings_for
from .contests import is_staff


def may_follow(session: DbSession, contest: Contest, user: User) -> bool:
    """Whether ``user`` sees the contest's announcements and may ask: its staff and registered contestants."""
    return is_staff(user, contest) or registration_of(session, contest, user) is not None


def scoreboard_hidden(session: DbSession, contest: Contest, viewer_is_staff: bool) -> bool:
    """Whether the scoreboard is kept from this viewer: from everyone but staff while the results are not
    published, when the organisers keep it so (``scoreboard_public`` off)."""
    settings = settings_for(session, contest)
    return not viewer_is_staff and not settings.scoreboard_public and not settings.results_published
