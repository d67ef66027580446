"""The application factory: ``create_app`` builds the web application (its extensions, blueprints, error pages and
commands); ``app.create_app`` imports this module only when an application is wanted."""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, jsonify, render_template, request, session
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from submissions.store import StoreDenied, StoreFull, StoreUnavailable

from . import config as config_module
from . import (
    input_checks,
    lost_connections,
    page_frame,
    pool_checks,
    rate_limits,
    read_only_ends,
    sqlite_connections,
    static_assets,
)
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .security_headers import DEFAULT_POLICY, HSTS
from .services.errors import NotAllowed, NotFound
from .services.unique_rows import SIMULTANEOUS
from .storage import STORE_DOWN, STORE_FULL, STORE_REFUSES
from .timeutil import format_date, format_datetime, format_wait

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def select_locale() -> str:
    """The interface language: the one chosen with the switch, else Vietnamese."""
    lang = session.get("lang") if has_request_context() else None  # the command line speaks Vietnamese
    return lang if lang in ("vi", "en") else "vi"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The application, configured from the environment, then from ``config`` (tests pass overrides)."""
    instance = os.environ.get("HOITHI_INSTANCE_DIR")
    # named for the package, as before this module was split from it: templates, static files, the instance folder
    app = Flask("app", instance_path=instance, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)

    trust_proxies(app, int(app.config.get("PROXIES") or 0))
    input_checks.init_app(app)
    pool_checks.init_app(app)
    db.init_app(app)
    read_only_ends.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            sqlite_connections.configure(engine)
            pool_checks.configure(engine)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Ho_Chi_Minh")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    from . import models  # noqa: F401  (register the tables)
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .api.tokens_views import bp as tokens_bp
    from .auth import bp as auth_bp
    from .contests import bp as contests_bp
    from .entries import bp as entries_bp
    from .home import bp as home_bp
    from .people import bp as people_bp
    from .programming import bp as programming_bp
    from .proposals import bp as proposals_bp
    from .quizzes import bp as quizzes_bp
    from .results import bp as results_bp
    from .results.verification import bp as certificates_bp
    from .reviews import bp as reviews_bp
    from .services.contests import data_versions  # noqa: F401  (raise contests' data versions on every flush)

    _remember_rows_per_request(app)  # before the blueprints' hooks: the password guard's user load keeps rows
    for bp in (auth_bp, contests_bp, entries_bp, people_bp, admin_bp, programming_bp, api_bp, tokens_bp, proposals_bp):
        app.register_blueprint(bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(quizzes_bp)

    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["dt"] = format_datetime
    app.jinja_env.filters["d"] = format_date
    from .services import labels, number_text
    from .services.programming import package_faults

    app.jinja_env.filters["score"] = number_text.for_reader
    app.jinja_env.filters["submission_status"] = labels.submission_status
    app.jinja_env.filters["verdict"] = labels.verdict
    app.jinja_env.filters["checker"] = labels.checker
    app.jinja_env.filters["worker_state"] = labels.worker_state
    app.jinja_env.filters["audit_action"] = labels.audit_action
    app.jinja_env.filters["reason"] = labels.reason
    app.jinja_env.filters["format_name"] = labels.format_name
    app.jinja_env.filters["skipped_reason"] = package_faults.stored_reason
    app.jinja_env.globals["audit_object"] = labels.audit_object
    static_assets.init_app(app)  # before the frame is kept: its addresses carry their versions
    page_frame.init_app(app)
    _register_error_pages(app)
    _register_security_headers(app)
    _register_commands(app)
    rate_limits.skip_empty_check(app, limiter)
    logging.basicConfig(level=logging.INFO)
    return app


def trust_proxies(app: Flask, count: int) -> None:
    """Behind ``count`` reverse proxies, take the client's address, scheme and host from the headers the proxies set
    (werkzeug's ProxyFix, trusting exactly ``count`` hops); with 0 the headers are ignored, so that nobody can pose
    as another address by sending them."""
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]  # Flask's documented way to wrap its WSGI app


def _register_error_pages(app: Flask) -> None:
    messages = {
        400: _l("The request could not be understood."),
        403: _l("You are not allowed to do this."),
        404: _l("This page does not exist."),
        405: _l("This action is not allowed here."),
        413: _l("The file is too large."),
        429: _l("Too many attempts. Please wait a while and try again."),
        500: _l("Something went wrong on our side. The error has been logged."),
    }

    def render(code: int) -> Any:
        message = _too_many_message() if code == 429 else None
        message = message or str(messages[code])
        if request.path.startswith("/api/"):  # the API answers in JSON, even for routing errors
            return jsonify(error=message), code
        return render_template("error.html", code=code, message=message), code

    for code in messages:
        app.register_error_handler(code, lambda e, code=code: render(code))
    app.register_error_handler(NotAllowed, lambda e: render(403))
    app.register_error_handler(NotFound, lambda e: render(404))

    def simultaneous(error: IntegrityError) -> Any:
        # A constraint refused a write that a concurrent request made first: nothing of this request stays.
        db.session.rollback()
        app.logger.warning(
            "%s %s refused by a constraint (a concurrent request?): %s", request.method, request.path, error.orig
        )
        if request.path.startswith("/api/"):
            return jsonify(error=str(SIMULTANEOUS)), 409
        return render_template("error.html", code=409, message=SIMULTANEOUS), 409

    app.register_error_handler(IntegrityError, simultaneous)

    def store_fault(message: object, code: int = 503) -> Callable[[Exception], Any]:
        def answer(error: Exception) -> Any:
            db.session.rollback()
            app.logger.error("%s %s: %s", request.method, request.path, error)
            if request.path.startswith("/api/"):
                return jsonify(error=str(message)), code
            return render_template("error.html", code=code, message=message), code

        return answer

    # the store's server is down or unreachable (after botocore's retries): worth trying again later
    app.register_error_handler(StoreUnavailable, store_fault(STORE_DOWN))
    # the bucket refuses this host's keys: the operator's to mend (the logged error names the bucket and the request)
    app.register_error_handler(StoreDenied, store_fault(STORE_REFUSES))
    # the store's disk is full (any upload: a problem package, a sheet, an image): nothing stored, room to be made
    app.register_error_handler(StoreFull, store_fault(STORE_FULL, 507))
    lost_connections.init_app(app, render)
    app.register_error_handler(
        CSRFError,
        lambda e: (
            render_template(
                "error.html",
                code=400,
                message=_l("The form has expired. Please go back, reload it and try again."),
            ),
            400,
        ),
    )


def _too_many_message() -> str | None:
    """For a request over a rate limit, the truth about how long to wait (None when the limiter does not know)."""
    limit = limiter.current_limit
    if limit is None:
        return None
    seconds = max(1, math.ceil(limit.window[0] - time.time()))  # reset_at adds a second of its own
    return gettext("Too many attempts. Please try again in %(wait)s.", wait=format_wait(seconds))


def _register_security_headers(app: Flask) -> None:
    defaults = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", DEFAULT_POLICY),
    ]

    @app.after_request
    def headers(response: Response) -> Response:
        """Each of ``defaults`` the response does not set itself, ``HSTS`` over HTTPS, and ``no-store`` for a page
        (not a static file). The names present are read once: werkzeug's ``setdefault`` searched every header for
        each name (20 µs a request against 4 µs now, measured in process)."""
        present = {name.lower() for name, _value in response.headers.items()}
        missing = [(name, value) for name, value in defaults if name.lower() not in present]
        if app.config.get("HTTPS") and "strict-transport-security" not in present:
            missing.append(("Strict-Transport-Security", HSTS))
        if request.endpoint and request.endpoint != "static" and "cache-control" not in present:
            missing.append(("Cache-Control", "no-store"))
        response.headers.extend(missing)
        return response


def _remember_rows_per_request(app: Flask) -> None:
    """A request's database session keeps the rows that services read through ``services.session_memo`` (until it
    writes), so that a page asking several services for the same row loads it once."""
    from .services import session_memo

    app.before_request(lambda: session_memo.start(db.session))
    app.teardown_request(lambda error: session_memo.stop(db.session))


def _register_commands(app: Flask) -> None:
    from .commands import register

    register(app)
