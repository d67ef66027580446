"""Benchmark: the public example packages of DOMjudge and Kattis problemtools, judged as their authors expect.

Every reference submission of each package is graded on each backend and compared with what its folder or its
``@EXPECTED_RESULTS@`` annotation expects; what hoithi skips (languages it does not judge, files it cannot use) is
counted apart. The packages are read from local clones of the two public repositories (bare clones are fine: files
are read with ``git ls-tree`` and ``git cat-file``), into a temporary folder; nothing is downloaded or kept.

    .venv/bin/python -m bench.example_packages --domjudge PATH --problemtools PATH [--backends docker,bwrap]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from judge.errors import ProblemError
from judge.package import load_problem
from judge.verify import check_submissions, with_derived_limit
from sandbox.backends import get_backend

DOMJUDGE = ("hello", "fltcmp", "hangman", "jumble", "boolfind")
PROBLEMTOOLS = ("hello", "different", "oddecho", "guess", "unmodified")


def extract(repo: Path, folder: str, into: Path) -> Path | None:
    """Copy ``folder`` of the repository's HEAD into ``into`` (file by file; absent large files are left out)."""
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "-z", "HEAD", "--", folder], capture_output=True, check=True
    ).stdout
    if not listing:
        return None
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind != b"blob":
            continue
        target = into / path.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        blob = subprocess.run(["git", "-C", str(repo), "cat-file", "blob", sha.decode()], capture_output=True)
        if blob.returncode != 0:
            continue  # a partial clone may lack it
        if mode == b"120000":
            target.symlink_to(blob.stdout.decode())
        else:
            target.write_bytes(blob.stdout)
    root = into / folder
    for answer in root.glob("data/**/*.ans"):
        if not answer.with_suffix(".in").exists():  # its input is missing from the clone: drop the test
            print(f"note: {answer.relative_to(into)} has no input in this clone; the test is left out")
            answer.unlink()
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domjudge", type=Path, required=True, help="a clone of DOMjudge/domjudge")
    parser.add_argument("--problemtools", type=Path, required=True, help="a clone of Kattis/problemtools")
    parser.add_argument("--backends", default="docker,bwrap")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hoithi-examples-") as tmp:
        packages = []
        for repo, prefix, names in (
            (options.domjudge, "example_problems", DOMJUDGE),
            (options.problemtools, "examples", PROBLEMTOOLS),
        ):
            for name in names:
                folder = extract(repo, f"{prefix}/{name}", Path(tmp) / repo.name.replace("+", "_"))
                if folder is not None:
                    packages.append((f"{prefix.split('_')[0]}/{name}", folder))
        for backend_name in options.backends.split(","):
            backend = get_backend(backend_name)
            print(f"== {backend_name}")
            print(f"{'package':<24} {'judged':>6} {'as expected':>11} {'skipped':>7}  misses")
            for label, folder in packages:
                started = time.monotonic()
                try:
                    problem, _ = with_derived_limit(load_problem(folder), backend)
                except ProblemError as exc:
                    print(f"{label:<24} refused: {exc}")
                    continue
                checked = check_submissions(problem, backend)
                misses = [
                    f"{c.submission.path.split('/')[-1]}: expected {'/'.join(sorted(c.submission.expected))}, "
                    f"got {c.report.verdict} {c.report.score:g}/{c.report.max_score:g}"
                    for c in checked
                    if not c.ok
                ]
                good = sum(c.ok for c in checked)
                print(
                    f"{label:<24} {len(checked):>6} {good:>11} {len(problem.skipped):>7}  "
                    f"({time.monotonic() - started:.0f} s) {'; '.join(misses)}"
                )


if __name__ == "__main__":
    main()
