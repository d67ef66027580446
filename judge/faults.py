"""What can be wrong with a problem package, each fault under a stable code with its values.

The judge is a library: it says what is wrong in English (``str(fault)``, for logs and the command line) and under
a code with parameters (``Fault.code``, ``Fault.params``), so that an interface can say it in its user's language.
A new fault gets a new ``FaultCode`` and its English here; the web application's table of translations must name
every code (its tests hold it to that).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType


class FaultCode(enum.StrEnum):
    """Every fault the judge finds in a package, or in a reference submission it leaves out."""

    # the package as a whole, and its zip
    NO_SUCH_PATH = "package.no_such_path"
    NOT_A_PACKAGE = "package.not_a_package"
    ZIP_UNREADABLE = "zip.unreadable"
    ZIP_TOO_MANY_ENTRIES = "zip.too_many_entries"
    ZIP_TOO_LARGE = "zip.too_large"
    ZIP_MEMBER_UNPACKABLE = "zip.member_unpackable"
    ZIP_MEMBER_DAMAGED = "zip.member_damaged"
    ZIP_UNSAFE_PATH = "zip.unsafe_path"
    ZIP_SYMLINK = "zip.symlink"
    ZIP_ENCRYPTED = "zip.encrypted"
    # the statement
    STATEMENT_TOO_LARGE = "statement.too_large"
    STATEMENT_NOT_PDF = "statement.not_pdf"
    STATEMENT_NOT_UTF8 = "statement.not_utf8"
    # sources: checkers, validators, reference submissions
    SOURCE_TOO_LARGE = "source.too_large"
    SOURCE_BINARY = "source.binary"
    CHECKER_NO_SOURCE = "checker.no_source"
    CHECKER_SEVERAL_SOURCES = "checker.several_sources"
    CHECKER_TOO_LARGE = "checker.too_large"
    CHECKER_HEADER_MISSING = "checker.header_missing"
    # the built-in checker's flags
    FLAG_NEEDS_NUMBER = "flag.needs_number"
    FLAG_NEGATIVE = "flag.negative"
    FLAG_UNKNOWN = "flag.unknown"
    # Kattis packages: YAML settings
    YAML_UNREADABLE = "yaml.unreadable"
    YAML_NOT_MAPPING = "yaml.not_mapping"
    YAML_NOT_WORDS = "yaml.not_words"
    YAML_NOT_NON_NEGATIVE = "yaml.not_non_negative"
    YAML_NOT_POSITIVE = "yaml.not_positive"
    YAML_BELOW_LEAST = "yaml.below_least"
    YAML_KEY_NOT_MAPPING = "yaml.key_not_mapping"
    # Kattis packages: problem.yaml and the test tree
    KATTIS_SCORE_VALIDATOR = "kattis.score_validator"
    KATTIS_LIMITS_NOT_MAPPING = "kattis.limits_not_mapping"
    KATTIS_INTERACTIVE_NEEDS_VALIDATOR = "kattis.interactive_needs_validator"
    KATTIS_VALIDATION_PASSES = "kattis.validation_passes"
    KATTIS_SCRATCH_OUTPUT = "kattis.scratch_output"
    KATTIS_GRADING_NOT_MAPPING = "kattis.grading_not_mapping"
    KATTIS_NO_DATA = "kattis.no_data"
    KATTIS_NO_SECRET = "kattis.no_secret"
    KATTIS_TEST_WITHOUT_ANSWER = "kattis.test_without_answer"
    KATTIS_ANSWER_WITHOUT_INPUT = "kattis.answer_without_input"
    KATTIS_EMPTY_GROUP = "kattis.empty_group"
    KATTIS_IGNORE_SAMPLE_BELOW_TOP = "kattis.ignore_sample_below_top"
    KATTIS_IGNORE_SAMPLE_BREAK = "kattis.ignore_sample_break"
    KATTIS_SCORE_KEY_PASS_FAIL = "kattis.score_key_pass_fail"
    KATTIS_NO_VALIDATORS = "kattis.no_validators"
    KATTIS_SEVERAL_VALIDATORS = "kattis.several_validators"
    KATTIS_TIMELIMIT_FILE = "kattis.timelimit_file"
    KATTIS_TIMELIMIT_CONFLICT = "kattis.timelimit_conflict"
    KATTIS_CONSTANT = "kattis.constant"
    KATTIS_TYPE = "kattis.type"
    KATTIS_INCLUDE = "kattis.include"
    KATTIS_VALIDATOR_SCRIPTS = "kattis.validator_scripts"
    # Kattis packages: grading settings (testdata.yaml, problem.yaml's grading:)
    GRADING_UNKNOWN_KEYS = "grading.unknown_keys"
    GRADING_NESTED_UNSUPPORTED = "grading.nested_unsupported"
    GRADING_AGGREGATION = "grading.aggregation"
    GRADING_ON_REJECT = "grading.on_reject"
    GRADING_LEGACY_ON_REJECT = "grading.legacy_on_reject"
    GRADING_OBJECTIVE = "grading.objective"
    GRADING_UNKNOWN_FLAG = "grading.unknown_flag"
    GRADING_NOT_NUMBER = "grading.not_number"
    GRADING_RANGE = "grading.range"
    GRADING_RANGE_REVERSED = "grading.range_reversed"
    GRADING_TWO_FILES = "grading.two_files"
    GRADING_KEY_NOT_SUPPORTED = "grading.key_not_supported"
    # Themis tasks
    THEMIS_YAML_UNREADABLE = "themis.yaml_unreadable"
    THEMIS_YAML_NOT_MAPPING = "themis.yaml_not_mapping"
    THEMIS_UNKNOWN_SETTINGS = "themis.unknown_settings"
    THEMIS_SEVERAL_INPUTS = "themis.several_inputs"
    THEMIS_NO_INPUT = "themis.no_input"
    THEMIS_NO_INPUT_OF = "themis.no_input_of"
    THEMIS_TASK_NAME = "themis.task_name"
    THEMIS_NO_ANSWER = "themis.no_answer"
    THEMIS_NO_ANSWER_OF = "themis.no_answer_of"
    THEMIS_NO_TESTS = "themis.no_tests"
    THEMIS_FILE_NAME = "themis.file_name"
    THEMIS_POINTS_TYPE = "themis.points_type"
    THEMIS_POINTS_UNKNOWN = "themis.points_unknown"
    THEMIS_POINTS_MISSING = "themis.points_missing"
    THEMIS_POINTS_VALUE = "themis.points_value"
    THEMIS_CASE_SENSITIVE = "themis.case_sensitive"
    THEMIS_NOT_POSITIVE = "themis.not_positive"
    THEMIS_CHECKER_MISSING = "themis.checker_missing"
    THEMIS_SEVERAL_CHECKERS = "themis.several_checkers"
    THEMIS_CHECKER_LANGUAGE = "themis.checker_language"
    THEMIS_CHECKER_COMPILED = "themis.checker_compiled"
    THEMIS_CHECKER_UNNAMED = "themis.checker_unnamed"
    THEMIS_CHECKER_PROTOCOL = "themis.checker_protocol"
    # reference submissions (submissions/): an annotation at fault, or why one is left out
    EXPECTED_UNKNOWN_RESULT = "expected.unknown_result"
    EXPECTED_NO_RESULT = "expected.no_result"
    EXPECTED_SEVERAL = "expected.several"
    SKIP_OUTSIDE_DATA = "skip.outside_data"
    SKIP_CHECK_MANUALLY = "skip.check_manually"
    SKIP_SLOW_ACCEPTED = "skip.slow_accepted"
    SKIP_UNKNOWN_CATEGORY = "skip.unknown_category"
    SKIP_SEVERAL_SOURCES = "skip.several_sources"
    SKIP_NO_LANGUAGE = "skip.no_language"
    SKIP_LANGUAGE_NOT_JUDGED = "skip.language_not_judged"
    SKIP_TOO_LARGE = "skip.too_large"
    SKIP_NO_EXPECTED_IN_FOLDER = "skip.no_expected_in_folder"
    SKIP_NO_EXPECTED = "skip.no_expected"
    SKIP_SUBMISSIONS_YAML = "skip.submissions_yaml"
    SKIP_PYTHON2 = "skip.python2"
    SKIP_VALIDATION_SCRIPT = "skip.validation_script"
    # running a program alone (test runs)
    RUN_NOT_ALONE = "run.not_alone"


ENGLISH: Mapping[FaultCode, str] = MappingProxyType(
    {
        FaultCode.NO_SUCH_PATH: "no such file or folder",
        FaultCode.NOT_A_PACKAGE: "not a problem package: expected a Kattis package (problem.yaml, data/) or a Themis "
        "task (test folders holding TASK.INP and TASK.OUT)",
        FaultCode.ZIP_UNREADABLE: "not a readable zip file ({detail})",
        FaultCode.ZIP_TOO_MANY_ENTRIES: "{count} entries, more than {limit}",
        FaultCode.ZIP_TOO_LARGE: "too large unpacked (over {mib} MiB)",
        FaultCode.ZIP_MEMBER_UNPACKABLE: "{name} cannot be unpacked: {detail}",
        FaultCode.ZIP_MEMBER_DAMAGED: "{name} is damaged ({detail})",
        FaultCode.ZIP_UNSAFE_PATH: "unsafe path {name} in the zip (absolute or leading outside it)",
        FaultCode.ZIP_SYMLINK: "{name} is a symbolic link; links are not allowed in packages",
        FaultCode.ZIP_ENCRYPTED: "{name} is encrypted",
        FaultCode.STATEMENT_TOO_LARGE: "the statement is larger than {mib} MiB",
        FaultCode.STATEMENT_NOT_PDF: "not a PDF file",
        FaultCode.STATEMENT_NOT_UTF8: "the statement is not UTF-8 text",
        FaultCode.SOURCE_TOO_LARGE: "{size} bytes, over the {kib} KiB limit for a source file",
        FaultCode.SOURCE_BINARY: "binary file, expected a source file",
        FaultCode.CHECKER_NO_SOURCE: "no checker source found (expected one file ending in {known})",
        FaultCode.CHECKER_SEVERAL_SOURCES: "several checker sources ({names}); only one file is supported",
        FaultCode.CHECKER_TOO_LARGE: "over {kib} KiB with its headers",
        FaultCode.CHECKER_HEADER_MISSING: "includes {header}, which is not beside it: add the {header} it was "
        "written with (or the latest, from github.com/MikeMirzayanov/testlib) to the folder",
        FaultCode.FLAG_NEEDS_NUMBER: "{flag} needs a number after it",
        FaultCode.FLAG_NEGATIVE: "{flag} must not be negative",
        FaultCode.FLAG_UNKNOWN: "unknown validator flag {flag}",
        FaultCode.YAML_UNREADABLE: "bad YAML: {detail}",
        FaultCode.YAML_NOT_MAPPING: "expected a mapping of settings, found {found}",
        FaultCode.YAML_NOT_WORDS: "{key} must be a string or a list of strings",
        FaultCode.YAML_NOT_NON_NEGATIVE: "{key} must be a non-negative number, not {value}",
        FaultCode.YAML_NOT_POSITIVE: "{key} must be a number above zero, not {value}",
        FaultCode.YAML_BELOW_LEAST: "{key} must be a number of at least {least}, not {value}",
        FaultCode.YAML_KEY_NOT_MAPPING: "{key} must be a mapping",
        FaultCode.KATTIS_SCORE_VALIDATOR: "output validators that give scores (validation: custom score) are not "
        "supported yet",
        FaultCode.KATTIS_LIMITS_NOT_MAPPING: "'limits' must be a mapping",
        FaultCode.KATTIS_INTERACTIVE_NEEDS_VALIDATOR: "interactive and multi-pass problems need a custom output "
        "validator",
        FaultCode.KATTIS_VALIDATION_PASSES: "limits.validation_passes must be a whole number of at least 2",
        FaultCode.KATTIS_SCRATCH_OUTPUT: "'scratch' must be a mapping: output say, or output variable (or list) "
        "with the name of one",
        FaultCode.KATTIS_GRADING_NOT_MAPPING: "'grading' must be a mapping",
        FaultCode.KATTIS_NO_DATA: "missing folder (tests go in data/sample and data/secret)",
        FaultCode.KATTIS_NO_SECRET: "missing folder (the tests that are judged)",
        FaultCode.KATTIS_TEST_WITHOUT_ANSWER: "test without an answer ({answer} is missing)",
        FaultCode.KATTIS_ANSWER_WITHOUT_INPUT: "answer without a test input ({input} is missing)",
        FaultCode.KATTIS_EMPTY_GROUP: "no tests (.in and .ans files) in this group",
        FaultCode.KATTIS_IGNORE_SAMPLE_BELOW_TOP: "grader_flags: ignore_sample is allowed at the top only "
        "(problemtools refuses it here; this group inherits it unless it sets its own grader_flags)",
        FaultCode.KATTIS_IGNORE_SAMPLE_BREAK: "grader_flags: ignore_sample with on_reject: break may leave the "
        "secret data unjudged; problemtools refuses it (set on_reject: continue)",
        FaultCode.KATTIS_SCORE_KEY_PASS_FAIL: "{key} is for a scoring problem only: problemtools refuses it in a "
        "pass-fail problem (add type: scoring to problem.yaml)",
        FaultCode.KATTIS_NO_VALIDATORS: "missing folder (problem.yaml says validation: custom)",
        FaultCode.KATTIS_SEVERAL_VALIDATORS: "several output validators ({names})",
        FaultCode.KATTIS_TIMELIMIT_FILE: "expected a number of seconds",
        FaultCode.KATTIS_TIMELIMIT_CONFLICT: "a time limit of {seconds} s, where problem.yaml or "
        "domjudge-problem.ini gives {given} s: DOMjudge refuses such a package; keep one of them",
        FaultCode.KATTIS_TYPE: "type {value} is not supported: hoithi judges programs of pass-fail, scoring, "
        "interactive and multi-pass problems",
        FaultCode.KATTIS_INCLUDE: "files added to every submission (include/) are not supported: hoithi judges a "
        "submission's one source file alone",
        FaultCode.KATTIS_VALIDATOR_SCRIPTS: "an output validator made by build or run scripts is not supported: "
        "hoithi compiles the validator's one source file (C, C++, Pascal, Python or Java)",
        FaultCode.KATTIS_CONSTANT: "constants: {name} must be a name (letters, digits and _) with a number or a "
        "text, or a mapping of variants holding its value",
        FaultCode.GRADING_UNKNOWN_KEYS: "unknown keys {keys}",
        FaultCode.GRADING_NESTED_UNSUPPORTED: "{key}: {value} is not supported (only a mapping or 'default')",
        FaultCode.GRADING_AGGREGATION: "aggregation must be sum or min, not {value}",
        FaultCode.GRADING_ON_REJECT: "on_reject must be break or continue, not {value}",
        FaultCode.GRADING_LEGACY_ON_REJECT: "grading.on_reject must be first_error, worst_error or grade",
        FaultCode.GRADING_OBJECTIVE: "grading.objective must be max: hoithi ranks the higher score better, and a "
        "problem whose lower score is better (objective: {value}) would rank its best submissions last",
        FaultCode.GRADING_UNKNOWN_FLAG: "grader flag {flag} is not one of Kattis's default grader ({known})",
        FaultCode.GRADING_NOT_NUMBER: "{key} must be a number, not {value}",
        FaultCode.GRADING_RANGE: "range must be two numbers such as '0 100', not {value}",
        FaultCode.GRADING_RANGE_REVERSED: "range {value} has its minimum above its maximum",
        FaultCode.GRADING_TWO_FILES: "both testdata.yaml and test_group.yaml (its name since the 2025-09 format) "
        "in one folder; keep one",
        FaultCode.GRADING_KEY_NOT_SUPPORTED: "{key} is not supported: hoithi judges no group dependencies "
        "(require_pass), static validation or unbounded scores",
        FaultCode.THEMIS_YAML_UNREADABLE: "not readable YAML ({detail})",
        FaultCode.THEMIS_YAML_NOT_MAPPING: "expected keys and values (input, output, points, ...)",
        FaultCode.THEMIS_UNKNOWN_SETTINGS: "unknown settings {keys}; known: {known}",
        FaultCode.THEMIS_SEVERAL_INPUTS: "several inputs ({names}); a test folder holds one",
        FaultCode.THEMIS_NO_INPUT: "no {extension} file; every folder of a Themis task must be a test",
        FaultCode.THEMIS_NO_INPUT_OF: "no {extension} file (nor {others}); every folder of a Themis task must be "
        "a test",
        FaultCode.THEMIS_TASK_NAME: "expected {expected} like the other tests",
        FaultCode.THEMIS_NO_ANSWER: "test without an answer ({missing} is missing)",
        FaultCode.THEMIS_NO_ANSWER_OF: "test without an answer ({missing} is missing; {others} would do too)",
        FaultCode.THEMIS_NO_TESTS: "no test folders (each holding TASK.INP and TASK.OUT)",
        FaultCode.THEMIS_FILE_NAME: "{key}: {value} must be a file name, without folders",
        FaultCode.THEMIS_POINTS_TYPE: "points: expected a number or a test-to-points mapping",
        FaultCode.THEMIS_POINTS_UNKNOWN: "points for tests that do not exist: {tests}",
        FaultCode.THEMIS_POINTS_MISSING: "points: no points for {tests}",
        FaultCode.THEMIS_POINTS_VALUE: "points of {test}: {value} is not a number of points",
        FaultCode.THEMIS_CASE_SENSITIVE: "case_sensitive: expected true or false",
        FaultCode.THEMIS_NOT_POSITIVE: "{key}: {value} is not a positive number",
        FaultCode.THEMIS_CHECKER_MISSING: "checker: no file {name} in the task folder",
        FaultCode.THEMIS_SEVERAL_CHECKERS: "several checkers ({names}); keep one",
        FaultCode.THEMIS_CHECKER_LANGUAGE: "not a source in a language hoithi compiles",
        FaultCode.THEMIS_CHECKER_COMPILED: "a compiled checker cannot run here: add its source (checker.cpp, .pas or "
        ".py) to the task folder",
        FaultCode.THEMIS_CHECKER_UNNAMED: "looks like a checker, which hoithi takes only as checker.cpp (.pas, .py) or "
        "named in themis.yaml (checker: {name}); without it, outputs are compared with the answers",
        FaultCode.THEMIS_CHECKER_PROTOCOL: "checker_protocol: {value} is neither themis nor testlib",
        FaultCode.EXPECTED_UNKNOWN_RESULT: "unknown result {word} in @EXPECTED_RESULTS@ (known: {known})",
        FaultCode.EXPECTED_NO_RESULT: "@EXPECTED_RESULTS@ names no result",
        FaultCode.EXPECTED_SEVERAL: "more than one @EXPECTED_RESULTS@ or @EXPECTED_SCORE@ tag: DOMjudge refuses such a "
        "submission",
        FaultCode.SKIP_OUTSIDE_DATA: "only data/sample and data/secret are judged",
        FaultCode.SKIP_CHECK_MANUALLY: "DOMjudge's check_manually: a person judges these",
        FaultCode.SKIP_SLOW_ACCEPTED: "slow_accepted: Kattis does not verify these either",
        FaultCode.SKIP_UNKNOWN_CATEGORY: "unknown submission category (known: {known})",
        FaultCode.SKIP_SEVERAL_SOURCES: "a submission of several source files: hoithi judges one source file",
        FaultCode.SKIP_NO_LANGUAGE: "no source file of a language hoithi judges",
        FaultCode.SKIP_LANGUAGE_NOT_JUDGED: "a language hoithi does not judge ({suffixes})",
        FaultCode.SKIP_TOO_LARGE: "over the {kib} KiB limit for a source file",
        FaultCode.SKIP_NO_EXPECTED_IN_FOLDER: "no expected result: the folder names none and there is no "
        "@EXPECTED_RESULTS@ annotation",
        FaultCode.SKIP_NO_EXPECTED: "no expected result: it is in no category folder and there is no "
        "@EXPECTED_RESULTS@ annotation",
        FaultCode.SKIP_PYTHON2: "Python 2 (its #! line says so): hoithi judges Python 3",
        FaultCode.SKIP_VALIDATION_SCRIPT: "a checktestdata or VIVA script: hoithi runs input validators that are "
        "programs (C, C++, Pascal, Python or Java) and leaves this one out",
        FaultCode.SKIP_SUBMISSIONS_YAML: "the 2025-09 format's expectations are not read: each submission must "
        "earn what its folder says",
        FaultCode.RUN_NOT_ALONE: "an interactive or multi-pass problem cannot be run on its own",
    }
)


@dataclass(frozen=True)
class Fault:
    """One fault: its ``code``, the file or folder at fault (``path``, empty when none) and the values its
    message names (``params``, every one a string). ``str()`` is the English message, the path first."""

    code: FaultCode
    path: str = ""
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English message without the path."""
        return ENGLISH[self.code].format(**self.params)

    def at(self, path: object) -> Fault:
        """The same fault, naming ``path`` as the file at fault."""
        return replace(self, path=str(path))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def fault(code: FaultCode, path: object = "", **params: object) -> Fault:
    """A fault of ``code`` at ``path``; each parameter is kept as its string."""
    return Fault(code, str(path), {name: str(value) for name, value in params.items()})
