"""The system calls no program in the sandbox may make: the kernel's keyrings (``add_key``, ``request_key``,
``keyctl``). A key outlives the process that made it (the user's keyring is the sandbox's own user's), so a run
could leave a note there for the next test to read; Docker's default seccomp profile refuses these calls, and the
harness refuses them on every backend, with the same EPERM, before it starts any program. And ``setsid``: under
autogroup a new session is a new scheduling group at nice 0, where the sandbox's runs at the worker's lower nice
(a program, a process group's leader, is refused it by the kernel already; its children were not). And io_uring
(``io_uring_setup``, ``io_uring_enter``, ``io_uring_register``): Docker's default profile refuses it, so a program
would otherwise behave differently on the two backends, and it has been the kernel's most frequent way out of
sandboxes; no contestant's program needs it (its reads and writes work as well without). And, for the same
reason, the other calls Docker's default profile refuses an unprivileged container that bubblewrap's sandbox allowed
(``unshare``, the NUMA memory policies, ``kcmp``, ``process_vm_readv``/``writev``, ``open_tree``), and
``personality`` but for the few personalities Docker allows (``_PERSONAS``): a program that disabled its address
space's randomisation ran on one backend and failed on the other.

Nor the calls that change another process's limits or scheduling (``reach_no_other``): the program runs under the
harness's uid, and the kernel lets a process lower the limits (``prlimit``) or the priority of any process
of its uid, being dumpable or not; a contestant could so cripple the harness for every later test."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import queue
import resource
import threading

from .common import libc

_IO_URING = (425, 426, 427)  # io_uring_setup, io_uring_enter, io_uring_register: the same on every architecture
_DOCKERS = (428, 450)  # open_tree, set_mempolicy_home_node: the same on every architecture
_REFUSED_CALLS = {  # audit architecture -> add_key, request_key, keyctl, setsid, io_uring's, then those Docker's
    # default profile refuses an unprivileged container that bubblewrap's sandbox allowed (measured): unshare, mbind,
    # set_mempolicy, get_mempolicy, migrate_pages, move_pages, kcmp, process_vm_readv, process_vm_writev, open_tree...
    0xC000003E: (248, 249, 250, 112, *_IO_URING, 272, 237, 238, 239, 256, 279, 312, 310, 311, *_DOCKERS),  # x86_64
    # (x32's numbers: these with bit 30 set, cleared first)
    0x40000003: (286, 287, 288, 66, *_IO_URING, 310, 274, 276, 275, 294, 317, 349, 347, 348, *_DOCKERS),  # i386,
    # reachable from a 64-bit program through int 0x80
    0xC00000B7: (217, 218, 219, 157, *_IO_URING, 97, 235, 237, 236, 238, 239, 272, 270, 271, *_DOCKERS),  # aarch64
}
_PERSONALITY = {0xC000003E: 135, 0x40000003: 136, 0xC00000B7: 92}
_PERSONAS = (0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)
"""The personalities Docker's default profile lets a program ask for (Linux's own, 32-bit, a kernel version of 2.6,
both, and the query): no other, such as ADDR_NO_RANDOMIZE."""
_X32_BIT_CLEARED = 0xBFFFFFFF
_LOAD_NR, _LOAD_ARCH = (0x20, 0, 0, 0), (0x20, 0, 0, 4)  # BPF_LD|BPF_W|BPF_ABS of seccomp_data.nr, .arch
_AND, _JEQ, _RET = 0x54, 0x15, 0x06  # BPF_ALU|BPF_AND|BPF_K, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | errno.EPERM  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
_ARG_LOW = 0x10  # seccomp_data.args[0]'s low 32 bits; each argument is 8 bytes further (little-endian)
_PRIO_USER = 2
_OWN_ONLY_CALLS = {  # audit architecture -> prlimit64, sched_setparam, sched_setscheduler, sched_setattr: their
    # first argument (a pid, 0 being the caller) must be 0; setpriority's second (who) too. Not sched_setaffinity:
    # a program may move its threads (docs/judge.md), and the harness's CPUs are no one's verdict
    0xC000003E: ((302, 142, 144, 314), 141),  # x86_64
    0x40000003: ((340, 154, 156, 351), 97),  # i386
    0xC00000B7: ((261, 118, 119, 274), 140),  # aarch64
}


class _Instruction(ctypes.Structure):
    _fields_ = (("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint))


class _Program(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction)))


def _instructions() -> list[tuple[int, int, int, int]]:
    """The filter: on each architecture its calls of ``_REFUSED_CALLS`` are refused, and ``personality`` unless it
    asks for one of ``_PERSONAS``; anything else is allowed."""
    program: list[tuple[int, int, int, int]] = [_LOAD_ARCH]
    refusals: list[int] = []  # where a comparison jumps to the refusal when it holds
    to_persona: list[int] = []  # where a comparison jumps to the test of the personality asked for when it holds
    for arch, numbers in _REFUSED_CALLS.items():
        program.append((_JEQ, 0, len(numbers) + 4, arch))  # another architecture skips to the next one
        program += [_LOAD_NR, (_AND, 0, 0, _X32_BIT_CLEARED)]
        for number in numbers:
            refusals.append(len(program))
            program.append((_JEQ, 0, 0, number))
        to_persona.append(len(program))
        program.append((_JEQ, 0, 0, _PERSONALITY[arch]))
        program.append((_RET, 0, 0, _ALLOW))
    program.append((_RET, 0, 0, _ALLOW))
    persona = len(program)
    program.append((0x20, 0, 0, _ARG_LOW))
    program += [(_JEQ, len(_PERSONAS) - at, 0, asked) for at, asked in enumerate(_PERSONAS)]  # to the allowance
    deny = len(program)
    program += [(_RET, 0, 0, _DENY), (_RET, 0, 0, _ALLOW)]
    for at in refusals:
        code, _, jf, k = program[at]
        program[at] = (code, deny - at - 1, jf, k)
    for at in to_persona:
        code, _, jf, k = program[at]
        program[at] = (code, persona - at - 1, jf, k)
    return program


def _own_only() -> list[tuple[int, int, int, int]]:
    """The filter: on each architecture the calls of ``_OWN_ONLY_CALLS`` are refused when aimed at another process
    (a pid other than 0), and ``setpriority`` also when it aims at a whole user (``PRIO_USER``)."""
    program: list[tuple[int, int, int, int]] = [_LOAD_ARCH]
    to_deny: list[tuple[int, bool]] = []  # (where, whether its true branch, else its false one, jumps to the refusal)
    for arch, (pid_first, setpriority) in _OWN_ONLY_CALLS.items():
        n = len(pid_first)
        program += [(_JEQ, 0, 12 + n, arch), _LOAD_NR, (_AND, 0, 0, _X32_BIT_CLEARED)]  # else the next architecture
        program += [(_JEQ, n + 1 - at, 0, number) for at, number in enumerate(pid_first)]  # to the pid's test
        program += [(_JEQ, 4, 0, setpriority), (_RET, 0, 0, _ALLOW)]  # to the test of who
        program += [(0x20, 0, 0, _ARG_LOW), (_JEQ, 0, 0, 0), (_RET, 0, 0, _ALLOW)]  # the pid is 0
        to_deny.append((len(program) - 2, False))
        program += [(0x20, 0, 0, _ARG_LOW + 8), (_JEQ, 0, 0, 0), (0x20, 0, 0, _ARG_LOW), (_JEQ, 0, 0, _PRIO_USER)]
        to_deny += [(len(program) - 3, False), (len(program) - 1, True)]
        program.append((_RET, 0, 0, _ALLOW))  # who is 0, and not a user
    program.append((_RET, 0, 0, _ALLOW))
    deny = len(program)
    program.append((_RET, 0, 0, _DENY))
    for at, if_true in to_deny:
        code, jt, jf, k = program[at]
        program[at] = (code, deny - at - 1, jf, k) if if_true else (code, jt, deny - at - 1, k)
    return program


def refuse_forbidden_calls() -> None:
    """Install the filter that refuses the keyrings, ``setsid``, io_uring and what else Docker refuses
    (``_instructions``) on the calling thread, inherited by
    every thread and program it starts afterwards (call it before any); raises ``OSError`` when the kernel
    refuses."""
    _install(_instructions(), "the keyring calls, setsid, io_uring and the calls Docker refuses")


def reach_no_other() -> None:
    """Install the filter that refuses reaching another process (``_own_only``) on the calling thread, inherited by
    every thread and program it starts afterwards; raises ``OSError`` when the kernel refuses."""
    _install(_own_only(), "the calls that reach other processes")


def _install(instructions: list[tuple[int, int, int, int]], what: str) -> None:
    table = (_Instruction * len(instructions))(*(_Instruction(*row) for row in instructions))
    program = _Program(len(instructions), table)
    for call in ((PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0)):
        if libc.prctl(*call) != 0:
            raise OSError(ctypes.get_errno(), f"cannot refuse {what}: {errno.errorcode[ctypes.get_errno()]}")


class Limiter(threading.Thread):
    """The one thread of the harness left free to set a program's limits: start it before ``reach_no_other``
    refuses the thread that starts programs (and so them) any reach into another process."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._asked: queue.SimpleQueue[tuple[int, int, int]] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[OSError | None] = queue.SimpleQueue()

    def hold(self, pid: int, cpu_s: int, fsize: int) -> None:
        """Set the program ``pid``'s CPU time limit to ``cpu_s`` seconds (its hard limit one more) and its file size
        limit to ``fsize`` bytes; raises the ``OSError`` of ``prlimit`` (``ProcessLookupError`` when it is gone).

        A limit the program already lowered below these (its first instructions may run before this) stays its own:
        ``prlimit`` cannot raise a hard limit back (EPERM), and a hard limit below ours holds its soft one below ours
        too."""
        self._asked.put((pid, cpu_s, fsize))
        error = self._done.get()
        if error is not None:
            raise error

    def run(self) -> None:
        while True:
            pid, cpu_s, fsize = self._asked.get()
            try:
                held = ((resource.RLIMIT_CPU, (cpu_s, cpu_s + 1)), (resource.RLIMIT_FSIZE, (fsize, fsize)))
                for which, wanted in held:
                    with contextlib.suppress(PermissionError):
                        resource.prlimit(pid, which, wanted)
            except OSError as exc:
                self._done.put(exc)
            else:
                self._done.put(None)
