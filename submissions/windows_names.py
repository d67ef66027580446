"""The names of an e-lecture package that Windows, where judges download and unpack it, cannot unpack: a name
Windows cannot make (a Mac allows "Phân số là gì?.mp4"; ``con.html`` is a device), and a file named as a folder of
the package (``media`` beside ``media/a.png``: one of them is lost on any computer). ``archive`` has read the zip
safely already; these are a package's own refusals, not every zip's (a Themis task, a lab's files, a zip inside a
package are read all the same)."""

from __future__ import annotations

import re

from .archive import Archive
from .report import Code, Problem, problem
from .zip_names import DRIVE, entry_name, file_key, is_folder

_NOT_ON_WINDOWS = re.compile(r'[<>:"|?*]')  # what Windows refuses in a file or folder name (macOS allows them)
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", *"¹²³")}
_DOWNLOAD_MARK = ":zone.identifier"  # Windows's note of where a file came from, kept as a file by WSL and 7-Zip


def unpacking_problems(archive: Archive, root: str) -> list[Problem]:
    """The names of ``archive``, an e-lecture package that judges download and unpack on Windows, that cannot be
    unpacked there: one Windows cannot make (``_windows_refuses``; the real name, as ``entry_name`` reads it:
    WinRAR writes ``?`` for Vietnamese letters in the header and the name whole in its Unicode Path field), and a
    file named as a folder of the package (``media`` beside ``media/a.png``: one of them is lost on any computer).
    ``root``, the folder that holds all of the package's files (``packages.package_root``), and the folders around
    it are not judged: the judge's copy names it ``bai-giang/`` and leaves out those around it, and a Mac teacher's
    "Bài 1: Phân số/" is no fault. Zips of other uses (a Themis task, a lab's files, a zip inside a package) are read
    safely all the same."""
    found = []
    folders: set[str] = set()  # as ``file_key`` gives names
    for name in archive.files:
        if _windows_refuses(_within(name, root)):
            found.append(problem(Code.WINDOWS_NAME, f"{name}: Windows cannot make a file or folder of this name", name))
        _add_folders(file_key(name), folders)
    for name in archive.files:
        if file_key(name) in folders:
            message = f"{name}: a file has the name of a folder in the package (one of them cannot be unpacked)"
            found.append(problem(Code.FILE_FOLDER_CLASH, message, name))
    for name in (entry_name(info) for info in archive.zf.infolist() if is_folder(info)):
        if root.startswith(name) or file_key(name) in folders:
            continue  # the root or around it (see above), or a folder whose files were judged
        if _windows_refuses(_within(name, root)):  # an empty folder
            found.append(problem(Code.WINDOWS_NAME, f"{name}: Windows cannot make a file or folder of this name", name))
    return found


def _within(name: str, root: str) -> str:
    """``name`` from inside the package's ``root`` folder, as the judge's copy writes it below ``bai-giang/``; ``""``
    for a name that climbs or names a drive, refused already."""
    if DRIVE.match(name):
        return ""
    return name[len(root) :] if name.startswith(root) else name


def _windows_refuses(name: str) -> bool:
    """Whether Windows, where judges unpack a downloaded package, cannot make the file or folder ``name``: a part
    holding one of ``< > : " | ? *`` (a Mac allows them: "Phân số là gì?.mp4") or named as a device (``_DEVICES``).
    What an operating system leaves in a zip and the copy leaves out (``__MACOSX/``, a download mark) is not the
    teacher's to rename."""
    if name.startswith("__MACOSX/") or name.casefold().endswith(_DOWNLOAD_MARK):
        return False
    parts = [part for part in name.split("/") if part]
    return any(_NOT_ON_WINDOWS.search(part) or part.split(".")[0].rstrip(" ").upper() in _DEVICES for part in parts)


def _add_folders(key: str, folders: set[str]) -> None:
    """Add the folders holding ``key`` to ``folders``, the deepest first, stopping at one already there (those
    above it are too): each folder is made once, however deep the package's paths go (a zip of thousands of files
    two thousand folders deep is read in a moment, not a minute)."""
    end = key.rfind("/")
    while end > 0 and (folder := key[:end]) not in folders:
        folders.add(folder)
        end = key.rfind("/", 0, end)
