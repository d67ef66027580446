"""The province's side of a lab round, coming back: a results bundle checked, then imported whole or not at all.

Checked, every problem named (not only the first): that it is a results bundle of a lab package this hoithi issued,
for the contest it is imported into, not withdrawn (``withdrawal``), not imported before; that its manifest carries
the package key's signature and every file has the manifest's hash; that every submission is of a contestant and a
problem the package carried, in a language the judge knows, made within the round's window as the province issued it
(not as the lab says), with the extra time the province gave the contestant, and that its source has the hash
recorded for it and is one the judge would take on the web (``grading.checked_source``). Only when nothing is wrong
are the submissions written, with the lab's verdicts, in the caller's one transaction, and the import audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from sandbox.languages import LANGUAGES
from submissions.archive import Archive

from ....extensions import DbSession
from ....models import (
    Contest,
    LabPackage,
    Registration,
    RegistrationMember,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from ....policies.contests import is_staff
from ....timeutil import format_datetime, utcnow
from ...errors import InvalidInput, NotAllowed
from ...records import audit
from ..grading import checked_source
from ..scratch_projects import MAX_PROJECT_BYTES, sent_as_text
from . import signing
from .results import RESULTS, RESULTS_FORMAT
from .withdrawal import withdrawn_message
from .zips import Refused, checked_files, opened, read_json, read_manifest

MAX_BUNDLE_BYTES = 256 * 1024 * 1024  # an upload on the web (the request's cap)
# a source as the bundle holds it: text, or a Scratch project in base64 (a third larger than the project)
MAX_SOURCE_BYTES = MAX_PROJECT_BYTES * 4 // 3 + 1024
WRITE_BATCH = 20
VERDICTS = frozenset({"AC", "WA", "TLE", "MLE", "RE", "OLE", "CE", "JE"})
REFUSED = _l("The results bundle was refused; nothing was imported.")


@dataclass(frozen=True)
class Imported:
    """A bundle imported: its package, how many submissions it brought and its fingerprint."""

    package: LabPackage
    submissions: int
    fingerprint: str


def _moment(value: object) -> datetime | None:
    """A timestamp of the bundle as naive UTC; None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _package(session: DbSession, contest: Contest, package_id: str) -> tuple[LabPackage, list[object]]:
    package = session.scalar(select(LabPackage).where(LabPackage.package_id == package_id))
    if package is None:
        raise Refused(REFUSED, [_l("This bundle does not answer any lab package this hoithi issued.")])
    problems: list[object] = []
    if package.contest_id != contest.id:
        other = session.get(Contest, package.contest_id)
        problems.append(
            _l(
                "This bundle holds the results of another contest (%(other)s), not of this one.",
                other=other.title if other else package.contest_id,
            )
        )
    if package.withdrawn_at is not None:
        problems.append(withdrawn_message(package))
    if package.results_imported_at is not None:
        problems.append(
            _l(
                "The results of this lab package were already imported on %(when)s.",
                when=format_datetime(package.results_imported_at),
            )
        )
    return package, problems + _results_in_from_elsewhere(session, package)


def _results_in_from_elsewhere(session: DbSession, package: LabPackage) -> list[object]:
    """The contestants of ``package`` whose results another package of its contest already brought (packages issued
    before overlapping ones were refused at export): nobody's results come in twice."""
    mine = {user_id: login for login, user_id in package.logins.items()}
    imported = session.scalars(
        select(LabPackage).where(
            LabPackage.contest_id == package.contest_id,
            LabPackage.id != package.id,
            LabPackage.results_imported_at.is_not(None),
        )
    )
    return [
        _l(
            "The results of %(login)s already came in with another lab package, imported on %(when)s.",
            login=mine[user_id],
            when=format_datetime(other.results_imported_at),
        )
        for other in imported
        for user_id in sorted(set(other.logins.values()) & set(mine))
        if other.results_imported_at is not None
    ]


_TEST_FIELDS = {"position": int, "name": str, "verdict": str, "time_ms": int, "memory_kb": int, "score": float}
MAX_COUNT = 2**31 - 1  # a database INTEGER


def _fits(value: object, kind: type) -> bool:
    """Whether ``value`` (from JSON) is a ``kind`` a column takes: a number (not a boolean) in an INTEGER's range
    for ``int``, any finite-size number for ``float``, a string for ``str``."""
    if kind is str:
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) and 0 <= value <= MAX_COUNT if kind is int else abs(value) <= 1e12


def _tests_described(tests: object) -> bool:
    return isinstance(tests, list) and all(
        isinstance(t, dict) and all(_fits(t.get(k), kind) for k, kind in _TEST_FIELDS.items()) for t in tests
    )


def _scores_described(item: dict[str, Any]) -> bool:
    """Whether the submission's score, maximum and subtask scores are numbers (or absent) and its tests described."""
    subtasks = item.get("subtask_scores")
    return (
        all(item.get(k) is None or _fits(item.get(k), float) for k in ("score", "max_score"))
        and (subtasks is None or (isinstance(subtasks, dict) and all(_fits(v, float) for v in subtasks.values())))
        and _tests_described(item.get("tests"))
    )


def _source(archive: Archive, item: object) -> bytes | None:
    """The source of submission ``item``, read from the archive now (one at a time: a bundle's sources are never
    all in memory); None when the bundle does not hold it under ``sources/`` or it is damaged or too large."""
    name = str(item.get("source_file")) if isinstance(item, dict) else ""
    if not name.startswith("sources/") or name not in archive.files:
        return None
    return archive.read(name, MAX_SOURCE_BYTES)


def _ends(session: DbSession, package: LabPackage) -> dict[str, datetime]:
    """When each login's window ends: the package's closing, and the extra minutes after it the province gave the
    contestant's registration (``extra_time``: given before the package was issued, the lab had it too; given at the
    lab, the province grants it here as well before importing, so that it stays the province's decision)."""
    extended: dict[int, datetime] = {
        user_id: package.closes_at + timedelta(minutes=minutes or 0)
        for user_id, minutes in session.execute(
            select(RegistrationMember.user_id, Registration.extra_minutes)
            .join(Registration, Registration.id == RegistrationMember.registration_id)
            .where(Registration.contest_id == package.contest_id, Registration.extra_minutes > 0)
        )
    }
    return {
        login: max(package.closes_at, extended.get(user_id) or package.closes_at)
        for login, user_id in package.logins.items()
    }


def _submission_problems(
    session: DbSession, package: LabPackage, ends: dict[str, datetime], item: object, source: bytes | None
) -> list[object]:
    """What is wrong with one submission of the bundle, ``source`` being its source as the bundle holds it; ``ends``:
    when each login's window closes (``_ends``)."""
    if not isinstance(item, dict):
        return [_l("A submission of the bundle is not described properly.")]
    n = item.get("number", "?")
    login, label = str(item.get("login")), str(item.get("label"))
    problems: list[object] = []
    if login not in package.logins:
        problems.append(_l("Submission %(n)s: the login %(login)s was not in the lab package.", n=n, login=login))
    elif session.get(User, package.logins[login]) is None:
        problems.append(_l("Submission %(n)s: the contestant %(login)s no longer exists here.", n=n, login=login))
    if label not in package.labels:
        problems.append(_l("Submission %(n)s: problem %(label)s was not in the lab package.", n=n, label=label))
    if item.get("language") not in LANGUAGES:
        problems.append(_l("Submission %(n)s: its language is not one the judge knows.", n=n))
    if item.get("verdict") is not None and item.get("verdict") not in VERDICTS:
        problems.append(_l("Submission %(n)s: its verdict is not one the judge gives.", n=n))
    if not _scores_described(item):
        problems.append(_l("Submission %(n)s: its score or its tests are not described properly.", n=n))
    submitted = _moment(item.get("submitted_at"))
    if submitted is None:
        problems.append(_l("Submission %(n)s: its time is missing.", n=n))
    elif submitted >= ends.get(login, package.closes_at):  # the window is [opens, closes), as on the web
        problems.append(
            _l(
                "Submission %(n)s (%(login)s, problem %(label)s) was made at %(when)s, after the round's end "
                "(%(end)s).",
                n=n,
                login=login,
                label=label,
                when=format_datetime(submitted),
                end=format_datetime(ends.get(login, package.closes_at)),
            )
        )
    elif submitted < package.opens_at:
        problems.append(
            _l(
                "Submission %(n)s (%(login)s, problem %(label)s) was made at %(when)s, before the round began "
                "(%(start)s).",
                n=n,
                login=login,
                label=label,
                when=format_datetime(submitted),
                start=format_datetime(package.opens_at),
            )
        )
    if source is None or signing.sha256(source) != item.get("source_sha256"):
        problems.append(_l("Submission %(n)s: its source does not match the hash recorded for it.", n=n))
    elif (why := _source_refusal(source, item.get("language"))) is not None:
        problems.append(_l("Submission %(n)s: %(why)s", n=n, why=why))
    return problems


def _source_refusal(source: bytes, language: object) -> object | None:
    """Why the judge would not take ``source`` (as the bundle keeps it: text, a Scratch project in base64) from a
    contestant on the web (``grading.checked_source``); None when it would, or when the language is unknown (named
    apart)."""
    if not isinstance(language, str) or language not in LANGUAGES:
        return None
    try:
        checked_source(sent_as_text(source.decode("utf-8"), language), language)
    except UnicodeDecodeError:
        return _l("The source is not a text file (UTF-8).")
    except InvalidInput as error:
        return error.message
    return None


def import_results(
    session: DbSession, actor: User, contest: Contest, path: Path, now: datetime | None = None
) -> Imported:
    """Check the results bundle at ``path`` against the lab package it answers and import its submissions into
    ``contest`` (flushed, not committed). Raises ``Refused`` naming every problem found, having written nothing,
    and ``NotAllowed`` unless ``actor`` is the contest's staff."""
    if not is_staff(actor, contest):
        raise NotAllowed
    digest = signing.file_sha256(path)
    with opened(path, _l("The results bundle")) as archive:
        found = read_manifest(archive, RESULTS_FORMAT)
        if found is None:
            raise Refused(REFUSED, [_l("This is not a results bundle of a lab round (its manifest is missing).")])
        raw, manifest = found
        package, problems = _package(session, contest, str(manifest.get("package_id")))
        signature = archive.read(signing.SIGNATURE, 1024) if signing.SIGNATURE in archive.files else None
        if signature is None or not signing.signed_by(package.public_key, raw, signature.decode("ascii", "replace")):
            problems.append(
                _l(
                    "The signature is wrong: the bundle was not signed with its lab package's key, or its manifest "
                    "was changed after signing."
                )
            )
        problems += checked_files(archive, manifest["files"])
        results = read_json(archive, RESULTS)
        if not isinstance(results, dict) or not isinstance(results.get("submissions"), list):
            raise Refused(REFUSED, [*problems, _l("The bundle's results.json is missing or unreadable.")])
        if results.get("package_id") != package.package_id:
            problems.append(_l("The bundle's results name another lab package than its manifest."))
        ends = _ends(session, package)
        for item in results["submissions"]:
            problems += _submission_problems(session, package, ends, item, _source(archive, item))
        if problems:
            raise Refused(REFUSED, problems)
        _write(session, package, archive, results["submissions"])
    _claim(session, package, digest, now or utcnow())
    audit.record(
        session,
        "lab.results",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"package": package.package_id, "sha256": digest, "submissions": len(results["submissions"])},
    )
    session.flush()
    return Imported(package, len(results["submissions"]), signing.fingerprint(digest))


def _claim(session: DbSession, package: LabPackage, digest: str, moment: datetime) -> None:
    """Mark ``package``'s results imported, unless another import did so or it was withdrawn since it was read: the
    database settles two uploads of one bundle at once, or an upload and a withdrawal (the loser's caller rolls its
    submissions back)."""
    claimed = session.execute(
        update(LabPackage)
        .where(
            LabPackage.id == package.id,
            LabPackage.results_imported_at.is_(None),
            LabPackage.withdrawn_at.is_(None),
        )
        .values(results_sha256=digest, results_imported_at=moment)
        .execution_options(synchronize_session=False)
    )
    session.refresh(package)
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
        if package.withdrawn_at is not None:
            raise Refused(REFUSED, [withdrawn_message(package)])
        raise Refused(REFUSED, [_l("The results of this lab package have just been imported by someone else.")])


def _write(session: DbSession, package: LabPackage, archive: Archive, items: list[dict[str, Any]]) -> None:
    """The checked submissions written ``WRITE_BATCH`` at a time, their sources read again from the bundle for each
    batch: inserted by SQL, not as ORM objects (whose cycles with their tests would linger until a full garbage
    collection), so that a batch's sources at most are held however many the bundle has."""
    for start in range(0, len(items), WRITE_BATCH):
        batch = items[start : start + WRITE_BATCH]
        ids = session.scalars(
            insert(Submission).returning(Submission.id, sort_by_parameter_order=True),
            [_columns(package, item, _source(archive, item) or b"") for item in batch],
        ).all()
        tests = [
            _test_columns(submission_id, t)
            for submission_id, item in zip(ids, batch, strict=True)
            for t in item["tests"]
        ]
        if tests:
            session.execute(insert(SubmissionTest), tests)


def _columns(package: LabPackage, item: dict[str, Any], source: bytes) -> dict[str, Any]:
    """The row of a checked submission of the bundle, with its ``source``."""
    submitted = _moment(item["submitted_at"])
    assert submitted is not None  # checked
    return {
        "problem_id": package.labels[item["label"]],
        "user_id": package.logins[item["login"]],
        "language": item["language"],
        "source": source.decode("utf-8", "replace"),
        "status": SubmissionStatus.ERROR
        if item.get("status") == SubmissionStatus.ERROR.value
        else SubmissionStatus.DONE,
        "verdict": item.get("verdict"),
        "score": item.get("score"),
        "max_score": item.get("max_score"),
        "subtask_scores": item.get("subtask_scores"),
        "compile_output": str(item.get("compile_output") or ""),
        "judge_log": f"lab package {package.package_id}",
        "attempt": 1,
        "worker": "lab",
        "created_at": submitted,
        "finished_at": _moment(item.get("finished_at")),
    }


def _test_columns(submission_id: int, test: dict[str, Any]) -> dict[str, Any]:
    return {
        "submission_id": submission_id,
        "position": int(test["position"]),
        "name": str(test["name"])[:200],
        "group": str(test.get("group") or "")[:200],
        "verdict": str(test["verdict"])[:3],
        "time_ms": int(test["time_ms"]),
        "memory_kb": int(test["memory_kb"]),
        "score": float(test["score"]),
    }
