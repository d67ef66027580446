"""Flask-Limiter's check before every request, left out where it has nothing to check.

hoithi's rate limits are all a view's own (``@limiter.limit`` on the registration, password reset and company
proposal forms): no default, application-wide, blueprint or meta limit. Flask-Limiter checks a view's own limits in its
decorator, when the view runs; the check it hooks before every request looks only for default, application and meta
limits (and a blueprint's), and found none on every page of the site (about 0.05 ms of CPU a request, a twentieth
of a contestant's live status poll). ``skip_empty_check`` takes that hook out while there are none; should such a
limit ever be configured, the hook stays and checks it as before.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.constants import ConfigVars

WIDE_LIMITS = (ConfigVars.DEFAULT_LIMITS, ConfigVars.APPLICATION_LIMITS, ConfigVars.META_LIMITS)
"""The settings of limits that the hook before every request checks (each view's own are its decorator's)."""


def skip_empty_check(app: Flask, limiter: Limiter) -> None:
    """Take ``limiter``'s check before every request off ``app`` when neither ``limiter`` nor ``app``'s
    configuration gives a default, application-wide, blueprint or meta limit: the views' own limits are checked as
    before, by their decorators. Called once the blueprints are registered."""
    if any(app.config.get(name) for name in WIDE_LIMITS):
        return
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or manager._blueprint_limits or limiter._meta_limits:
        return
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)
