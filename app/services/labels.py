"""The words shown for values the code keeps as codes (judging states, verdicts, checkers, workers' states, the
audit log's actions, objects and the system's own reasons, people's roles and accounts' states), in the reader's
language. One table per kind of value; pages never show a code raw. Proposals' values are in ``proposal_labels``.

The audit log stores codes and, for the system's own acts, an English sentence that is also the message id of its
translation: old rows and new ones are shown through the same tables, so nothing stored needs rewriting.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from judge.problem import CheckerKind

from ..models import AccountStatus, Role, SubmissionStatus
from .proposals.proposal_labels import ACTION as PROPOSAL_ACTION

ROLE = {
    Role.STUDENT: _l("student"),
    Role.TEACHER: _l("teacher"),
    Role.COORDINATOR: _l("coordinator"),
    Role.JUDGE: _l("judge"),
    Role.ORGANISER: _l("organiser"),
    Role.REVIEWER: _l("Department reviewer"),
    Role.ADMIN: _l("administrator"),
}
"""A person's roles as the people pages and sheets say them (the import reads học sinh and giáo viên back)."""
ACCOUNT_STATUS = {
    AccountStatus.PENDING: _l("waiting for confirmation"),
    AccountStatus.ACTIVE: _l("active"),
    AccountStatus.DEACTIVATED: _l("deactivated"),
}
SUBMISSION_STATUS = {
    SubmissionStatus.QUEUED: _l("Waiting in the queue"),
    SubmissionStatus.COMPILING: _l("Compiling"),
    SubmissionStatus.RUNNING: _l("Running"),
    SubmissionStatus.DONE: _l("Judged"),
    SubmissionStatus.ERROR: _l("Judging error"),
}
VERDICT = {
    "AC": _l("Accepted"),
    "WA": _l("Wrong answer"),
    "TLE": _l("Time limit exceeded"),
    "MLE": _l("Memory limit exceeded"),
    "RE": _l("Runtime error"),
    "OLE": _l("Output limit exceeded"),
    "CE": _l("Compilation error"),
    "JE": _l("Judge error"),
}
# How a test run ended: the sandbox's run status, or CE / JE (app/services/programming/test_runs.py)
TEST_RUN_OUTCOME = {
    "OK": _l("Finished normally"),
    "TLE": _l("Time limit exceeded"),
    "MLE": _l("Memory limit exceeded"),
    "RE": _l("Runtime error"),
    "OLE": _l("Output limit exceeded"),
    "CE": _l("Compilation error"),
    "JE": _l("The judge could not run it: run it again later"),
}
CHECKER = {
    CheckerKind.TOKENS: _l("built in: compares the output word by word"),
    CheckerKind.KATTIS: _l("the package's own checker (Kattis)"),
    CheckerKind.TESTLIB: _l("the package's own checker (testlib)"),
    CheckerKind.THEMIS: _l("the package's own checker (Themis)"),
}
# A problem package's format and its statement's kind (``Problem.import_report``): names of formats, the same in
# every language.
FORMAT_NAME = {"kattis": "Kattis", "themis": "Themis", "md": "Markdown", "html": "HTML", "pdf": "PDF"}
# The states of an RQ worker.
WORKER_STATE = {
    "idle": _l("idle"),
    "busy": _l("grading"),
    "started": _l("starting"),
    "suspended": _l("suspended"),
}
AUDIT_ACTION: dict[str, LazyString] = {
    "announcement.post": _l("announcement posted"),
    "api_token.create": _l("API access key created"),
    "api_token.revoke": _l("API access key revoked"),
    "assignment.add": _l("entry assigned to a judge"),
    "assignment.remove": _l("judge's assignment removed"),
    "assignment.run": _l("entries assigned to judges"),
    "brand.add": _l("brand added to the list"),
    "brand.remove": _l("brand removed from the list"),
    "brand.update": _l("brand changed"),
    "clarification.answer": _l("question answered"),
    "company.register": _l("company account registered"),
    "company.active": _l("company account approved"),
    "company.pending": _l("company account waiting for approval"),
    "company.deactivated": _l("company account deactivated"),
    "conflict.declare": _l("conflict of interest declared"),
    "known_company.add": _l("company added to the list of known companies"),
    "known_company.remove": _l("company removed from the list of known companies"),
    "known_company.update": _l("known company changed"),
    "contest.create": _l("contest created"),
    "mail.send_again": _l("e-mail sent again"),
    "contest.update": _l("contest changed"),
    "entries.settings": _l("entry settings changed"),
    "entry.create": _l("entry created"),
    "entry.update": _l("entry changed"),
    "entry.file_add": _l("file added to an entry"),
    "entry.file_remove": _l("file removed from an entry"),
    "entry.reconcile.further_judge": _l("further judge asked for"),
    "entry.reconcile.head_decision": _l("head judge's decision"),
    "entry.disqualify": _l("entry disqualified"),
    "entry.reinstate": _l("disqualified entry reinstated"),
    "panel.add": _l("judge added to the panel"),
    "panel.remove": _l("judge removed from the panel"),
    "panel.head": _l("head judge named"),
    "panel.head_removed": _l("head judge role withdrawn"),
    "panel.category": _l("judge's category on the panel changed"),
    "person.create": _l("account created"),
    "person.update": _l("account changed"),
    "person.register": _l("student registered themselves"),
    "lab.issue": _l("lab package issued"),
    "lab.results": _l("lab round results imported"),
    "lab.withdraw": _l("lab package withdrawn"),
    "person.change_password": _l("password changed"),
    "person.reset_password": _l("password reset"),
    "person.reset_password_by_mail": _l("password reset by e-mail"),
    "person.active": _l("account activated"),
    "person.pending": _l("account waiting for confirmation"),
    "person.deactivated": _l("account deactivated"),
    "problem.add": _l("problem added"),
    "problem.update": _l("problem changed"),
    "problem.remove": _l("problem removed"),
    "programming.settings": _l("programming contest settings changed"),
    "programming.publish": _l("programming contest results published"),
    "programming.withdraw": _l("programming contest results withdrawn"),
    "programming.extra_time": _l("extra time given to a contestant"),
    "programming.disqualify": _l("contestant disqualified"),
    "programming.reinstate": _l("disqualified contestant reinstated"),
    "programming.themis_import": _l("Themis contest folder imported"),
    "registration.create": _l("registration made"),
    "registration.cancel": _l("registration cancelled"),
    "registration.move": _l("registration moved with its pupil to another school"),
    "report.create": _l("company contact reported"),
    "report.note": _l("note on a report"),
    "results.publish": _l("results published"),
    "section8.refused_text": _l("text refused under Section 8"),
    "section8.unapproved": _l("contest used before its proposal was approved"),
    "section8.published_before": _l("published text fails when screened again"),
    "section8.rescreen": _l("published texts screened again"),
    "section8.dealt": _l("Section 8 item dealt with"),
    "round.link": _l("next round named"),
    "round.nominate": _l("nominee moved on to the next round"),
    "round.withdraw": _l("nomination withdrawn"),
    "round.handoff": _l("hand-off export made"),
    "results.republish": _l("results published again"),
    "results.withdraw": _l("results withdrawn"),
    "results.award_rules": _l("award rules changed"),
    "review.settings": _l("judging settings changed"),
    "review.discrepancy": _l("reconciliation threshold changed"),
    "review.score_method": _l("score method changed"),
    "rubric.template": _l("rubric taken from a template"),
    "sheet.submit": _l("score sheet submitted"),
    "sheet.reopen": _l("score sheet reopened"),
    "submission.rejudge": _l("submission rejudged"),
    "problem.statement": _l("problem statement written or changed"),
    "quiz.import": _l("questions imported into a theory test's bank"),
    "quiz.question.add": _l("question added to a theory test's bank"),
    "quiz.question.change": _l("question of a theory test's bank corrected"),
    "quiz.question.remove": _l("question removed from a theory test's bank"),
    "quiz.question.image": _l("image of a theory test's question changed"),
    "quiz.settings": _l("theory test of a board set"),
    "problem.image": _l("image attached to a problem"),
    "problem.image.remove": _l("image removed from a problem"),
    "problem.package": _l("problem package replaced"),
    "unit.create": _l("unit added"),
    "unit.rename": _l("unit renamed"),
    "unit.move": _l("unit moved in the tree"),
    "unit.merge": _l("units merged"),
    "unit.deactivate": _l("unit deactivated"),
    "unit.reactivate": _l("unit reactivated"),
    **PROPOSAL_ACTION,
}
OBJECT_TYPE = {
    "api_token": _l("API access key"),
    "brand": _l("brand"),
    "contest": _l("contest"),
    "entry": _l("entry"),
    "known_company": _l("known company"),
    "mail": _l("e-mail"),
    "proposal": _l("proposal"),
    "registration": _l("registration"),
    "report": _l("report"),
    "rubric": _l("rubric"),
    "score_sheet": _l("score sheet"),
    "submission": _l("submission"),
    "problem": _l("problem"),
    "unit": _l("unit"),
    "user": _l("account"),
    "company": _l("company"),
}
# Reasons the system itself writes (in English, the message id), and what old rows hold.
SYSTEM_REASON = {
    "demo": _l("demo data"),
    "Screening found nothing under Section 8 and an education unit proposes it.": _l(
        "Screening found nothing under Section 8 and an education unit proposes it."
    ),
    "Flagged by screening or proposed from outside the education system: the Sở decides.": _l(
        "Flagged by screening or proposed from outside the education system: the Sở decides."
    ),
}


def _lookup(table: dict, value: object) -> str | None:
    for key, text in table.items():
        if key == value or str(key) == str(value):
            return str(text)
    return None


def submission_status(status: object, done: int = 0, total: int = 0) -> str:
    """A submission's state: 'Running test 3 of 10' while it runs."""
    if str(status) == SubmissionStatus.RUNNING.value and total:
        return str(_l("Running test %(k)s of %(n)s", k=done, n=total))
    return _lookup(SUBMISSION_STATUS, status) or str(status or "")


def verdict(code: str | None) -> str:
    """A verdict as its code and its meaning: 'WA · Wrong answer'."""
    if not code:
        return ""
    meaning = _lookup(VERDICT, code)
    return f"{code} · {meaning}" if meaning else code


def test_run_outcome(code: str | None) -> str:
    """How a test run ended, as its code and its meaning: 'TLE · Time limit exceeded' ('OK' alone is a word)."""
    meaning = _lookup(TEST_RUN_OUTCOME, code)
    if meaning is None:
        return code or ""
    return meaning if code in ("OK", "JE") else f"{code} · {meaning}"


def checker(kind: object) -> str:
    return _lookup(CHECKER, kind) or str(kind or "")


def format_name(code: str | None) -> str:
    """A package's format or its statement's kind by its name: 'Themis', 'Markdown'."""
    return FORMAT_NAME.get(code or "", code or "")


def worker_state(state: object) -> str:
    return _lookup(WORKER_STATE, state) or str(state or "")


def audit_action(action: str) -> str:
    """The action in words; an action without a label (one added later) is shown as the code it is."""
    return _lookup(AUDIT_ACTION, action) or action


def audit_object(object_type: str, object_id: int | None) -> str:
    name = _lookup(OBJECT_TYPE, object_type) or object_type
    return f"{name} #{object_id}" if object_id is not None else name


def reason(text: str | None) -> str:
    """A stored reason: the system's own sentences in the reader's language, what people typed as they typed it."""
    return _lookup(SYSTEM_REASON, (text or "").strip()) or (text or "")
