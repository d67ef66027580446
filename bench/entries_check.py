"""Benchmark: checking uploaded entries is fast on big packages and streams big files.

1. A 500 MB video (a sparse file behind a valid MP4 header): peak RSS increase while checking it (the header is
   all that is read).
2. A package holding one 500 MB stored entry: time, and peak RSS increase while every byte is unpacked and its
   CRC checked in chunks.
3. A 10,000-file HTML5 package: median time of 5 checks. Target: < 2 s.

    .venv/bin/python -m bench.entries_check
"""

from __future__ import annotations

import resource
import statistics
import struct
import tempfile
import time
import zipfile
from pathlib import Path

from submissions.validate import check_file

MB = 1024 * 1024
BIG = 500 * MB
_HANDLER = struct.pack(">I4s", 32, b"hdlr") + bytes(8) + b"vide" + bytes(12)
_MOOV = struct.pack(">I4sI4sI4s", 56, b"moov", 48, b"trak", 40, b"mdia") + _HANDLER  # one video track
MP4_HEAD = (
    struct.pack(">I4s4sI", 24, b"ftyp", b"isom", 512) + b"isommp41" + _MOOV + struct.pack(">I4s", BIG - 80, b"mdat")
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed_check(path: Path) -> tuple[float, float]:
    """(seconds, peak RSS increase in MB) of one check, which must accept the file."""
    before = peak_rss_mb()
    start = time.perf_counter()
    report = check_file(path)
    elapsed = time.perf_counter() - start
    assert report.ok, report.errors
    return elapsed, peak_rss_mb() - before


def sparse_video(path: Path) -> Path:
    with open(path, "wb") as f:
        f.write(MP4_HEAD)
        f.truncate(BIG)
    return path


def package_with_big_entry(path: Path) -> Path:
    chunk = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("index.html", "<!doctype html><video src='video.mp4'></video>")
        with zf.open("video.mp4", "w", force_zip64=True) as f:
            for _ in range(BIG // MB):
                f.write(chunk)
    return path


def ten_thousand_files(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("lesson/index.html", "<!doctype html><title>Bài giảng</title>")
        for i in range(10_000 - 1):
            zf.writestr(f"lesson/slides/{i:05}.js", f"var slide{i} = {{n: {i}, text: 'Trang {i}'}};\n" * 20)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seconds, rss = timed_check(sparse_video(root / "video.mp4"))
        print(f"500 MB video:                 {seconds * 1000:7.1f} ms, peak RSS +{rss:.1f} MB")
        seconds, rss = timed_check(package_with_big_entry(root / "big.zip"))
        print(f"package, one 500 MB entry:    {seconds * 1000:7.1f} ms, peak RSS +{rss:.1f} MB")
        package = ten_thousand_files(root / "many.zip")
        times = [timed_check(package)[0] for _ in range(5)]
        verdict = "ok" if statistics.median(times) < 2 else "OVER TARGET"
        print(
            f"10,000-file HTML5 package:    {statistics.median(times) * 1000:7.1f} ms median of 5 "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; target < 2000 ms: {verdict})"
        )


if __name__ == "__main__":
    main()
