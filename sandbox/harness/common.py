"""What every part of the harness shares: libc, the programs' environment, the harness's own fault, and the
plumbing that writes, finds, kills and cleans up."""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import signal

PR_SET_DUMPABLE = 4

PROGRAM_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/box", "TMPDIR": "/box"}

libc = ctypes.CDLL(None, use_errno=True)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


class HarnessFault(Exception):
    """Something went wrong on the harness's side, never the program's."""


def kill_all() -> None:
    """SIGKILL every process of the namespace but PID 1 (atomic with respect to fork)."""
    with contextlib.suppress(ProcessLookupError):  # nothing left
        os.kill(-1, signal.SIGKILL)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def find_program(command: str) -> str:
    for directory in PROGRAM_ENV["PATH"].split(":"):
        path = os.path.join(directory, command)
        if os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(command)


def empty_dir(path: str) -> None:
    """Remove everything in ``path``, whatever the program left: any depth of folders (no recursion, one open
    folder at a time, so neither Python's stack nor the file table nor PATH_MAX limits it), folders without
    permissions, FIFOs, sockets and devices (never opened, only unlinked), and any number of folders side by side
    (each folder is listed once more only when every subfolder it named is gone, so the work grows with what was
    left, never with its square). Called when no process can add to it."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return
    # Each level: the name of the folder we came down through and the subfolders still to empty there.
    stack: list[tuple[str, list[str]]] = [("", [])]
    try:
        while True:
            pending = stack[-1][1]
            if not pending:  # newly entered, or every subfolder it named is gone: is anything left?
                with os.scandir(fd) as listing:
                    for entry in listing:
                        if not entry.is_dir(follow_symlinks=False):
                            os.unlink(entry.name, dir_fd=fd)
                        elif not _removed_if_empty(entry.name, fd):
                            pending.append(entry.name)
            if pending:
                name = pending.pop()
                os.chmod(name, 0o700, dir_fd=fd)
                inner = os.open(name, flags, dir_fd=fd)
                os.close(fd)
                fd = inner
                stack.append((name, []))
                continue
            if len(stack) == 1:
                return
            name, _ = stack.pop()
            outer = os.open("..", flags, dir_fd=fd)
            os.close(fd)
            fd = outer
            os.rmdir(name, dir_fd=fd)
    finally:
        os.close(fd)


def _removed_if_empty(name: str, folder: int) -> bool:
    """Remove the folder ``name`` in ``folder`` (a descriptor) if it is empty: one call, where emptying it takes
    seven."""
    try:
        os.rmdir(name, dir_fd=folder)
    except OSError:
        return False
    return True


def remove_sysv_ipc() -> None:
    """Remove the shared memory segments, semaphore sets and message queues left in our IPC namespace."""
    ipc_rmid = 0
    for table, remove in (("shm", libc.shmctl), ("sem", libc.semctl), ("msg", libc.msgctl)):
        try:
            with open(f"/proc/sysvipc/{table}") as listing:
                rows = listing.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            ident = int(row.split()[1])
            if table == "sem":
                remove(ident, 0, ipc_rmid, None)
            else:
                remove(ident, ipc_rmid, None)
