"""Keeps every program out of the run cgroups' folders (``/cgroup``), which the harness must write and a program,
under the same uid, could write too: move itself out of its run's cgroup into the delegated folder above it (its
CPU time and memory then counted by nothing: 600 MiB and 1.5 s of CPU were OK at 256 MiB and 1 s) or raise its
own run's limits. A Landlock domain (Linux 5.13 on) taken by the thread that starts the program, and so by the
program and everything it starts, refuses writing, making and removing anything beneath ``/cgroup``, and allows
them everywhere else as before (the other mounts keep their own read-only flags). Where the kernel has no
Landlock, ``ProgramFence.ruleset`` is None and programs start as before."""

from __future__ import annotations

import ctypes
import os

from .common import libc

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # one number on every architecture
_VERSION = 1  # LANDLOCK_CREATE_RULESET_VERSION
_PATH_BENEATH = 1  # LANDLOCK_RULE_PATH_BENEATH
_WRITE_FILE = 1 << 1
_CHANGES = _WRITE_FILE | sum(1 << bit for bit in range(4, 13))  # remove dir/file, make char/dir/reg/sock/fifo/block/sym
_REFER = 1 << 13  # ABI 2: moving or linking a file into another folder; without it, ABI 1 refuses that everywhere


class _RulesetAttr(ctypes.Structure):
    _fields_ = (("handled_access_fs", ctypes.c_uint64),)


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


def _call(number: int, *args: object) -> int:
    result = int(libc.syscall(number, *args))
    if result < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return result


def fence_ruleset(hidden: str = "cgroup") -> int | None:
    """A Landlock ruleset (its fd) that allows changes beneath every entry of ``/`` but ``hidden``, for
    ``restrict_thread``; None where the kernel has no Landlock (or refuses it)."""
    try:
        abi = _call(_CREATE_RULESET, None, 0, _VERSION)
    except OSError:
        return None
    handled = _CHANGES | (_REFER if abi >= 2 else 0)
    attr = _RulesetAttr(handled)
    try:
        ruleset = _call(_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    except OSError:
        return None
    for name in sorted(os.listdir("/")):
        if name == hidden:
            continue
        try:
            fd = os.open(f"/{name}", os.O_PATH | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            folder = os.path.isdir(f"/proc/self/fd/{fd}")
            rule = _PathBeneath(handled if folder else _WRITE_FILE, fd)
            _call(_ADD_RULE, ruleset, _PATH_BENEATH, ctypes.byref(rule), 0)
        except OSError:
            pass  # a symlink, say: nothing to write beneath
        finally:
            os.close(fd)
    return ruleset


def restrict_thread(ruleset: int | None) -> None:
    """Put the calling thread (and whatever it starts) in ``ruleset``'s domain, for good: call it on a thread that
    ends once it has started the program (or in the forked child). No-new-privileges is already set
    (``seccomp.refuse_forbidden_calls``). Raises ``OSError`` when the kernel refuses."""
    if ruleset is not None:
        _call(_RESTRICT_SELF, ruleset, 0)
