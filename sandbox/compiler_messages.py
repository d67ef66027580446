"""What a contestant reads of a compilation: the compiler's own messages, cut at 64 KiB, and a last line that says
why the sandbox stopped the compiler, if it did."""

from __future__ import annotations

from .limits import Limits
from .result import RunResult, RunStatus

COMPILER_OUTPUT_CAP = 64 * 1024
MESSAGES_CUT = "[... các thông báo sau 64 KiB bị lược bỏ / messages past 64 KiB left out]"
"""Ends the compiler's messages when they were longer than ``COMPILER_OUTPUT_CAP``.

The sandbox's notes to a contestant are stored with the compiler's messages, in Vietnamese (the contest's
language) and in English (the compiler's), since nothing translates them later."""


_FILE_CAP_MET = b"File size limit exceeded signal terminated program"
"""What gcc and g++ say when a program they ran (``as``, ``ld``) was killed by SIGXFSZ."""


def _compiler_stopped(result: RunResult, limits: Limits, idle: bool = False) -> str:
    """Why the compiler was stopped, as a contestant reads it (DOMjudge's "compilation aborted"), or "" when it
    ended by itself. ``idle``: the harness stopped it for doing nothing (``COMPILER_IDLE_MS``)."""
    if idle:
        seconds = f"{result.wall_ms / 1000:.0f}"
        return (
            f"Biên dịch bị dừng sau {seconds} giây: trình biên dịch đứng chờ dữ liệu không bao giờ đến (ví dụ "
            f"#include một thiết bị hay một đường ống như /proc/self/fd/1) / compilation stopped after {seconds} s: "
            "the compiler sat waiting for input that never comes (an #include of a device or a pipe, such as "
            "/proc/self/fd/1)"
        )
    if result.status is RunStatus.TLE:
        seconds = f"{limits.cpu_ms / 1000:g}"
        return f"Biên dịch bị dừng: quá {seconds} giây / compilation stopped: it took longer than {seconds} s"
    if result.status is RunStatus.MLE:
        mib = limits.memory_kb // 1024
        return (
            f"Biên dịch bị dừng: dùng quá {mib} MiB bộ nhớ / compilation stopped: it used more than {mib} MiB of memory"
        )
    # a compiler's helper (the assembler, the linker) that met the files' cap dies of SIGXFSZ, and g++ reports
    # that as its own internal error, which no file past the cap shows (the write that crossed it failed)
    if result.status is RunStatus.OLE or _FILE_CAP_MET in result.stderr:
        mib = max(limits.output_bytes, limits.file_bytes) // (1024 * 1024)
        return f"Biên dịch bị dừng: ghi ra quá {mib} MiB / compilation stopped: it wrote more than {mib} MiB"
    if result.signal is not None:
        return (
            f"Trình biên dịch bị dừng bởi tín hiệu {result.signal} / the compiler was killed by signal {result.signal}"
        )
    return ""


def compiler_messages(result: RunResult, limits: Limits, idle: bool = False) -> str:
    """The compiler's messages (stdout then stderr), truncated to ``COMPILER_OUTPUT_CAP`` (then ``MESSAGES_CUT``
    follows them), and the line of ``_compiler_stopped`` last when the compiler was stopped (``idle``: for doing
    nothing)."""
    said = result.stdout + result.stderr
    messages = said[:COMPILER_OUTPUT_CAP].decode("utf-8", errors="replace")
    if len(said) >= COMPILER_OUTPUT_CAP:
        messages += "\n" + MESSAGES_CUT
    stopped = _compiler_stopped(result, limits, idle)
    if stopped:
        messages += ("\n" if messages and not messages.endswith("\n") else "") + stopped + "\n"
    return messages
