"""The memory watch: a seccomp filter hands the program's anonymous ``mmap`` and ``mremap`` calls to the
harness, which traces the program with ptrace to learn, without cgroups, whether such a call failed for lack of
address space and the peak resident memory of every process at its exit."""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import signal
import time

from .common import HarnessFault, libc

# ptrace(2) and seccomp(2) constants (x86_64; elsewhere runs are not traced, see TRACEABLE).
PTRACE_TRACEME, PTRACE_PEEKUSER, PTRACE_CONT, PTRACE_SYSCALL, PTRACE_SETOPTIONS = 0, 3, 7, 24, 0x4200
PTRACE_O_TRACESYSGOOD, PTRACE_O_TRACEFORK, PTRACE_O_TRACEVFORK, PTRACE_O_TRACECLONE = 0x1, 0x2, 0x4, 0x8
PTRACE_O_TRACEEXEC, PTRACE_O_TRACEEXIT, PTRACE_O_TRACESECCOMP, PTRACE_O_EXITKILL = 0x10, 0x40, 0x80, 0x100000
PTRACE_EVENT_EXIT, PTRACE_EVENT_SECCOMP = 6, 7
TRACE_OPTIONS = (
    PTRACE_O_TRACESYSGOOD
    | PTRACE_O_TRACEFORK
    | PTRACE_O_TRACEVFORK
    | PTRACE_O_TRACECLONE
    | PTRACE_O_TRACEEXEC
    | PTRACE_O_TRACEEXIT
    | PTRACE_O_TRACESECCOMP
    | PTRACE_O_EXITKILL
)
RAX_OFFSET = 10 * 8  # offsetof(struct user_regs_struct, rax)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_SET_DUMPABLE, SECCOMP_MODE_FILTER = 38, 22, 4, 2
AUDIT_ARCH_X86_64, SYS_MMAP, SYS_MREMAP = 0xC000003E, 9, 25
MAP_FIXED, MAP_ANONYMOUS, MAP_FIXED_NOREPLACE = 0x10, 0x20, 0x100000
SECCOMP_RET_ALLOW, SECCOMP_RET_TRACE = 0x7FFF0000, 0x7FF00000
WALL = 0x40000000  # __WALL: wait for every kind of child, threads and tracees included
STOP_SIGNALS = {signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU}

libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
TRACEABLE = platform.machine() == "x86_64"


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def _seccomp_program() -> SockFprog:
    """A filter that hands the tracer mremap and anonymous, non-fixed mmap (how allocators get memory; the
    dynamic loader's mappings are left alone) and allows everything else."""
    ld_abs, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06
    insns = [
        SockFilter(ld_abs, 0, 0, 4),  # 0: arch
        SockFilter(jeq, 0, 6, AUDIT_ARCH_X86_64),  # 1: other ABIs -> allow
        SockFilter(ld_abs, 0, 0, 0),  # 2: syscall number
        SockFilter(jeq, 5, 0, SYS_MREMAP),  # 3: -> trace
        SockFilter(jeq, 0, 3, SYS_MMAP),  # 4: others -> allow
        SockFilter(ld_abs, 0, 0, 16 + 3 * 8),  # 5: mmap's flags (low word of args[3])
        SockFilter(jset, 1, 0, MAP_FIXED | MAP_FIXED_NOREPLACE),  # 6: -> allow
        SockFilter(jset, 1, 0, MAP_ANONYMOUS),  # 7: -> trace
        SockFilter(ret, 0, 0, SECCOMP_RET_ALLOW),  # 8
        SockFilter(ret, 0, 0, SECCOMP_RET_TRACE),  # 9
    ]
    array = (SockFilter * len(insns))(*insns)
    return SockFprog(len(insns), ctypes.cast(array, ctypes.POINTER(SockFilter)))


_SECCOMP = _seccomp_program()


def ptrace(request: int, pid: int, addr: int = 0, data: int = 0) -> int:
    return int(libc.ptrace(request, pid, ctypes.c_void_p(addr), ctypes.c_void_p(data)))


def trace_me() -> None:
    """In the forked child, before exec: become traced by the harness and install the seccomp filter."""
    if ptrace(PTRACE_TRACEME, 0) != 0:
        raise OSError(ctypes.get_errno(), "ptrace(TRACEME)")
    if (
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
        or libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(_SECCOMP), 0, 0) != 0
    ):
        raise OSError(ctypes.get_errno(), "seccomp")


def supervise(pid: int, trace: bool, start: float) -> tuple[int, resource.struct_rusage, int | None, bool, float]:
    """Wait for the main process, serving ptrace stops. Returns its status and rusage, the peak resident
    memory seen at any traced process's exit (KiB), whether an mmap/mremap failed with ENOMEM, and
    the wall time."""
    peak_kb: int | None = None
    mem_hit = False
    started: set[int] = set()
    while True:
        try:
            child, status, rusage = os.wait4(-1, WALL)
        except ChildProcessError:
            raise HarnessFault("the program vanished") from None
        if not os.WIFSTOPPED(status):
            if child == pid:
                return status, rusage, peak_kb, mem_hit, time.monotonic() - start
            continue
        sig, event = os.WSTOPSIG(status), status >> 16
        resume, deliver = PTRACE_CONT, 0
        if sig == signal.SIGTRAP | 0x80:  # leaving an mmap/mremap the filter handed to us
            if libc.ptrace(PTRACE_PEEKUSER, child, ctypes.c_void_p(RAX_OFFSET), None) == -errno.ENOMEM:
                mem_hit = True
        elif sig == signal.SIGTRAP and event == PTRACE_EVENT_SECCOMP:
            resume = PTRACE_SYSCALL
        elif sig == signal.SIGTRAP and event == PTRACE_EVENT_EXIT:
            hwm = _vm_hwm_kb(child)
            if hwm is not None:
                peak_kb = max(peak_kb or 0, hwm)
        elif sig == signal.SIGTRAP and event == 0 and child == pid and trace and pid not in started:
            started.add(pid)  # the exec after PTRACE_TRACEME
            ptrace(PTRACE_SETOPTIONS, pid, 0, TRACE_OPTIONS)
        elif sig == signal.SIGTRAP and event:
            pass  # fork, vfork, clone, exec events
        elif sig not in STOP_SIGNALS:
            deliver = sig  # a real signal: let it through; stops are swallowed (new tracees, job control)
        ptrace(resume, child, 0, deliver)


def _vm_hwm_kb(pid: int) -> int | None:
    """The peak resident set of a live (stopped) process, from /proc."""
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None
