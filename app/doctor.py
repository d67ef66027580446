"""``hoithi doctor``: whether this host can play its part in a deployment. Each check says what it found in one
line; a failed check says what is wrong and where.

- database: it answers, and its schema is at the newest migration;
- Redis: it answers (the configured one, or the private one of a single machine, which, when it is not running, is
  started to see that it answers and stopped again);
- store: a probe object is looked up, written, read back verified and deleted; a refusal says which of these;
- sandbox: the configured backend works (for Docker: the engine answers and the runner image is present), and
  which languages it cannot judge here (Scratch without its runtime: the others are judged all the same);
- mail: the SMTP server accepts a connection (and the login), when one is configured;
- clock: this host's clock agrees with the database server's (workers on many hosts compare times through it);
- audit: the newest entries of the audit log verify with this host's key (``HOITHI_AUDIT_KEY``): a host with another
  key would sign entries that ``hoithi audit verify`` then reports as edited;
- static: the gzip copies of the static files, which nginx sends instead of them, give their files back
  (``app.static_gzip``): a stylesheet changed by hand on the web host and not compressed again would reach browsers
  as it was before.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import redis
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from sandbox.backends import get_backend
from sandbox.languages import LANGUAGES
from sandbox.session import SandboxError
from submissions.store import StoreDenied, StoreError

from . import static_gzip
from .extensions import db
from .redis_guard import printable_url
from .redis_server import RedisUnavailable, ensure_private_redis, ping, socket_path, stop_private_redis, url_for_socket
from .services.records import audit
from .storage import content_store

MAX_SKEW_SECONDS = 2.0
"""Heartbeats and windows are compared across hosts: more than this between clocks is a fault (run NTP)."""


@dataclass(frozen=True)
class Finding:
    """One check's outcome: ``ok``, and what was found (or what is wrong)."""

    name: str
    ok: bool
    detail: str


def database(app: Flask) -> Finding:
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        return Finding("database", False, f"cannot connect to {db.engine.url.render_as_string()}: {exc}")
    config = Config()
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    where = f"{db.engine.dialect.name} at {db.engine.url.render_as_string()}"
    if current != heads:
        have = ", ".join(sorted(current)) or "none"
        return Finding(
            "database", False, f"{where}: migrations at {have}, not {', '.join(sorted(heads))}: run 'hoithi db upgrade'"
        )
    return Finding("database", True, f"{where}, migrations at head ({', '.join(sorted(heads))})")


def redis_server(app: Flask) -> Finding:
    """The configured Redis answers; or, on one machine, the private Redis answers, or (``hoithi up`` stopped) it
    can be started: it is then stopped again, so that a check leaves no server running."""
    if not app.config["REDIS_URL"]:
        return _private_redis(Path(app.instance_path))
    url = str(app.config["REDIS_URL"])
    shown = printable_url(url)  # never the password
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError) as exc:
        return Finding("redis", False, f"{shown} (configured) does not answer: {exc}")
    return Finding("redis", True, f"{shown} (configured) answers")


def _private_redis(instance: Path) -> Finding:
    url = url_for_socket(socket_path(instance))
    if ping(url):
        return Finding("redis", True, f"{url} (private, this host only) answers")
    try:
        ensure_private_redis(instance)
    except (RedisUnavailable, OSError, subprocess.SubprocessError) as exc:
        return Finding("redis", False, f"{url} (private, this host only) is not running and cannot start: {exc}")
    stop_private_redis(instance)
    started = "is not running now; it starts and answers ('hoithi up' starts it)"
    return Finding("redis", True, f"{url} (private, this host only) {started}")


def store(app: Flask) -> Finding:
    target = content_store()
    where = target.describe()
    probe = f"hoithi doctor probe {os.uname().nodename} {time.time_ns()}".encode()
    step = "reads"  # what the store is asked, in the order asked: a refusal names it
    try:
        hashlib.sha256(probe).hexdigest() in target  # noqa: B015  # asked for the refusal it may give, not the answer
        step = "writes"
        digest = target.put_bytes(probe)
        step = "reads"
        back = target.read_bytes(digest)
        step = "deletes"
        target.delete(digest)
    except (StoreDenied, PermissionError) as exc:
        return Finding(
            "store",
            False,
            f"{where} refuses {step} with this host's keys: let them read, write and delete objects there ({exc})",
        )
    except (StoreError, OSError) as exc:
        return Finding("store", False, f"{where}: {exc}")
    if back != probe:
        return Finding("store", False, f"{where}: the probe read back differs")
    return Finding("store", True, f"{where}: a probe written, read back verified, deleted")


def sandbox(app: Flask) -> Finding:
    name = app.config["SANDBOX"]
    try:
        backend = get_backend(name)
    except SandboxError as exc:
        return Finding("sandbox", False, str(exc))
    works = f"{type(backend).__name__} works (setting {name!r})"
    unavailable = backend.unavailable()
    if not unavailable:
        return Finding("sandbox", True, f"{works}: every language can be judged")
    # a host may do without an optional runtime (Scratch's): the other languages are judged, so the check passes
    missing = "; ".join(f"{LANGUAGES[key].name} cannot be judged: {why}" for key, why in unavailable.items())
    return Finding("sandbox", True, f"{works}, but {missing}")


def mail(app: Flask) -> Finding:
    host = app.config["SMTP_HOST"]
    if not host:
        return Finding("mail", True, f"no SMTP server configured: messages are written to {app.config['MAIL_FOLDER']}")
    port = app.config["SMTP_PORT"]
    try:
        with smtplib.SMTP(host, port, timeout=app.config["SMTP_TIMEOUT"]) as server:
            server.ehlo()
            if app.config["SMTP_STARTTLS"]:
                server.starttls()
            if app.config["SMTP_USER"]:
                server.login(app.config["SMTP_USER"], app.config["SMTP_PASSWORD"])
    except (OSError, smtplib.SMTPException) as exc:
        return Finding("mail", False, f"SMTP {host}:{port}: {type(exc).__name__}: {exc}")
    return Finding("mail", True, f"SMTP {host}:{port} accepts a connection")


def clock(app: Flask) -> Finding:
    if db.engine.dialect.name == "sqlite":
        return Finding("clock", True, "the database is a file on this host: one clock")
    try:
        with db.engine.connect() as conn:
            before = time.time()
            server = conn.execute(text("SELECT CURRENT_TIMESTAMP")).scalar_one()
            after = time.time()
    except SQLAlchemyError as exc:
        return Finding("clock", False, f"cannot ask the database server the time: {exc}")
    here = datetime.fromtimestamp((before + after) / 2, UTC)
    skew = (here - server.astimezone(UTC)).total_seconds()
    detail = f"this host is {skew:+.2f} s from the database server (asked in {after - before:.3f} s)"
    if abs(skew) > MAX_SKEW_SECONDS + (after - before):
        return Finding("clock", False, f"{detail}: more than {MAX_SKEW_SECONDS:g} s; synchronise the clocks (NTP)")
    return Finding("clock", True, detail)


def audit_key(app: Flask) -> Finding:
    source = (
        "HOITHI_AUDIT_KEY"
        if os.environ.get("HOITHI_AUDIT_KEY")
        else f"the key generated in {Path(app.instance_path) / 'audit_key'}"
    )
    try:
        looked_at, foreign = audit.not_signed_with(db.session, app.config["AUDIT_KEY"])
    except SQLAlchemyError as exc:
        return Finding("audit", False, f"cannot read the audit log: {exc}")
    finally:
        db.session.remove()
    if foreign:
        ids = ", ".join(str(i) for i in foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        return Finding(
            "audit",
            False,
            f"{len(foreign)} of the newest {looked_at} entries (ids {ids}) do not verify with this host's key "
            f"({source}): give every host the same HOITHI_AUDIT_KEY, then run 'hoithi audit verify'",
        )
    if not looked_at:
        return Finding("audit", True, f"no entry yet; this host signs with {source}")
    return Finding("audit", True, f"the newest {looked_at} entries verify with this host's key ({source})")


def static_files(app: Flask) -> Finding:
    folder = Path(app.static_folder or static_gzip.STATIC)
    faults = static_gzip.stale(folder)
    if faults:
        more = f" (and {len(faults) - 1} more)" if len(faults) > 1 else ""
        fix = f"run 'python3 -m app.static_gzip' in {folder.parent.parent} (make static-gz)"
        return Finding("static", False, f"{faults[0]}{more}: nginx would send the old copy; {fix}")
    count = sum(1 for _ in static_gzip.compressible(folder))
    return Finding("static", True, f"{folder}: the {count} gzip copies give their files back")


CHECKS: dict[str, Callable[[Flask], Finding]] = {
    "database": database,
    "redis": redis_server,
    "store": store,
    "sandbox": sandbox,
    "mail": mail,
    "clock": clock,
    "audit": audit_key,
    "static": static_files,
}
"""In the order they run and are printed."""


def examine(app: Flask, names: list[str] | None = None) -> list[Finding]:
    """Run the checks ``names`` (default: all) inside ``app``'s context; a check that raises is a failed finding."""
    findings = []
    for name in names or list(CHECKS):
        try:
            findings.append(CHECKS[name](app))
        except Exception as exc:  # a fault of the check itself is reported as its failure, not a traceback
            findings.append(Finding(name, False, f"the check failed: {type(exc).__name__}: {exc}"))
    return findings
