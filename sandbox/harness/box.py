"""The working directory a sandbox's programs run in: what the harness writes into it before a run and reads out
of it after, never following a link a program left, its rights given back and its contents emptied between runs."""

from __future__ import annotations

import os
import stat

from .common import HarnessFault, empty_dir, write_all


class Box:
    """The working directory at ``path``, with the rights it had when the harness began."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._mode = stat.S_IMODE(os.stat(path).st_mode)
        self._given: dict[str, tuple[int, int, int]] = {}  # name -> (inode, size, mtime) as ``write`` left it

    def take_back(self) -> None:
        """Give the working directory back the rights a program may have taken from it (``chmod(".", 0)``), so
        that what the program left can be read and removed: once no process of the program is left, nothing can
        take them again."""
        os.chmod(self.path, self._mode)

    def empty(self) -> None:
        """Remove everything in the working directory."""
        empty_dir(self.path)
        self._given.clear()

    def _path(self, name: str) -> str:
        """The path of ``name``, relative to the working directory: folders are allowed ("feedback/x"),
        an absolute name, an empty or a ``.``/``..`` part is not."""
        parts = name.split("/")
        if name.startswith("/") or "\0" in name or any(part in ("", ".", "..") for part in parts):
            raise HarnessFault(f"bad file name {name!r}")
        return os.path.join(self.path, name)

    def write(self, name: str, data: bytes, mode: int) -> None:
        if name.endswith("/"):  # a folder, made even when nothing is put in it
            os.makedirs(self._path(name[:-1]), exist_ok=True)
            return
        path = self._path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            write_all(fd, data)
            # dated at the epoch: a program's change dates it now, even within the clock's tick of this write
            os.utime(fd, ns=(0, 0))
            self._given[name] = _identity(os.fstat(fd))
        finally:
            os.close(fd)

    def link(self, target: str, name: str) -> None:
        """Give ``name`` as another name of ``target``, a file written by ``write`` for the same run: one file, as
        the spellings of a name are one file on Windows (where Themis runs), held once."""
        if target not in self._given:
            raise HarnessFault(f"cannot link {name!r} to {target!r}, which was not given")
        path = self._path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.link(self._path(target), path, follow_symlinks=False)
        self._given[name] = self._given[target]

    def read_file(self, name: str, cap: int) -> bytes | None:
        """The first ``cap`` bytes of a regular file the program left, else None (no symlink is followed,
        neither the file nor a folder on its way)."""
        self._path(name)
        fds: list[int] = []
        try:
            fds.append(os.open(self.path, os.O_RDONLY | os.O_DIRECTORY))
            *folders, last = name.split("/")
            for folder in folders:
                fds.append(os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fds[-1]))
            fds.append(_open_readable(last, fds[-1]))
            if not stat.S_ISREG(os.fstat(fds[-1]).st_mode):
                return None
            return os.pread(fds[-1], cap, 0)
        except OSError:
            return None
        finally:
            for fd in fds:
                os.close(fd)

    def folder_files(self, folder: str) -> list[str]:
        """The names ("folder/name") of the regular files directly inside ``folder``, at most 100."""
        try:
            entries = sorted(os.scandir(self._path(folder.rstrip("/"))), key=lambda entry: entry.name)
        except OSError:
            return []
        names = [f"{folder.rstrip('/')}/{e.name}" for e in entries if e.is_file(follow_symlinks=False)]
        return names[:100]

    def stat_file(self, name: str) -> tuple[bytes, int] | None:
        data = self.read_file(name, 1 << 31)
        if data is None:
            return None
        return data, os.stat(self._path(name)).st_mode & 0o755

    def oversize_file(self, cap: int) -> bool:
        """Whether the program left a file larger than ``cap`` anywhere in the working directory, in folders of any
        depth (one open folder at a time, never following a link, so neither the file table nor PATH_MAX limits
        it; called once the program is gone). The files the judge gave (the program itself, its input files) are
        not the program's output, under whatever name: one is counted only once the program changed it (another
        inode, size or modification time).

        No folder is looked into when the box (its own tmpfs) holds no more than ``cap`` bytes in all: no file can
        be larger then (RLIMIT_FSIZE lets no program make a sparse one past it), and a program that made countless
        empty folders, which hold no bytes, is not walked through folder by folder (~25 us each) before its answer."""
        box = os.statvfs(self.path)
        if (box.f_blocks - box.f_bfree) * box.f_frsize <= cap:
            return False
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
        fd = os.open(self.path, flags)
        try:
            given = set(self._given.values())
            oversize, subfolders = self._look_into(fd, given, cap)
            todo = [subfolders]  # each level's subfolders still to look into
            while not oversize and todo:
                if not todo[-1]:
                    todo.pop()
                    if todo:  # back up from a subfolder
                        outer = os.open("..", flags, dir_fd=fd)
                        os.close(fd)
                        fd = outer
                    continue
                name = todo[-1].pop()
                try:
                    os.chmod(name, 0o700, dir_fd=fd)  # a folder (no one is left to swap it): the box is emptied next
                    inner = os.open(name, flags, dir_fd=fd)
                except OSError:
                    continue
                os.close(fd)
                fd = inner
                oversize, subfolders = self._look_into(fd, given, cap)
                todo.append(subfolders)
            return oversize
        finally:
            os.close(fd)

    @staticmethod
    def _look_into(folder: int, given: set[tuple[int, int, int]], cap: int) -> tuple[bool, list[str]]:
        """Whether the open ``folder`` holds a file over ``cap`` that is none of the ``given`` ones (by inode, size
        and modification time: under whatever name the program moved or linked it), and its subfolders."""
        subfolders: list[str] = []
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    if entry.is_dir(follow_symlinks=False):
                        subfolders.append(entry.name)
                    elif entry.is_file(follow_symlinks=False):
                        found = entry.stat(follow_symlinks=False)
                        if found.st_size > cap and _identity(found) not in given:
                            return True, []
        except OSError:  # a folder that cannot be listed is left out
            return False, []
        return False, subfolders


def _identity(found: os.stat_result) -> tuple[int, int, int]:
    """What tells a file the judge wrote from one the program wrote or changed since."""
    return found.st_ino, found.st_size, found.st_mtime_ns


def _open_readable(name: str, folder: int) -> int:
    """Open ``name`` in ``folder`` (a descriptor) for reading, never following a symlink; a regular file the
    program closed to reading (``chmod 000``, read on Windows as read-only) is opened all the same, as Themis
    reads it there. Called once the program is gone, so that no one can change the file meanwhile."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        return os.open(name, flags, dir_fd=folder)
    except PermissionError:
        if not stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
            raise
        os.chmod(name, 0o600, dir_fd=folder)
        return os.open(name, flags, dir_fd=folder)
