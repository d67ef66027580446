"""The login limits (``services.people.login_limits``) as the web uses them: built from the app's ``LOGIN_*``
settings over the rate limiter's storage, and their messages. Every form that checks a password someone types
counts its failures here: the login, changing one's password, creating an API token."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from ..extensions import limiter
from ..limit_storage import counters
from ..services.people.login_limits import LoginLimits, Policy, Refusal
from ..timeutil import format_wait


def login_limits() -> LoginLimits:
    """The login limits of this app."""
    config = current_app.config
    policy = Policy(
        free_failures=config["LOGIN_FREE_FAILURES"],
        first_delay_seconds=config["LOGIN_FIRST_DELAY_SECONDS"],
        max_delay_seconds=config["LOGIN_MAX_DELAY_SECONDS"],
        address_failures_per_hour=config["LOGIN_ADDRESS_FAILURES_PER_HOUR"],
    )
    return LoginLimits(counters(current_app, limiter.storage), policy)


def wait_after_failures(delay: int) -> str:
    """What a wrong password that made the account wait says after its own message."""
    return _("After several wrong passwords, this account can try again in %(wait)s.", wait=format_wait(delay))


def refusal_message(refusal: Refusal) -> str:
    """Why an attempt was refused before its password was checked, and for how long more."""
    if refusal.reason == "account":
        return _(
            "Too many wrong passwords for this account. Try again in %(wait)s.", wait=format_wait(refusal.wait_seconds)
        )
    return _("Too many failed logins from your network. Try again in %(wait)s.", wait=format_wait(refusal.wait_seconds))
