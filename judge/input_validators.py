"""A Kattis package's input validators, and checking every test input with them (``hoithi judge verify``).

As problemtools' verifyproblem has them: the validators are the programs in ``input_format_validators/`` (the
older name, which wins when both exist) or else ``input_validators/``, one per entry in sorted order, a source file
or a folder holding one source (its local headers inlined, as an output validator's are); every one runs on every
test's input, given on stdin, with the group's ``input_validator_flags`` (inherited down the groups like every
``testdata.yaml`` key) as its arguments. Exit code 42 accepts the input; any other ending (another code, a
signal, a limit) rejects it, and the validator's output says why. Checktestdata and VIVA scripts (``.ctd``,
``.viva``), which problemtools also runs, are left out. Each validator runs in a sandbox session of its own, as an
output validator does (``judge.checkers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sandbox.languages import UnknownLanguage, language_for
from sandbox.result import RunStatus
from sandbox.session import Backend

from . import program_cache
from .checkers import CHECKER_LIMITS
from .errors import ProblemError
from .faults import FaultCode as F
from .faults import fault
from .files import HEADER_SUFFIXES, checker_source, entries, inline_checker_headers
from .problem import InputValidator, Problem, Skipped, TestCase

FOLDERS = ("input_format_validators", "input_validators")
"""Where the validators are: the first folder of these that exists."""
SCRIPT_SUFFIXES = (".ctd", ".viva")
ACCEPTED_EXIT = 42
MESSAGE_KEPT = 4096
"""How much of a validator's stdout and stderr a rejection keeps."""


@dataclass(frozen=True)
class Rejection:
    """A test input an input validator did not accept (or a validator that does not compile: ``test`` empty).
    ``message``: why, in English: the exit code or how the run ended, then the validator's output."""

    validator: str
    test: str
    message: str

    def __str__(self) -> str:
        if not self.test:
            return f"{self.validator}: {self.message}"
        return f"{self.test}: rejected by {self.validator}: {self.message}"


def find(root: Path) -> tuple[tuple[InputValidator, ...], tuple[Skipped, ...]]:
    """The input validators of the package at ``root``, and those left out (a script, or a folder without one
    source)."""
    folder = next((root / name for name in FOLDERS if (root / name).is_dir()), None)
    if folder is None:
        return (), ()
    found: list[InputValidator] = []
    skipped: list[Skipped] = []
    for path in sorted(entries(folder), key=lambda p: p.name):
        where = path.relative_to(root).as_posix()
        if path.suffix.lower() in SCRIPT_SUFFIXES:
            skipped.append(Skipped(where, fault(F.SKIP_VALIDATION_SCRIPT, path)))
            continue
        try:
            if path.is_dir():
                source_path, source = checker_source(path)
            elif path.suffix.lower() in HEADER_SUFFIXES:
                continue
            else:
                language_for(path.name)
                source_path, source = path, inline_checker_headers(path)
        except UnknownLanguage:
            continue  # not a program (a README, a data file): problemtools passes it by too
        except ProblemError as exc:
            skipped.extend(Skipped(where, found) for found in exc.faults)
            continue
        found.append(InputValidator(where, source_path.name, source))
    return tuple(found), tuple(skipped)


def test_input_path(test: TestCase) -> str:
    """A Kattis test's input as the package names it: ``data/secret/g1/01.in``."""
    return f"data/{test.name}.in"


def check_inputs(problem: Problem, backend: Backend) -> list[Rejection]:
    """Every rejection of a test input by one of the problem's input validators, validator by validator, tests in
    judging order. Raises ``SandboxError`` when the sandbox fails."""
    rejections: list[Rejection] = []
    for validator in problem.input_validators:
        with backend.open_session() as session:
            compiled = program_cache.prepare(session, backend, language_for(validator.source_name), validator.source)
            if not compiled.ok:
                rejections.append(Rejection(validator.path, "", f"does not compile:\n{compiled.output.strip()}"))
                continue
            for test in problem.tests:
                result = session.run(
                    CHECKER_LIMITS, stdin=test.input_bytes(), args=test.input_flags, stdout_kept=MESSAGE_KEPT
                ).result
                if result.status is RunStatus.RE and result.exit_code == ACCEPTED_EXIT and result.signal is None:
                    continue
                if result.status in (RunStatus.TLE, RunStatus.MLE, RunStatus.OLE):
                    ending = f"stopped at a limit ({result.status})"
                elif result.signal is not None:
                    ending = f"killed by signal {result.signal}"
                else:
                    ending = f"exit code {result.exit_code}"
                said = "\n".join(
                    text
                    for text in (_text(result.stdout), _text(result.stderr))
                    if text  # stdout first, then stderr, as problemtools shows them
                )
                message = f"{ending}, not {ACCEPTED_EXIT}" + (f": {said}" if said else "")
                rejections.append(Rejection(validator.path, test_input_path(test), message))
    return rejections


def _text(data: bytes) -> str:
    return data[:MESSAGE_KEPT].decode("utf-8", "replace").strip()
