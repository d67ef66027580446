"""A problem package's faults (``judge.faults``) in the user's language.

The judge says what is wrong with a package in English, under a stable code with its values; this table says it in
the interface's language. Every code of ``judge.faults.FaultCode`` has its message here (a test holds it), so a new
fault cannot reach an organiser in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from judge.faults import Fault, FaultCode
from judge.faults import FaultCode as F

MESSAGES: Mapping[FaultCode, Any] = {
    F.NO_SUCH_PATH: _l("no such file or folder"),
    F.NOT_A_PACKAGE: _l(
        "not a problem package: expected a Kattis package (problem.yaml, data/) or a Themis task (test "
        "folders holding TASK.INP and TASK.OUT)"
    ),
    F.ZIP_UNREADABLE: _l("not a readable zip file (%(detail)s)"),
    F.ZIP_TOO_MANY_ENTRIES: _l("%(count)s entries in the zip, more than %(limit)s"),
    F.ZIP_TOO_LARGE: _l("too large once unpacked (over %(mib)s MiB)"),
    F.ZIP_MEMBER_UNPACKABLE: _l("%(name)s cannot be unpacked: %(detail)s"),
    F.ZIP_MEMBER_DAMAGED: _l("%(name)s is damaged (%(detail)s)"),
    F.ZIP_UNSAFE_PATH: _l("unsafe path %(name)s in the zip (absolute, or leading outside it)"),
    F.ZIP_SYMLINK: _l("%(name)s is a symbolic link; links are not allowed in packages"),
    F.ZIP_ENCRYPTED: _l("%(name)s is encrypted"),
    F.STATEMENT_TOO_LARGE: _l("the statement is larger than %(mib)s MiB"),
    F.STATEMENT_NOT_PDF: _l("not a PDF file"),
    F.STATEMENT_NOT_UTF8: _l("the statement is not UTF-8 text"),
    F.SOURCE_TOO_LARGE: _l("%(size)s bytes, over the %(kib)s KiB limit for a source file"),
    F.SOURCE_BINARY: _l("a binary file where a source file was expected"),
    F.CHECKER_NO_SOURCE: _l("no checker source found (expected one file ending in %(known)s)"),
    F.CHECKER_SEVERAL_SOURCES: _l("several checker sources (%(names)s); only one file is supported"),
    F.CHECKER_TOO_LARGE: _l("over %(kib)s KiB with the headers it includes"),
    F.CHECKER_HEADER_MISSING: _l(
        "includes %(header)s, which is not beside it: add the %(header)s it was written with (or the latest, from "
        "github.com/MikeMirzayanov/testlib) to the folder"
    ),
    F.FLAG_NEEDS_NUMBER: _l("the checker option %(flag)s needs a number after it"),
    F.FLAG_NEGATIVE: _l("the checker option %(flag)s must not be negative"),
    F.FLAG_UNKNOWN: _l("unknown checker option %(flag)s"),
    F.YAML_UNREADABLE: _l("the YAML cannot be read: %(detail)s"),
    F.YAML_NOT_MAPPING: _l("expected settings as keys and values, found %(found)s"),
    F.YAML_NOT_WORDS: _l("%(key)s must be a string or a list of strings"),
    F.YAML_NOT_NON_NEGATIVE: _l("%(key)s must be a number not below zero, not %(value)s"),
    F.YAML_NOT_POSITIVE: _l("%(key)s must be a number above zero, not %(value)s"),
    F.YAML_BELOW_LEAST: _l("%(key)s must be a number of at least %(least)s, not %(value)s"),
    F.YAML_KEY_NOT_MAPPING: _l("%(key)s must hold keys and values"),
    F.KATTIS_SCORE_VALIDATOR: _l("output validators that give scores (validation: custom score) are not supported yet"),
    F.KATTIS_LIMITS_NOT_MAPPING: _l("'limits' must hold keys and values"),
    F.KATTIS_INTERACTIVE_NEEDS_VALIDATOR: _l("interactive and multi-pass problems need a custom output validator"),
    F.KATTIS_VALIDATION_PASSES: _l("limits.validation_passes must be a whole number of at least 2"),
    F.KATTIS_SCRATCH_OUTPUT: _l(
        "'scratch' must be a mapping: output say, or output variable (or list) with the name of one"
    ),
    F.KATTIS_GRADING_NOT_MAPPING: _l("'grading' must hold keys and values"),
    F.KATTIS_NO_DATA: _l("missing folder (the tests go in data/sample and data/secret)"),
    F.KATTIS_NO_SECRET: _l("missing folder (the tests that are judged go there)"),
    F.KATTIS_TEST_WITHOUT_ANSWER: _l("a test without its answer (%(answer)s is missing)"),
    F.KATTIS_ANSWER_WITHOUT_INPUT: _l("an answer without its test input (%(input)s is missing)"),
    F.KATTIS_EMPTY_GROUP: _l("no tests (.in and .ans files) in this group"),
    F.KATTIS_IGNORE_SAMPLE_BELOW_TOP: _l(
        "grader_flags: ignore_sample is allowed at the top only (problemtools refuses it here; this group inherits "
        "it unless it sets its own grader_flags)"
    ),
    F.KATTIS_SCORE_KEY_PASS_FAIL: _l(
        "%(key)s is for a scoring problem only: problemtools refuses it in a pass-fail problem (add type: scoring "
        "to problem.yaml)"
    ),
    F.KATTIS_IGNORE_SAMPLE_BREAK: _l(
        "grader_flags: ignore_sample with on_reject: break may leave the secret data unjudged; problemtools refuses "
        "it (set on_reject: continue)"
    ),
    F.KATTIS_NO_VALIDATORS: _l("missing folder (problem.yaml says validation: custom)"),
    F.KATTIS_SEVERAL_VALIDATORS: _l("several output validators (%(names)s); keep one"),
    F.KATTIS_TIMELIMIT_FILE: _l("expected a number of seconds"),
    F.KATTIS_TIMELIMIT_CONFLICT: _l(
        "a time limit of %(seconds)s s, where problem.yaml or domjudge-problem.ini gives %(given)s s: DOMjudge "
        "refuses such a package; keep one of them"
    ),
    F.KATTIS_TYPE: _l(
        "type %(value)s is not supported: hoithi judges programs of pass-fail, scoring, interactive and multi-pass "
        "problems"
    ),
    F.KATTIS_INCLUDE: _l(
        "files added to every submission (include/) are not supported: hoithi judges a submission's one source "
        "file alone"
    ),
    F.KATTIS_VALIDATOR_SCRIPTS: _l(
        "an output validator made by build or run scripts is not supported: hoithi compiles the validator's one "
        "source file (C, C++, Pascal, Python or Java)"
    ),
    F.KATTIS_CONSTANT: _l(
        "constants: %(name)s must be a name (letters, digits and _) with a number or a text, or a mapping of "
        "variants holding its value"
    ),
    F.GRADING_UNKNOWN_KEYS: _l("unknown keys %(keys)s"),
    F.GRADING_NESTED_UNSUPPORTED: _l("%(key)s: %(value)s is not supported (only keys and values, or 'default')"),
    F.GRADING_AGGREGATION: _l("aggregation must be sum or min, not %(value)s"),
    F.GRADING_ON_REJECT: _l("on_reject must be break or continue, not %(value)s"),
    F.GRADING_LEGACY_ON_REJECT: _l("grading.on_reject must be first_error, worst_error or grade"),
    F.GRADING_OBJECTIVE: _l(
        "grading.objective must be max: hoithi ranks the higher score better, and a problem whose lower score is "
        "better (objective: %(value)s) would rank its best submissions last"
    ),
    F.GRADING_UNKNOWN_FLAG: _l("grader flag %(flag)s is not one of Kattis's default grader (%(known)s)"),
    F.GRADING_NOT_NUMBER: _l("%(key)s must be a number, not %(value)s"),
    F.GRADING_RANGE: _l("range must be two numbers such as '0 100', not %(value)s"),
    F.GRADING_RANGE_REVERSED: _l("range %(value)s has its minimum above its maximum"),
    F.GRADING_TWO_FILES: _l(
        "both testdata.yaml and test_group.yaml (its name since the 2025-09 format) in one folder; keep one"
    ),
    F.GRADING_KEY_NOT_SUPPORTED: _l(
        "%(key)s is not supported: hoithi judges no group dependencies (require_pass), static validation or "
        "unbounded scores"
    ),
    F.THEMIS_YAML_UNREADABLE: _l("themis.yaml cannot be read (%(detail)s)"),
    F.THEMIS_YAML_NOT_MAPPING: _l("expected keys and values (input, output, points, ...)"),
    F.THEMIS_UNKNOWN_SETTINGS: _l("unknown settings %(keys)s; known ones: %(known)s"),
    F.THEMIS_SEVERAL_INPUTS: _l("several inputs (%(names)s); a test folder holds one"),
    F.THEMIS_NO_INPUT: _l("no %(extension)s file; every folder of a Themis task must be a test"),
    F.THEMIS_NO_INPUT_OF: _l("no %(extension)s file (nor %(others)s); every folder of a Themis task must be a test"),
    F.THEMIS_TASK_NAME: _l("expected %(expected)s, as the other tests name it"),
    F.THEMIS_NO_ANSWER: _l("a test without its answer (%(missing)s is missing)"),
    F.THEMIS_NO_ANSWER_OF: _l("a test without its answer (%(missing)s is missing; %(others)s would do too)"),
    F.THEMIS_NO_TESTS: _l("no test folders (each holding TASK.INP and TASK.OUT)"),
    F.THEMIS_FILE_NAME: _l("%(key)s: %(value)s must be a file name, without folders"),
    F.THEMIS_POINTS_TYPE: _l("points: expected a number, or each test with its points"),
    F.THEMIS_POINTS_UNKNOWN: _l("points for tests that do not exist: %(tests)s"),
    F.THEMIS_POINTS_MISSING: _l("points: no points for %(tests)s"),
    F.THEMIS_POINTS_VALUE: _l("points of %(test)s: %(value)s is not a number of points"),
    F.THEMIS_CASE_SENSITIVE: _l("case_sensitive: expected true or false"),
    F.THEMIS_NOT_POSITIVE: _l("%(key)s: %(value)s is not a number above zero"),
    F.THEMIS_CHECKER_MISSING: _l("checker: no file %(name)s in the task folder"),
    F.THEMIS_SEVERAL_CHECKERS: _l("several checkers (%(names)s); keep one"),
    F.THEMIS_CHECKER_LANGUAGE: _l("not a source in a language hoithi compiles"),
    F.THEMIS_CHECKER_COMPILED: _l(
        "a compiled checker cannot run here: add its source (checker.cpp, .pas or .py) to the task folder"
    ),
    F.THEMIS_CHECKER_UNNAMED: _l(
        "looks like a checker, which hoithi takes only as checker.cpp (.pas, .py) or named in themis.yaml "
        "(checker: %(name)s); without it, outputs are compared with the answers"
    ),
    F.THEMIS_CHECKER_PROTOCOL: _l("checker_protocol: %(value)s is neither themis nor testlib"),
    F.EXPECTED_UNKNOWN_RESULT: _l("unknown result %(word)s in @EXPECTED_RESULTS@ (known ones: %(known)s)"),
    F.EXPECTED_NO_RESULT: _l("@EXPECTED_RESULTS@ names no result"),
    F.EXPECTED_SEVERAL: _l(
        "more than one @EXPECTED_RESULTS@ or @EXPECTED_SCORE@ tag: DOMjudge refuses such a submission"
    ),
    F.SKIP_OUTSIDE_DATA: _l("only data/sample and data/secret are judged"),
    F.SKIP_CHECK_MANUALLY: _l("DOMjudge's check_manually: a person judges these"),
    F.SKIP_SLOW_ACCEPTED: _l("slow_accepted: Kattis does not verify these either"),
    F.SKIP_UNKNOWN_CATEGORY: _l("unknown kind of reference solution (known kinds: %(known)s)"),
    F.SKIP_SEVERAL_SOURCES: _l("a solution of several source files: hoithi judges one source file"),
    F.SKIP_NO_LANGUAGE: _l("no source file of a language hoithi judges"),
    F.SKIP_LANGUAGE_NOT_JUDGED: _l("a language hoithi does not judge (%(suffixes)s)"),
    F.SKIP_TOO_LARGE: _l("over the %(kib)s KiB limit for a source file"),
    F.SKIP_NO_EXPECTED_IN_FOLDER: _l("no expected result: its folder names none and it has no @EXPECTED_RESULTS@ line"),
    F.SKIP_NO_EXPECTED: _l("no expected result: it is in no category folder and has no @EXPECTED_RESULTS@ line"),
    F.SKIP_PYTHON2: _l("Python 2 (its #! line says so): hoithi judges Python 3"),
    F.SKIP_VALIDATION_SCRIPT: _l(
        "a checktestdata or VIVA script: hoithi runs input validators that are programs (C, C++, Pascal, Python or "
        "Java) and leaves this one out"
    ),
    F.SKIP_SUBMISSIONS_YAML: _l(
        "the 2025-09 format's expectations are not read: each submission must earn what its folder says"
    ),
    F.RUN_NOT_ALONE: _l("an interactive or multi-pass problem cannot be run on its own"),
}


def fault_message(found: Fault, tidy: Callable[[str], str] = str) -> str:
    """``found`` in the user's language, naming its file first (``tidy`` turns the judge's path into what the user
    knows, e.g. the uploaded zip's name instead of the server's folder)."""
    message = str(MESSAGES[found.code]) % dict(found.params)
    path = tidy(found.path).strip("/") if found.path else ""
    return f"{path}: {message}" if path else message


def stored_reason(item: Mapping[str, Any]) -> str:
    """Why an import report's ``skipped`` item was left out, in the user's language (a report stored before the
    codes existed keeps its English reason)."""
    try:
        code = FaultCode(item["code"])
    except (KeyError, ValueError):
        return str(item.get("reason", ""))
    return str(MESSAGES[code]) % dict(item.get("params") or {})
