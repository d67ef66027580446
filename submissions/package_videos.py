"""Whether judges' browsers can play the MP4 and QuickTime videos inside a package, as ``movie_tracks`` decides
for a video uploaded alone: an iPhone's HEVC recording or an old camera's MPEG-4 Part 2 clip in a lecture's
``media/`` folder plays nowhere in the judge's browser, the lecture's slide stays black.

Each ``.mp4``, ``.m4v`` and ``.mov`` member whose content is such a movie is read in place through the zip (a few
small reads and seeks; a deflated member is decompressed up to its movie box). A member with no movie box is
damaged; one without a video track is not refused here (a package may play a sound through an ``.mp4``)."""

from __future__ import annotations

import zipfile
from typing import BinaryIO, cast

from .archive import Archive
from .media import HEAD, sniff
from .media_integrity import MOVIES, movie_box
from .movie_tracks import unplayable
from .packages import is_litter
from .report import Code, Problem, problem

SUFFIXES = (".mp4", ".m4v", ".mov")


def unplayable_videos(archive: Archive) -> list[Problem]:
    """The problems of the videos in the checked ``archive`` that judges' browsers could not play, each naming its
    member (``entry``)."""
    found: list[Problem] = []
    for name, info in archive.files.items():
        if name.lower().endswith(SUFFIXES) and not is_litter(name):
            found.extend(_problems(archive.zf, name, info))
    return found


def _problems(zf: zipfile.ZipFile, name: str, info: zipfile.ZipInfo) -> list[Problem]:
    with zf.open(info) as member:
        f = cast(BinaryIO, member)  # a ZipExtFile reads and seeks as a file does
        if sniff(f.read(HEAD)) not in MOVIES:
            return []  # not a movie at all: a page links to it, it is the author's to fix, as any file
        if movie_box(f) is None:
            return [problem(Code.INCOMPLETE, f"{name}: the video is damaged or incomplete", name)]
        return [
            problem(Code(p["code"]), f"{name}: {p['message']}", name, detail=p["detail"])
            for p in unplayable(f)
            if p["code"] != Code.NO_VIDEO
        ]
