"""A source is compiled once per host: a custom checker, a contestant's program sent again or rejudged, a
compile error; later gradings give the same reports. A damaged entry is compiled again, another compiler's is
another entry."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from judge import program_cache
from judge.grader import Report, grade
from judge.package import load_problem
from judge.problem import Problem
from sandbox.languages import LANGUAGES
from sandbox.session import Backend

pytestmark = pytest.mark.bwrap

VALIDATOR = b"""#include <stdio.h>
/* Kattis output validator: the team prints two positive integers adding up to n. */
static int reject(const char *feedback_dir, const char *why) {
    char path[4096];
    snprintf(path, sizeof path, "%s/judgemessage.txt", feedback_dir);
    FILE *out = fopen(path, "w");
    if (out) { fputs(why, out); fclose(out); }
    return 43;
}
int main(int argc, char **argv) {
    long n, a, b;
    FILE *in = fopen(argv[1], "r");
    if (!in || fscanf(in, "%ld", &n) != 1) return 1;
    if (scanf("%ld %ld", &a, &b) != 2) return reject(argv[3], "expected two integers");
    if (a <= 0 || b <= 0 || a + b != n) return reject(argv[3], "not a split of n");
    return 42;
}
"""
WARNED = b"""#include <cstdio>
#warning "HERE"
int main() { long a, b; std::scanf("%ld %ld", &a, &b); std::printf("%ld\\n", a + b); }
"""
SUM = Path(__file__).parent / "data" / "themis" / "SUM"
GOOD = "n = int(input())\nprint(n - 1, 1)\n"
BAD = "n = int(input())\nprint(0, n)\n"


@pytest.fixture
def split_in_c(package: Callable[[str], Path]) -> Problem:
    root = package("kattis/split")
    folder = root / "output_validators" / "split_validator"
    (folder / "validate.py").unlink()
    (folder / "validate.c").write_bytes(VALIDATOR)
    return load_problem(root)


def verdicts(report: Report) -> list[tuple[str, str, float, str]]:
    return [(t.name, str(t.verdict), t.score, t.message) for t in report.tests]


def gradings(problem: Problem, backend: Backend) -> tuple[Report, Report]:
    return (
        grade(problem, GOOD.encode(), LANGUAGES["python"], backend),
        grade(problem, BAD.encode(), LANGUAGES["python"], backend),
    )


@pytest.fixture(scope="module", autouse=True)
def unseen_sources() -> None:
    """Sources no earlier test of the run compiled: a comment of their own."""
    global GOOD, BAD
    mark = f"# {random.random()}\n"
    GOOD, BAD = GOOD + mark, BAD + mark


def entries(cache: Path) -> set[Path]:
    folder = cache / "compiled"
    return {p for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() else set()


def test_a_checker_is_compiled_once_and_reused(split_in_c: Problem, backend: Backend, judge_cache: Path) -> None:
    before = program_cache.compilations
    known = entries(judge_cache)

    first = gradings(split_in_c, backend)
    made = entries(judge_cache) - known  # the checker's, and the two Python submissions' (checked for syntax)
    entry = max(made, key=lambda path: path.stat().st_size)  # the checker's binary
    assert (len(made), program_cache.compilations) == (3, before + 3)
    assert (first[0].verdict, first[0].score) == ("AC", 100)
    assert (first[1].verdict, first[1].score) == ("WA", 0)
    assert "not a split of n" in first[1].tests[0].message

    again = gradings(split_in_c, backend)
    assert program_cache.compilations == before + 3  # installed from the cache, never compiled
    assert [verdicts(r) for r in again] == [verdicts(r) for r in first]

    entry.write_bytes(entry.read_bytes()[:100])  # a damaged entry is compiled again and replaced
    repaired = gradings(split_in_c, backend)
    assert program_cache.compilations == before + 4
    assert [verdicts(r) for r in repaired] == [verdicts(r) for r in first]
    assert len(entry.read_bytes()) > 100


def test_same_source_twice_compiles_once_with_the_same_report(backend: Backend, judge_cache: Path) -> None:
    sum_problem = load_problem(SUM)
    source = WARNED.replace(b"HERE", str(random.random()).encode())  # a source this run has not seen
    before, hits = program_cache.compilations, program_cache.hits

    first = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    assert (program_cache.compilations, program_cache.hits) == (before + 1, hits)
    second = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    assert (program_cache.compilations, program_cache.hits) == (before + 1, hits + 1)

    assert (first.verdict, first.score) == ("AC", 100)
    assert "#warning" in first.compile_output  # the compiler's messages come back with the program
    assert second.compile_output == first.compile_output
    assert verdicts(second) == verdicts(first)


def test_a_compile_error_is_kept_and_given_again(backend: Backend, judge_cache: Path) -> None:
    sum_problem = load_problem(SUM)
    source = b"int main() { return 0 }  // " + str(random.random()).encode() + b"\n"
    before = program_cache.compilations

    first = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    second = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    assert program_cache.compilations == before + 1
    assert (first.verdict, second.verdict) == ("CE", "CE")
    assert "expected" in first.compile_output
    assert second == first


def test_a_corrupt_program_is_compiled_again(backend: Backend, judge_cache: Path) -> None:
    sum_problem = load_problem(SUM)
    source = WARNED.replace(b"HERE", str(random.random()).encode())
    known = entries(judge_cache)
    first = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    (entry,) = entries(judge_cache) - known
    body = bytearray(entry.read_bytes())
    body[-200] ^= 0xFF  # one byte of the program: it could still run, and do anything
    entry.write_bytes(bytes(body))
    before = program_cache.compilations

    again = grade(sum_problem, source, LANGUAGES["cpp"], backend)
    assert program_cache.compilations == before + 1
    assert verdicts(again) == verdicts(first)
    assert entry.read_bytes() != bytes(body)  # replaced by the new compilation


def test_another_compiler_is_another_toolchain(backend: Backend, tmp_path: Path) -> None:
    """A compiler rebuilt or upgraded in place (same path, other bytes) never meets the old one's entries."""
    compiler = tmp_path / "cc"
    compiler.write_bytes(b"#!/bin/sh\n")
    compiler.chmod(0o755)
    made_here = replace(LANGUAGES["c"], compile=(str(compiler), "-o", "main", "main.c"))
    before = program_cache.toolchain(backend, made_here)
    compiler.write_bytes(b"#!/bin/sh\n# 12.2.0-14+deb12u1\n")
    assert program_cache.toolchain(backend, made_here) != before
    assert str(compiler) in before
    assert program_cache.toolchain(backend, LANGUAGES["c"]) != program_cache.toolchain(backend, LANGUAGES["cpp"])
    assert "gcc=" in program_cache.toolchain(backend, LANGUAGES["c"])
    assert program_cache.compiler(LANGUAGES["java"]) == "javac"


GIB = 1024**3


def bound_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("HOITHI_JUDGE_CACHE", str(folder))
    cache = program_cache._cache()
    assert cache is not None
    return cache.max_bytes


def test_the_default_bound_holds_a_contests_static_programs_on_a_disk_but_a_quarter_of_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A static C++ program takes 1.7 MiB: 2 GiB held ~1,200, fewer than a contest of 1,000 contestants sends
    for one problem, so a rejudge compiled most of them again. On a disk the default holds ~9,600 (16 GiB); on a
    filesystem of its own smaller than 64 GiB (a tmpfs /tmp, in memory) a quarter of it."""
    monkeypatch.delenv("HOITHI_JUDGE_CACHE_MB", raising=False)
    disk = os.statvfs(tmp_path)
    assert disk.f_blocks * disk.f_frsize >= 64 * GIB  # this machine's disk (and CI's)
    assert bound_in(tmp_path / "judge", monkeypatch) == 16 * GIB
    shm = Path("/dev/shm")
    small = os.statvfs(shm)
    size = small.f_blocks * small.f_frsize
    assert size < 64 * GIB  # the test machine's tmpfs
    assert bound_in(shm / f"hoithi-test-{os.getpid()}" / "judge", monkeypatch) == size // 4
    monkeypatch.setenv("HOITHI_JUDGE_CACHE_MB", "100")
    assert bound_in(tmp_path / "judge", monkeypatch) == 100 * 1024 * 1024
