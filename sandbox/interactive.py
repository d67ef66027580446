"""Running a program that talks with another: an interactive problem's validator and a contestant's program.

Each runs in a sandbox session of its own, so what the validator knows (the expected answer) never enters the
contestant's sandbox. Both run as streaming runs (``HarnessSession.stream``) and the host relays the bytes: the
program's stdout to the validator's stdin and the validator's stdout to the program's stdin. Each side keeps its
own limits, measured by its own sandbox, so the program's time is the program's alone.

When one side ends, the other's stdin is closed after what it was still owed: as in problemtools' interactive
runner, a side learns of the other's end only once that end is recorded, which is how ``validator_first`` can
tell who ended first. A side that closes its stdout and runs on (a validator that writes the whole input, closes
it and waits for the answer) ends the other's stdin at once, as a pipe would; the harness tells that close from
one made by the program's end by the kernel's ``PF_EXITING``. Nothing either side does can stall the relay: what
a side does not read waits in the host (at most its peer's output limit), each side is stopped by its own
limits, and the host gives up, with ``SandboxError``, only when a sandbox stops answering.

Once the validator has ended, what the program still writes is read by no one: through problemtools' pipe (of
``PIPE_CAPACITY``, whose reading end its runner keeps open) a program that writes more than the pipe holds blocks
until the wall-clock limit, a TLE. ``Interaction.program_blocked`` says the program wrote that much after the
validator's end (what the validator had not read of it before is not known here: counted from its end).

While both run, a program that writes faster than the validator reads would wait on that pipe too: a side's
writes wait only while its harness's input is full, so what waits in the host for the validator is unread for
sure. ``Interaction.program_flooded`` says the program met its output limit with more than ``PIPE_CAPACITY`` of
it waiting there: through a pipe it would have blocked before writing that much.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .harness_client import TRANSFER_MARGIN_S, HarnessSession, RunStream
from .limits import Limits
from .result import RunStatus
from .session import Execution, SandboxError, Session

_PROGRAM, _VALIDATOR = 0, 1
PIPE_CAPACITY = 1 << 20
"""The pipe from the program to the validator in problemtools' interactive runner (``F_SETPIPE_SZ``, 1 MiB)."""


@dataclass(frozen=True)
class Interaction:
    """How both sides of one interaction ended; ``validator_first`` says whether the validator ended before
    the program (a validator that rejects first decides the verdict whatever the program does afterwards)."""

    program: Execution
    validator: Execution
    validator_first: bool
    program_blocked: bool = False
    """Whether the program wrote more than ``PIPE_CAPACITY`` after the validator had ended: through a pipe it
    would have waited for a reader until its wall-clock limit."""
    program_flooded: bool = False
    """Whether the program met its output limit while more than ``PIPE_CAPACITY`` of what it wrote waited for the
    validator to read it: through a pipe it would have waited for the validator instead."""


def interact(
    program: Session,
    program_limits: Limits,
    validator: Session,
    validator_limits: Limits,
    *,
    program_args: Sequence[str] = (),
    validator_args: Sequence[str] = (),
    validator_files: Mapping[str, bytes] | None = None,
    validator_collect: Sequence[str] = (),
    validator_excerpts: Mapping[str, int] | None = None,
) -> Interaction:
    """Run ``program`` and ``validator`` (each session's installed program) connected by pipes, until both end.

    Raises ``SandboxError`` when a sandbox fails (both sessions are then unusable); whatever the programs do ends
    in an ``Interaction``.
    """
    sessions = (program, validator)
    if not all(isinstance(session, HarnessSession) for session in sessions):
        raise SandboxError("interactive runs need sessions that stream (a harness)")
    assert isinstance(program, HarnessSession) and isinstance(validator, HarnessSession)
    program_stream = program.stream(program_limits, args=program_args)
    try:
        validator_stream = validator.stream(
            validator_limits,
            files=validator_files,
            args=validator_args,
            collect=validator_collect,
            excerpts=validator_excerpts,
        )
    except SandboxError as exc:
        program_stream.abandon(f"the validator's sandbox failed: {exc}")
        raise
    streams = (program_stream, validator_stream)
    relay = _Relay(streams)
    relay.run()
    program_end, validator_end = relay.results
    assert program_end is not None and validator_end is not None
    validator_first = relay.ended_first == _VALIDATOR
    return Interaction(
        program_end, validator_end, validator_first, relay.unread > PIPE_CAPACITY, relay.flooded_at > PIPE_CAPACITY
    )


class _Relay:
    """Four threads: one reads each side's output into the other side's inbox, one writes each inbox out."""

    def __init__(self, streams: tuple[RunStream, RunStream]) -> None:
        self.streams = streams
        self.inboxes: tuple[queue.SimpleQueue[bytes | None], ...] = (queue.SimpleQueue(), queue.SimpleQueue())
        self.results: list[Execution | None] = [None, None]
        self.ended_first: int | None = None
        self.unread = 0
        """What the program wrote after the validator's end."""
        self.waiting = [0, 0]
        """The bytes each side's inbox holds, not yet taken by its harness."""
        self.flooded_at = 0
        """What waited for the validator when the program met its output limit."""
        self.errors: list[SandboxError] = []
        self._lock = threading.Lock()

    def run(self) -> None:
        readers = [threading.Thread(target=self._read, args=(side,), daemon=True) for side in (0, 1)]
        writers = [threading.Thread(target=self._write, args=(side,), daemon=True) for side in (0, 1)]
        for thread in (*readers, *writers):
            thread.start()
        for thread in readers:
            thread.join()  # each read has the stream's deadline
        for thread in writers:
            # Once both runs have ended, each harness reads its input to the end at once.
            thread.join(TRANSFER_MARGIN_S)
            if thread.is_alive():
                self.errors.append(SandboxError("a sandbox did not take the end of an interaction"))
        if self.errors:
            raise self.errors[0]

    def _read(self, side: int) -> None:
        other = 1 - side
        try:
            while True:
                item = self.streams[side].next()
                if item == b"":  # it closed its output and runs on: the other's input ends, as a pipe's would
                    self.inboxes[other].put(None)
                    continue
                if isinstance(item, bytes):
                    with self._lock:
                        if side == _PROGRAM and self.ended_first == _VALIDATOR:
                            self.unread += len(item)
                        self.waiting[other] += len(item)
                    self.inboxes[other].put(item)
                    continue
                with self._lock:
                    self.results[side] = item
                    if self.ended_first is None:
                        self.ended_first = side
                    if side == _PROGRAM and item.result.status is RunStatus.OLE:
                        self.flooded_at = self.waiting[other]
                if side == _PROGRAM and not item.result.ok:
                    # A program stopped for a limit or a crash: through a pipe the validator would have had a
                    # pipe's worth of what it wrote and not yet read; here all of it waits in the relay, and a
                    # slow validator could spend its own limits on it. The program's end decides anyway.
                    _drop_pending(self.inboxes[other])
                break
        except SandboxError as exc:
            self.errors.append(exc)
        finally:
            # The other side's input ends after what this side wrote; this side's input is of no more use.
            self.inboxes[other].put(None)
            self.inboxes[side].put(None)

    def _write(self, side: int) -> None:
        stream = self.streams[side]
        try:
            while (chunk := self.inboxes[side].get()) is not None:
                if not stream.ended:
                    stream.feed(chunk)
                with self._lock:
                    self.waiting[side] -= len(chunk)
            stream.close_input()
        except SandboxError as exc:
            self.errors.append(exc)


def _drop_pending(inbox: queue.SimpleQueue[bytes | None]) -> None:
    """Forget the chunks that wait in ``inbox`` (its writer may be sending one meanwhile)."""
    try:
        while True:
            inbox.get_nowait()
    except queue.Empty:
        pass
