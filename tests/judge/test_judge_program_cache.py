"""A custom checker is compiled once per host and reused by later gradings, which give the same verdicts; a
damaged cache entry is compiled again."""

from __future__ import annotations

from collections.abc import Callable
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


def test_a_checker_is_compiled_once_and_reused(split_in_c: Problem, backend: Backend) -> None:
    entry = program_cache.entry_path(backend, LANGUAGES["c"], VALIDATOR)
    entry.unlink(missing_ok=True)
    before = program_cache.compilations

    first = gradings(split_in_c, backend)
    assert program_cache.compilations == before + 1
    assert entry.is_file()
    assert (first[0].verdict, first[0].score) == ("AC", 100)
    assert (first[1].verdict, first[1].score) == ("WA", 0)
    assert "not a split of n" in first[1].tests[0].message

    again = gradings(split_in_c, backend)
    assert program_cache.compilations == before + 1  # installed from the cache, never compiled
    assert [verdicts(r) for r in again] == [verdicts(r) for r in first]

    entry.write_bytes(entry.read_bytes()[:100])  # a damaged entry is compiled again and replaced
    repaired = gradings(split_in_c, backend)
    assert program_cache.compilations == before + 2
    assert [verdicts(r) for r in repaired] == [verdicts(r) for r in first]
    assert len(entry.read_bytes()) > 100


def test_the_cache_is_per_source_and_per_backend(backend: Backend) -> None:
    c = LANGUAGES["c"]
    assert program_cache.entry_path(backend, c, VALIDATOR) == program_cache.entry_path(backend, c, VALIDATOR)
    assert program_cache.entry_path(backend, c, VALIDATOR) != program_cache.entry_path(backend, c, VALIDATOR + b"\n")
    assert program_cache.entry_path(backend, c, VALIDATOR) != program_cache.entry_path(
        backend, LANGUAGES["cpp"], VALIDATOR
    )
    assert program_cache.toolchain("docker", c.packages) != program_cache.toolchain("bwrap", c.packages)
    assert "gcc=" in program_cache.toolchain("bwrap", c.packages)
