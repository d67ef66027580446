"""The system calls no program in the sandbox may make: the kernel's keyrings (``add_key``, ``request_key``,
``keyctl``). A key outlives the process that made it (the user's keyring is the sandbox's own user's), so a run
could leave a note there for the next test to read; Docker's default seccomp profile refuses these calls, and the
harness refuses them on every backend, with the same EPERM, before it starts any program."""

from __future__ import annotations

import ctypes
import errno

from .common import libc

_KEYRING_CALLS = {  # audit architecture -> add_key, request_key, keyctl
    0xC000003E: (248, 249, 250),  # x86_64 (x32's numbers are these with bit 30 set, cleared before comparing)
    0x40000003: (286, 287, 288),  # i386, reachable from a 64-bit program through int 0x80
    0xC00000B7: (217, 218, 219),  # aarch64
}
_X32_BIT_CLEARED = 0xBFFFFFFF
_LOAD_NR, _LOAD_ARCH = (0x20, 0, 0, 0), (0x20, 0, 0, 4)  # BPF_LD|BPF_W|BPF_ABS of seccomp_data.nr, .arch
_AND, _JEQ, _RET = 0x54, 0x15, 0x06  # BPF_ALU|BPF_AND|BPF_K, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
_ALLOW, _DENY = 0x7FFF0000, 0x00050000 | errno.EPERM  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class _Instruction(ctypes.Structure):
    _fields_ = (("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint))


class _Program(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction)))


def _instructions() -> list[tuple[int, int, int, int]]:
    """The filter: on each architecture its three calls are refused, anything else is allowed."""
    program: list[tuple[int, int, int, int]] = [_LOAD_ARCH]
    refusals: list[int] = []  # where a comparison jumps to the refusal when it holds
    for arch, numbers in _KEYRING_CALLS.items():
        program.append((_JEQ, 0, len(numbers) + 3, arch))  # another architecture skips to the next one
        program += [_LOAD_NR, (_AND, 0, 0, _X32_BIT_CLEARED)]
        for number in numbers:
            refusals.append(len(program))
            program.append((_JEQ, 0, 0, number))
        program.append((_RET, 0, 0, _ALLOW))
    program.append((_RET, 0, 0, _ALLOW))
    deny = len(program)
    program.append((_RET, 0, 0, _DENY))
    for at in refusals:
        code, _, jf, k = program[at]
        program[at] = (code, deny - at - 1, jf, k)
    return program


def refuse_keyrings() -> None:
    """Install the filter on the calling thread, inherited by every thread and program it starts afterwards (call
    it before any); raises ``OSError`` when the kernel refuses."""
    instructions = _instructions()
    table = (_Instruction * len(instructions))(*(_Instruction(*row) for row in instructions))
    program = _Program(len(instructions), table)
    for call in ((PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0)):
        if libc.prctl(*call) != 0:
            raise OSError(ctypes.get_errno(), f"cannot refuse the keyring calls: {errno.errorcode[ctypes.get_errno()]}")
