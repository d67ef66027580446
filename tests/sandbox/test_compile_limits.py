"""What every sandbox backend promises about a compilation's limits: its time, its messages, its output, and a
source that makes the compiler read what never ends."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from sandbox.compiler_messages import MESSAGES_CUT
from sandbox.languages import LANGUAGES
from sandbox.limits import COMPILE_LIMITS, Limits
from sandbox.result import RunStatus
from sandbox.session import Session

from .conformance_helpers import HELLO, run

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes


def test_compiling_dev_urandom_fails_within_the_compile_limits(session: Session) -> None:
    started = time.monotonic()
    result = session.compile(LANGUAGES["c"], b'#include "/dev/urandom"\nint main(void) { return 0; }\n')
    assert not result.ok
    assert time.monotonic() - started < COMPILE_LIMITS.effective_wall_ms / 1000 + 5
    assert result.run.status is RunStatus.MLE
    assert result.output.endswith("compilation stopped: it used more than 1024 MiB of memory\n"), result.output


SOURCES_THAT_INCLUDE = {
    "c": '#include "{}"\nint main(void) {{ return 0; }}\n',
    "cpp": '#include "{}"\nint main() {{}}\n',
    "pascal": "program main;\n{{$I {}}}\nbegin\nend.\n",
}


@pytest.mark.parametrize(
    "language, path",
    [("c", "/proc/self/fd/1"), ("cpp", "/proc/self/fd/1"), ("c", "/proc/self/fd/2"), ("pascal", "/proc/self/fd/1")],
)
def test_a_source_that_includes_its_compilers_own_output_fails_at_once_and_says_why(
    session: Session, language: str, path: str
) -> None:
    """An include of the compiler's own output opens a pipe for reading that only the compiler could write to:
    gcc and fpc waited on it until the 90 s wall-clock cap, and the message then said "took longer than 60 s",
    which no CPU time had. The harness's pipes cannot be reopened for reading (fpc and gcc say so at once), and a
    compiler that does no work for 5 s (gcc's ``-pipe`` between cc1 and the assembler, a pipe of gcc's own) is
    stopped, saying that it waited."""
    started = time.monotonic()
    result = session.compile(LANGUAGES[language], SOURCES_THAT_INCLUDE[language].format(path).encode())
    took = time.monotonic() - started
    assert (result.ok, took < 15) == (False, True), (result, took)
    assert "took longer than" not in result.output, result.output
    assert (
        "Permission denied" in result.output
        or "Cannot open include file" in result.output
        or ("compilation stopped after" in result.output and "waiting for input that never comes" in result.output)
    ), result.output


def test_a_compiler_stopped_by_its_time_limit_says_so(session: Session) -> None:
    """A compile-time bomb (a constant computed in a long loop) is a compilation error that says why, where the
    compiler, killed, said nothing."""
    source = (
        b"constexpr unsigned g() { unsigned s = 0; for (unsigned i = 0; i < 5000; i++)"
        b" for (unsigned j = 0; j < 5000; j++) s += i ^ j; return s; }\n"
        b"constexpr unsigned X = g();\nint main() { return X == 1; }\n"
    )
    result = session.compile(LANGUAGES["cpp"], source, replace(COMPILE_LIMITS, cpu_ms=1000, wall_ms=3000))
    assert not result.ok and result.run.status is RunStatus.TLE
    assert result.output == "Biên dịch bị dừng: quá 1 giây / compilation stopped: it took longer than 1 s\n"


def test_a_program_too_large_to_write_is_a_compile_error_that_says_why(session: Session) -> None:
    """80 MB of initialised data: the assembler meets the files' cap, and g++ calls that an internal compiler
    error; the contestant is told the program is larger than a compiler may write."""
    source = b"int a[20000000] = {1};\nint main(void) { return a[0] - 1; }\n"
    result = session.compile(LANGUAGES["c"], source)
    assert not result.ok
    mib = COMPILE_LIMITS.file_bytes // (1024 * 1024)
    assert result.output.endswith(f"compilation stopped: it wrote more than {mib} MiB\n"), result.output


def test_endless_compiler_messages_are_cut_and_say_so(session: Session) -> None:
    source = "int main(void) {\n" + "".join(f"  undefined_{i} = 1;\n" for i in range(3000)) + "}\n"
    result = session.compile(LANGUAGES["c"], source.encode())
    assert not result.ok and "undefined_0" in result.output
    assert result.output.endswith("\n[... các thông báo sau 64 KiB bị lược bỏ / messages past 64 KiB left out]")
    assert len(result.output.encode()) < 64 * 1024 + 200


ERRORS_WITHOUT_END = b"".join(
    [b"#define A x.y;\n"]
    + [b"#define %c %s\n" % (ord(name), b" ".join([bytes([ord(name) - 1])] * 10)) for name in "BCDE"]
    + [b"int main() { int x; E }\n"]
)
"""Ten thousand errors, each with its macro expansion notes: about 8 MB of compiler messages."""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_a_flood_of_compiler_messages_past_the_files_cap_keeps_its_first_errors(
    session: Session, language: str
) -> None:
    """A flood of messages past what a compilation may write is a compile error that shows its first errors, as
    the references show a compiler's output cut short. C++'s messages go through a file (the gnu++17 retry) and
    the shell that wrote it died with the compiler: the contestant was told only that it wrote too much."""
    limits = replace(COMPILE_LIMITS, output_bytes=4 * 1024 * 1024, file_bytes=4 * 1024 * 1024)
    started = time.monotonic()
    result = session.compile(LANGUAGES[language], ERRORS_WITHOUT_END, limits)
    assert not result.ok
    assert time.monotonic() - started < limits.effective_wall_ms / 1000
    assert "request for member" in result.output.partition("\n[... ")[0], result.output[:500]
    assert MESSAGES_CUT in result.output
    assert len(result.output.encode()) < 64 * 1024 + 400
    assert run(session, "c", HELLO["c"]).result.stdout == b"Xin chao\n"


MESSAGES_OF_A_GOOD_SOURCE = b"".join(
    [b'#define P _Pragma("message \\"' + b"x" * 100 + b'\\"")\n']
    + [
        b"#define %c %s\n" % (name, b" ".join([b"%c" % below] * 10))
        for name, below in zip(b"ABCD", b"PABC", strict=True)
    ]
    + [b"D\nint main() { return 0; }\n"]
)
"""Ten thousand ``#pragma message`` notes of a source that compiles: about 8 MB of messages."""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_a_source_that_compiles_with_a_flood_of_messages_is_compiled(session: Session, language: str) -> None:
    """Messages are not the program: a compilation that succeeds while saying too much succeeds, its messages cut
    (DOMjudge keeps the start of a compiler's output). C++'s messages went to a file under the files' cap, where g++,
    killed by SIGXFSZ, failed a source that both references compile."""
    limits = replace(COMPILE_LIMITS, output_bytes=4 * 1024 * 1024, file_bytes=4 * 1024 * 1024)
    result = session.compile(LANGUAGES[language], MESSAGES_OF_A_GOOD_SOURCE, limits)
    assert result.ok, result.output[-500:]
    assert "xxxxxxxxxx" in result.output and MESSAGES_CUT in result.output
    assert len(result.output.encode()) < 64 * 1024 + 400
    assert session.run(Limits()).result.status is RunStatus.OK


def test_compile_errors_are_reported(session: Session) -> None:
    result = session.compile(LANGUAGES["cpp"], b"int main() { return undefined_name; }\n")
    assert not result.ok
    assert "undefined_name" in result.output
    with pytest.raises(Exception, match="compile"):
        session.run(Limits())
