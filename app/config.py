"""Settings from the environment (``HOITHI_*``), with defaults that run on one machine with nothing installed."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from .redis_guard import client_options

N = TypeVar("N", int, float)


def _secret_key(instance: Path) -> str:
    """The secret key: ``HOITHI_SECRET_KEY``, else one generated once into the instance folder."""
    if key := os.environ.get("HOITHI_SECRET_KEY"):
        return key
    return _generated(instance / "secret_key")


def _generated(path: Path) -> str:
    """The random key kept in ``path``, written there (readable by its owner only) the first time. Written whole
    beside it and linked into place, so a process starting at the same moment never reads half a key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            with contextlib.suppress(FileExistsError):  # another process made it first: theirs is kept
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def _audit_key(instance: Path) -> str:
    """The audit log's HMAC key: ``HOITHI_AUDIT_KEY``, else one generated once into the instance folder. Kept
    out of the database, so that whoever can write to the database cannot forge the chain."""
    if key := os.environ.get("HOITHI_AUDIT_KEY"):
        return key
    return _generated(instance / "audit_key")


class BadSetting(ValueError):
    """A setting in the environment that cannot be used; its message names the variable and what it must be."""


def _number(name: str, default: N, minimum: N | None = None) -> N:
    """The environment variable ``name`` read as a number of ``default``'s type (``default`` when unset or empty);
    ``BadSetting`` when it is not one, or is below ``minimum``."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    kind = type(default)
    try:
        value = kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise BadSetting(f"{name} must be {what}, not {text!r}") from None
    if minimum is not None and value < minimum:
        raise BadSetting(f"{name} must be at least {minimum}, not {text!r}")
    return value


def _public_url() -> str:
    """``HOITHI_PUBLIC_URL`` without its trailing slash; ``BadSetting`` when it is unset while mail goes out by SMTP:
    a link in an e-mail (a password reset) would then be built on the address the request named, which anyone can
    forge. Without SMTP, messages are files on this host, read by its administrator."""
    url = os.environ.get("HOITHI_PUBLIC_URL", "").strip().rstrip("/")
    if not url and os.environ.get("HOITHI_SMTP_HOST", "").strip():
        raise BadSetting(
            "HOITHI_PUBLIC_URL must be set when HOITHI_SMTP_HOST is: links in e-mails are built on the site's own "
            "address (https://hoithi.example.gov.vn), never on the one a request names"
        )
    return url


def from_environment(instance: Path) -> dict[str, Any]:
    """The configuration for an app whose instance folder is ``instance``."""
    env = os.environ.get
    https = env("HOITHI_HTTPS", "0") == "1"
    return {
        "SECRET_KEY": _secret_key(instance),
        "AUDIT_KEY": _audit_key(instance),
        # Checkpoints of the audit chain's head, appended after each audited commit (see app.services.records.audit).
        "AUDIT_CHECKPOINT_FILE": env("HOITHI_AUDIT_CHECKPOINT_FILE") or str(instance / "audit_checkpoints.jsonl"),
        "SQLALCHEMY_DATABASE_URI": env("HOITHI_DATABASE_URL") or f"sqlite:///{instance / 'hoithi.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # On PostgreSQL, the connections each process keeps open (app.pool_checks): at least its threads.
        "DATABASE_POOL_SIZE": _number("HOITHI_DATABASE_POOL_SIZE", 10, minimum=1),
        # None: hoithi starts a private Redis of its own when something needs one (see app.redis_server).
        "REDIS_URL": env("HOITHI_REDIS_URL"),
        "STORAGE_DIR": env("HOITHI_STORAGE_DIR") or str(instance / "storage"),
        # s3://bucket/prefix: the store in a bucket shared by every host (STORAGE_DIR then holds this host's
        # staging and a cache of STORAGE_CACHE_MB); empty: the store is the folder STORAGE_DIR.
        "STORAGE_URL": env("HOITHI_STORAGE_URL", ""),
        "S3_ENDPOINT": env("HOITHI_S3_ENDPOINT") or None,
        "S3_REGION": env("HOITHI_S3_REGION") or env("AWS_DEFAULT_REGION") or "us-east-1",
        "STORAGE_CACHE_MB": _number("HOITHI_STORAGE_CACHE_MB", 2048),
        "MAX_CONTENT_LENGTH": _number("HOITHI_MAX_UPLOAD_MB", 32) * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        # Served over HTTPS only (behind a proxy holding the certificate): cookies are marked Secure and every answer
        # tells the browser to come back by HTTPS alone (app.security_headers.HSTS).
        "HTTPS": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        # Login limits must be shared by every web process: Redis when one is configured.
        "RATELIMIT_STORAGE_URI": env("HOITHI_RATELIMIT_STORAGE")
        or (env("HOITHI_REDIS_URL") or "memory://").replace("unix://", "redis+unix://", 1),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis is an accelerator: when it does not answer, limits are counted in each process's memory (see
        # app.limit_storage) and the client gives up fast (see app.redis_guard).
        "RATELIMIT_STORAGE_OPTIONS": client_options(),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Login limits (app.services.people.login_limits): per account, failed attempts only, with a growing delay; per
        # address a generous cap of failed attempts an hour, since a school's whole lab shares one address.
        "LOGIN_FREE_FAILURES": _number("HOITHI_LOGIN_FREE_FAILURES", 5),
        "LOGIN_FIRST_DELAY_SECONDS": _number("HOITHI_LOGIN_FIRST_DELAY_SECONDS", 30),
        "LOGIN_MAX_DELAY_SECONDS": _number("HOITHI_LOGIN_MAX_DELAY_SECONDS", 900),
        "LOGIN_ADDRESS_FAILURES_PER_HOUR": _number("HOITHI_LOGIN_ADDRESS_FAILURES_PER_HOUR", 300),
        "REGISTER_RATE_LIMIT": env("HOITHI_REGISTER_RATE_LIMIT", "200 per hour"),
        # Behind reverse proxies: how many of them to trust for the client's address (X-Forwarded-For) and scheme.
        "PROXIES": _number("HOITHI_PROXIES", 0),
        # The address of the site as users reach it, for links in e-mails (else, mail being files on this host, the
        # address of the request).
        "PUBLIC_URL": _public_url(),
        "PASSWORD_RESET_MINUTES": _number("HOITHI_PASSWORD_RESET_MINUTES", 30),
        # How long a preview address (an e-lecture in its sandboxed frame) works; reloading the page makes a new one.
        # Temporary files of uploads (in the store's staging folder) older than this were left by a killed process:
        # judge workers delete them when they start and every hour, `hoithi storage sweep` on demand.
        "STALE_UPLOAD_HOURS": _number("HOITHI_STALE_UPLOAD_HOURS", 24.0),
        "PREVIEW_MINUTES": _number("HOITHI_PREVIEW_MINUTES", 20),
        "PEOPLE_PAGE_SIZE": 50,
        # Contestants' test runs (app.services.programming.test_runs.TestRunLimits): how many a minute each, the largest
        # input, how many of a contestant's runs in a contest are kept, and how many a problem's page lists.
        "TEST_RUNS_PER_MINUTE": _number("HOITHI_TEST_RUNS_PER_MINUTE", 3),
        "TEST_RUN_INPUT_KIB": _number("HOITHI_TEST_RUN_INPUT_KIB", 1024),
        "TEST_RUNS_KEPT": _number("HOITHI_TEST_RUNS_KEPT", 20),
        "TEST_RUNS_LISTED": _number("HOITHI_TEST_RUNS_LISTED", 10),
        # Two submissions of one contestant to one problem must be this many seconds apart (at least 1).
        "SUBMIT_INTERVAL_SECONDS": _number("HOITHI_SUBMIT_INTERVAL_SECONDS", 10),
        "SANDBOX": env("HOITHI_SANDBOX", "auto"),
        # A grader that sent no heartbeat (one per test) for this long is presumed dead.
        "JUDGE_STALE_SECONDS": _number("HOITHI_JUDGE_STALE_SECONDS", 120.0),
        "JUDGE_RECONCILE_SECONDS": _number("HOITHI_JUDGE_RECONCILE_SECONDS", 30.0),
        # Workers and the programs they run take the CPU the web server leaves (lowest priority): grading a contest's
        # burst of submissions must not slow the pages. A test starved past its wall-clock cap is run again.
        "JUDGE_NICE": _number("HOITHI_JUDGE_NICE", 19),
        # Submissions a worker grades at once (one process per slot, each on its own core); default: the cores.
        "JUDGE_CONCURRENCY": _number("HOITHI_JUDGE_CONCURRENCY", 0) or len(os.sched_getaffinity(0)),
        # Warm sandboxes a worker slot keeps ready (started ahead of need, each used by one submission only).
        "SANDBOX_POOL": _number("HOITHI_SANDBOX_POOL", 2),
        # E-mail: SMTP when HOITHI_SMTP_HOST is set, else each message is written as an .eml into MAIL_FOLDER.
        "SMTP_HOST": env("HOITHI_SMTP_HOST", ""),
        "SMTP_PORT": _number("HOITHI_SMTP_PORT", 587),
        "SMTP_USER": env("HOITHI_SMTP_USER", ""),
        "SMTP_PASSWORD": env("HOITHI_SMTP_PASSWORD", ""),
        "SMTP_FROM": env("HOITHI_SMTP_FROM", "hoithi@localhost"),
        "SMTP_STARTTLS": env("HOITHI_SMTP_STARTTLS", "1") == "1",
        # Seconds for each exchange with the SMTP server: a server that accepts and never answers fails fast.
        "SMTP_TIMEOUT": _number("HOITHI_SMTP_TIMEOUT", 10.0),
        # Mail is sent after commit by a job on the 'mail' queue; False runs that job at once in the committing
        # process (the tests' setting: the same job, without a worker).
        "MAIL_QUEUE_ASYNC": True,
        "MAIL_FOLDER": env("HOITHI_MAIL_FOLDER") or str(instance / "mail"),
        # How dear a password hash is (app.services.people.passwords.HASHERS): never taken from the environment, so
        # that no site can lower it; only the tests' app sets "minimal".
        "PASSWORD_HASH_COST": "strong",
    }
