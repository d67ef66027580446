"""Java, judged as DOMjudge and Kattis judge it, on both sandbox backends."""

from __future__ import annotations

import pytest

from judge.grader import grade
from judge.package import load_problem
from judge.problem import Problem
from judge.verdict import Verdict
from sandbox.languages import LANGUAGES
from sandbox.session import Backend

from ..sandbox.conftest import usable
from .conftest import DATA

pytestmark = pytest.mark.slow  # every test grades programs in a real sandbox

SUM_BUFFERED = b"""import java.io.*;
import java.util.StringTokenizer;

public final class Tong {
    static long add(long a, long b) { return a + b; }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer words = new StringTokenizer(in.readLine());
        System.out.println(add(Long.parseLong(words.nextToken()), Long.parseLong(words.nextToken())));
    }
}
"""
SUM_SCANNER_IN_A_PACKAGE = b"""package vn.hoithi;
// public class NotThis: a comment does not name the file
import java.util.Scanner;

class Helper { static long twice(long x) { return 2 * x; } }

public class Solution {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        long a = in.nextLong(), b = in.nextLong();
        System.out.println(Helper.twice(a + b) / 2);
    }
}
"""


@pytest.fixture(
    scope="module",
    params=[pytest.param("docker", marks=pytest.mark.docker), pytest.param("bwrap", marks=pytest.mark.bwrap)],
)
def any_backend(request: pytest.FixtureRequest) -> Backend:
    return usable(request.param)


@pytest.fixture(scope="module")
def sum_task() -> Problem:
    return load_problem(DATA / "themis" / "SUM")


@pytest.mark.parametrize("source", [SUM_BUFFERED, SUM_SCANNER_IN_A_PACKAGE], ids=["public-final", "package"])
def test_a_java_sum_is_accepted(source: bytes, sum_task: Problem, any_backend: Backend) -> None:
    report = grade(sum_task, source, LANGUAGES["java"], any_backend)
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100), report.judge_log
    assert [t.verdict for t in report.tests] == [Verdict.AC] * 5
    assert all(t.memory_kb > 0 for t in report.tests)


def test_java_verdicts_other_than_accepted(sum_task: Problem, any_backend: Backend) -> None:
    wrong = SUM_BUFFERED.replace(b"return a + b;", b"return a - b;")
    assert grade(sum_task, wrong, LANGUAGES["java"], any_backend).verdict is Verdict.WA
    broken = grade(sum_task, b"public class Broken { void f( }\n", LANGUAGES["java"], any_backend)
    assert broken.verdict is Verdict.CE
    assert "Broken.java:1: error" in broken.compile_output
    no_main = b'public class main {\n    int main() { System.out.println("Hello"); return 0; }\n}\n'
    missing = grade(sum_task, no_main, LANGUAGES["java"], any_backend)
    assert missing.verdict is Verdict.CE  # as DOMjudge: found when compiling, not as a run-time error
    assert "no method public static void main" in missing.compile_output
