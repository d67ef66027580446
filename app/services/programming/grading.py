"""Programming problems and submissions: importing packages, submitting, queueing for the judge."""

from __future__ import annotations

import codecs
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from redis import RedisError
from redis.client import Pipeline
from rq import Queue, Retry

from judge import scoring
from judge.package import LoadOptions, load_problem
from judge.problem import Problem as LoadedProblem
from sandbox.languages import LANGUAGES
from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import Problem, Submission, SubmissionStatus, job_id_for
from ...redis_guard import note_fallback
from ...timeutil import utcnow
from .. import number_text
from ..errors import InvalidInput
from . import live_status, scratch_projects
from .live_status import LiveStatus

MAX_SOURCE_BYTES = 64 * 1024
JOB_TIMEOUT_S = 30 * 60
JUDGE_RETRIES = 2
GRADING_JOB = "app.grading.jobs.grade_submission"
"""The grading job, by name: RQ imports it in the worker (importing it here would be a cycle)."""


def _zip_folder(folder: Path, out: Path) -> None:
    """A zip of ``folder`` whose bytes depend only on the files' names and contents (so its hash is stable)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(path.relative_to(folder.parent)), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def import_problem(
    session: DbSession,
    store: ContentStore,
    package: Path,
    *,
    code: str | None = None,
    options: LoadOptions | None = None,
    contest_id: int | None = None,
) -> Problem:
    """Check the package (raises ``judge.errors.ProblemError`` naming the file at fault, storing nothing),
    then keep its zip in the store and describe it in the database."""
    options = options or LoadOptions()
    loaded = load_problem(package, options)
    if package.is_dir():
        fd, tmp = tempfile.mkstemp(suffix=".zip")
        os.close(fd)
        try:
            _zip_folder(package, Path(tmp))
            digest = store.put_file(tmp)
        finally:
            os.unlink(tmp)
    else:
        digest = store.put_file(package)
    limits = loaded.limits()
    problem = Problem(
        code=(code or (package.stem if package.is_file() else package.name))[:40],
        title=loaded.title or loaded.name,
        package_format=loaded.format,
        package_hash=digest,
        time_limit_ms=limits.cpu_ms,
        memory_limit_kb=limits.memory_kb,
        test_count=len(loaded.tests),
        max_score=points_of(loaded),
        contest_id=contest_id,
    )
    session.add(problem)
    session.flush()
    return problem


def points_of(loaded: LoadedProblem) -> float:
    """What a package's tests are worth in all, as a problem keeps it (four places)."""
    return round(scoring.max_score(loaded.root), 4)


def check_points_kept(problem: Problem, loaded: LoadedProblem, label: str) -> None:
    """InvalidInput unless ``loaded``, a new package of ``problem``, is worth the problem's points: the points stay
    with a problem (its submissions were scored out of them, the scoreboard's column and caps use them), so a
    package whose own points add up to another total (a ``themis.yaml`` with per-test points, a Kattis package with
    scores of its own) would score the new gradings out of another total than the board shows."""
    new = points_of(loaded)
    if abs(new - problem.max_score) > 1e-6:
        raise InvalidInput(
            _l(
                "Problem %(label)s: the new package's tests are worth %(new)s points in all, the problem %(old)s. A "
                "problem keeps its points: make the tests add up to %(old)s, or add the package as a new problem.",
                label=label,
                new=number_text.for_reader(new),
                old=number_text.for_reader(problem.max_score),
            ),
            "package",
        )


def load_options(problem: Problem) -> LoadOptions:
    """The options that reproduce the problem as it was imported."""
    return LoadOptions(
        time_limit_s=problem.time_limit_ms / 1000,
        memory_limit_mib=max(1, problem.memory_limit_kb // 1024),
        total_points=problem.max_score,
    )


def create_submission(
    session: DbSession,
    problem: Problem,
    source: bytes,
    language: str,
    user_id: int | None = None,
    at: datetime | None = None,
) -> Submission:
    """A queued submission (not yet on the queue: call ``enqueue`` after the commit), made ``at`` (by default
    now): a contestant's is made the moment the window's check accepted it, whatever the time its row is written."""
    text = checked_source(source, language)
    submission = Submission(
        problem_id=problem.id,
        user_id=user_id,
        language=language,
        source=text,
        status=SubmissionStatus.QUEUED,
        created_at=at or utcnow(),
    )
    session.add(submission)
    session.flush()
    return submission


def checked_source(source: bytes, language: str) -> str:
    """The source as text, if the judge can take it in ``language``; ``InvalidInput`` saying why not (a language
    the judge does not know, an empty, over-long or binary source). A Scratch project is checked and kept as
    base64 text (``scratch_projects``). Submissions and test runs share it."""
    if language not in LANGUAGES:
        raise InvalidInput(_l("This language is not accepted."), "language")
    if scratch_projects.is_binary(language):
        return scratch_projects.stored_project(source)
    text = _source_text(source)
    if not text.strip():
        raise InvalidInput(_l("The source is empty."), "source")
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise InvalidInput(_l("The source is larger than %(kb)d KiB.", kb=MAX_SOURCE_BYTES // 1024), "source")
    return text


_MARKS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _source_text(source: bytes) -> str:
    """The text of a source file as Windows Notepad may save it: UTF-8 with or without a byte order mark, or UTF-16
    with its mark (Notepad's "Unicode"), the mark dropped (javac refuses it, and a compiler reads no UTF-16).
    ``InvalidInput`` for anything else: bytes that are no such text, or a NUL (a binary)."""
    if len(source) > 2 * MAX_SOURCE_BYTES + 2:  # not decoded at all: no text this long is accepted
        raise InvalidInput(_l("The source is larger than %(kb)d KiB.", kb=MAX_SOURCE_BYTES // 1024), "source")
    encoding, start = "utf-8", 0
    for mark, name in _MARKS:
        if source.startswith(mark):
            encoding, start = name, len(mark)
            break
    try:
        text = source[start:].decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(_l("The source is not a text file (UTF-8)."), "source") from None
    if "\x00" in text:
        raise InvalidInput(_l("The source is not a text file (UTF-8)."), "source")
    return text


def enqueue(queue: Queue, submission_id: int, pipeline: Pipeline | None = None) -> None:
    """Put a submission's grading job on the queue, by id only; retried only for the judge's own faults. With
    ``pipeline``, the job is written when the caller executes it."""
    queue.enqueue(
        GRADING_JOB,
        submission_id,
        job_id=job_id_for(submission_id),
        retry=Retry(max=JUDGE_RETRIES),
        job_timeout=JOB_TIMEOUT_S,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        pipeline=pipeline,
    )


def enqueue_or_leave_to_reconciler(queue: Queue, submission_id: int, live: LiveStatus | None = None) -> bool:
    """Put a stored (committed, queued) submission's job on the queue, with its ``live`` status (``live_status``)
    in the same round trip to Redis; when Redis cannot take it, the submission stays queued in the database and
    the workers' reconciler queues it once Redis answers. True when queued now."""
    try:
        with queue.connection.pipeline() as pipe:
            enqueue(queue, submission_id, pipe)  # first: RQ starts the pipeline's transaction
            if live is not None:
                live_status.publish(pipe, live)
            pipe.execute()
    except RedisError as error:
        note_fallback(f"queueing submission {submission_id}", error)
        return False
    return True
