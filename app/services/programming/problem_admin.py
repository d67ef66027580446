"""The problems of a programming contest from the organisers' side: importing a package (with its statement
and a check of its reference solutions), changing a problem's label, category and order, removing it. What
contestants are shown of a problem is ``problem_display``'s."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from judge.errors import ProblemError
from judge.faults import FaultCode, fault
from judge.package import MAX_ZIP_ENTRIES, LoadOptions, cache_folder, load_problem
from judge.problem import Problem as LoadedProblem
from judge.statement import find_statement
from submissions.archive import UnreadableArchive, declared_extent
from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import Contest, ContestProblem, Problem, Submission, User
from ..errors import InvalidInput
from ..records import audit
from . import grading, problem_screening
from .import_report import import_report
from .package_faults import fault_message
from .problem_codes import CODE, plain_code

MAX_PACKAGE_BYTES = 50 * 1024 * 1024
_MAX_DIRECTORY_RECORD = 46 + 1024  # a central directory record's fixed part and a long name
LABEL = re.compile(r"^[A-Za-z0-9_-]{1,10}$")


@dataclass(frozen=True)
class ProblemUpload:
    """What an organiser gives with a package; limits and points of ``None`` mean the package's own."""

    label: str
    filename: str
    code: str = ""
    title: str = ""
    category_id: int | None = None
    time_limit_s: float | None = None
    memory_limit_mib: int | None = None
    total_points: float | None = None


def _check_label(session: DbSession, contest: Contest, label: str, keep: ContestProblem | None = None) -> str:
    label = label.strip()
    if not LABEL.match(label):
        raise InvalidInput(_l("A label is 1 to 10 letters, digits, '-' or '_'."), "label")
    taken = session.scalar(
        select(ContestProblem.id).where(ContestProblem.contest_id == contest.id, ContestProblem.label == label)
    )
    if taken is not None and (keep is None or taken != keep.id):
        raise InvalidInput(_l("Another problem of this contest has the label %(label)s.", label=label), "label")
    return label


def problem_code(typed: str, name: str, fallback: str) -> str:
    """The code ``typed``, refused unless a plain name (``CODE``); else ``name`` (the package's, without folders
    and extension) without diacritics and other signs (``Bài thi 1`` is ``Baithi1``), or ``fallback`` when nothing
    is left of it."""
    typed = typed.strip()
    if typed:
        if not CODE.match(typed):
            raise InvalidInput(
                _l("A code is 1 to 40 letters, digits, '-' or '_': it names the task's files in a Themis folder."),
                "code",
            )
        return typed
    return plain_code(name, fallback)


def _check_category(contest: Contest, category_id: int | None) -> int | None:
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise InvalidInput(_l("Choose one of the contest's categories."), "category")
    return category_id


EXPECTED = _l(
    "Upload a Kattis package (problem.yaml and data/) or a Themis task (one folder per test, holding TASK.INP and "
    "TASK.OUT)."
)


def _holds_no_files(package: Path) -> bool:
    """Whether ``package`` is a zip without a single file (an empty one, or folders only)."""
    if not zipfile.is_zipfile(package):
        return False
    with zipfile.ZipFile(package) as archive:
        return not any(not info.is_dir() for info in archive.infolist())


def _tidy(message: str, package: Path, filename: str) -> str:
    """A path the judge named without the server's temporary folders: as the organiser's zip names it."""
    message = re.sub(re.escape(str(cache_folder())) + r"/[0-9a-f]{64}/?", "", message)
    return message.replace(str(package), filename)


def add_problem(
    session: DbSession,
    store: ContentStore,
    sandbox: str,
    contest: Contest,
    actor: User,
    package: Path,
    upload: ProblemUpload,
) -> ContestProblem:
    """Import the package at ``package`` into ``contest`` under ``upload.label``, with its statement and an
    import report (``Problem.import_report``, see ``import_report``). A malformed package raises InvalidInput
    naming the problem and the fault, storing nothing (no rows, no files); so does a title or a statement that
    Section 8 holds for the Sở (``problem_screening``). Flushes; the caller commits."""
    label = _check_label(session, contest, upload.label)
    category_id = _check_category(contest, upload.category_id)
    code = problem_code(upload.code, PurePosixPath(upload.filename.replace("\\", "/")).stem, label)
    options = LoadOptions(
        time_limit_s=upload.time_limit_s,
        memory_limit_mib=upload.memory_limit_mib,
        total_points=upload.total_points or LoadOptions.total_points,
    )
    loaded, statement = _load(package, options, label, upload.filename)
    problem_screening.check(session, actor, contest, upload.title.strip() or loaded.title or loaded.name, statement)
    problem = grading.import_problem(session, store, package, code=code, options=options, contest_id=contest.id)
    if upload.title.strip():
        problem.title = upload.title.strip()[:200]
    _keep_package_statement(store, problem, statement)
    report = import_report(loaded, problem.statement_kind, sandbox)
    problem.import_report = report
    problem.time_limit_ms = report["time_limit_ms"]  # derived from the package's submissions
    position = (
        session.scalar(
            select(func.coalesce(func.max(ContestProblem.position), 0)).where(ContestProblem.contest_id == contest.id)
        )
        or 0  # never None: coalesce
    )
    contest_problem = ContestProblem(
        contest_id=contest.id, problem_id=problem.id, label=label, category_id=category_id, position=position + 1
    )
    session.add(contest_problem)
    session.flush()
    audit.record(
        session,
        "problem.add",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": problem.id, "label": label, "package": problem.package_hash},
    )
    return contest_problem


def _check_entry_count(package: Path, label: str, filename: str) -> None:
    """InvalidInput when the zip declares more entries than the judge unpacks, found before ``zipfile`` (here or in
    the judge) builds an object for each: a 50 MB zip holds some 600,000 empty entries, which cost ``zipfile``
    seconds of CPU and some 350 MB each time it opens the zip. A folder (the demo's problems) has no count."""
    if not package.is_file():
        return
    with package.open("rb") as f:
        try:
            entries, directory_size = declared_extent(f)
        except UnreadableArchive:
            return  # not a zip: the loader says so in its words
    if entries > MAX_ZIP_ENTRIES or directory_size > MAX_ZIP_ENTRIES * _MAX_DIRECTORY_RECORD:
        found = fault(FaultCode.ZIP_TOO_MANY_ENTRIES, package, count=entries, limit=MAX_ZIP_ENTRIES)
        reason = fault_message(found, lambda path: _tidy(path, package, filename))
        raise InvalidInput(
            _l("Problem %(label)s: the package cannot be used: %(reason)s", label=label, reason=reason), "package"
        )


def _load(
    package: Path, options: LoadOptions, label: str, filename: str
) -> tuple[LoadedProblem, tuple[str, bytes] | None]:
    """The loaded package and its statement; InvalidInput naming the problem and the fault."""
    _check_entry_count(package, label, filename)
    if _holds_no_files(package):
        raise InvalidInput(
            _l("Problem %(label)s: the zip holds no files. %(expected)s", label=label, expected=EXPECTED), "package"
        )
    try:
        return load_problem(package, options), find_statement(package)
    except ProblemError as exc:
        if any(found.code is FaultCode.NOT_A_PACKAGE for found in exc.faults):
            raise InvalidInput(
                _l(
                    "Problem %(label)s: this zip is not a problem package. %(expected)s",
                    label=label,
                    expected=EXPECTED,
                ),
                "package",
            ) from None
        reasons = [fault_message(found, lambda path: _tidy(path, package, filename)) for found in exc.faults]
        raise InvalidInput(
            _l(
                "Problem %(label)s: the package cannot be used: %(reason)s",
                label=label,
                reason="; ".join(reasons),
            ),
            "package",
        ) from None


def _keep_package_statement(store: ContentStore, problem: Problem, statement: tuple[str, bytes] | None) -> None:
    """Describe the package's statement on the problem (a PDF goes into the store, text into the row)."""
    problem.statement_kind = problem.statement_hash = problem.statement_text = None
    if statement is None:
        return
    kind, data = statement
    problem.statement_kind = kind
    if kind == "pdf":
        problem.statement_hash = store.put_bytes(data)
    else:
        problem.statement_text = data.decode("utf-8")


def replace_package(
    session: DbSession,
    store: ContentStore,
    sandbox: str,
    contest: Contest,
    actor: User,
    contest_problem: ContestProblem,
    package: Path,
    filename: str,
    *,
    use_package_statement: bool = False,
) -> None:
    """Put a new package under an existing problem: its tests, checker, limits and statement replace the old package's;
    the points stay (a package worth another total is refused: ``grading.check_points_kept``). A statement written in
    the editor stays too (it is what contestants see), unless ``use_package_statement``. Submissions keep their
    results until the problem is rejudged. A malformed package, or one whose statement Section 8 holds for the Sở,
    raises InvalidInput, changing nothing. Flushes; the caller commits."""
    problem = contest_problem.problem
    options = LoadOptions(total_points=problem.max_score)
    loaded, statement = _load(package, options, contest_problem.label, filename)
    grading.check_points_kept(problem, loaded, contest_problem.label)
    problem_screening.check(session, actor, contest, "", statement)
    limits = loaded.limits()
    problem.package_hash = store.put_file(package)
    problem.package_format = loaded.format
    problem.memory_limit_kb = limits.memory_kb
    problem.test_count = len(loaded.tests)
    _keep_package_statement(store, problem, statement)
    if use_package_statement:
        problem.statement_vi = problem.statement_en = None
    report = import_report(loaded, problem.statement_kind, sandbox)
    problem.import_report = report
    problem.time_limit_ms = report["time_limit_ms"]
    session.flush()
    audit.record(
        session,
        "problem.package",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={
            "problem": problem.id,
            "label": contest_problem.label,
            "package": problem.package_hash,
            "statement": "package" if not problem.has_edited_statement else "edited",
        },
    )


def update_problem(
    session: DbSession,
    actor: User,
    contest: Contest,
    contest_problem: ContestProblem,
    *,
    label: str,
    category_id: int | None,
    position: int,
) -> None:
    """Change a problem's label, category (None: every category) and position in the contest."""
    contest_problem.label = _check_label(session, contest, label, keep=contest_problem)
    contest_problem.category_id = _check_category(contest, category_id)
    contest_problem.position = position
    audit.record(
        session,
        "problem.update",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": contest_problem.problem_id, "label": contest_problem.label, "position": position},
    )


def remove_problem(session: DbSession, actor: User, contest: Contest, contest_problem: ContestProblem) -> None:
    """Remove a problem from the contest (and the database) while nobody has submitted to it; InvalidInput
    afterwards. The package stays in the content store (other problems may share it)."""
    problem_id = contest_problem.problem_id
    if session.scalar(select(Submission.id).where(Submission.problem_id == problem_id).limit(1)) is not None:
        raise InvalidInput(_l("This problem has submissions; it can no longer be removed."))
    label = contest_problem.label
    session.delete(contest_problem)
    problem = session.get(Problem, problem_id)
    if problem is not None:
        session.delete(problem)
    session.flush()
    audit.record(
        session,
        "problem.remove",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": problem_id, "label": label},
    )
