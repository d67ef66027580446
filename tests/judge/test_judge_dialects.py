"""C and C++ as the reference judges compile them, and the file handling Vietnamese contestants write around
``ONLINE_JUDGE``: problemtools compiles ``g++ -std=gnu++23 -static``, DOMjudge ``g++ -static`` in the compiler's
own dialect (GCC 12: gnu++17), and neither defines ``ONLINE_JUDGE``. Real bubblewrap sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.grader import Report, grade
from judge.package import load_problem
from judge.problem import Problem
from judge.verdict import Verdict
from judge.windows_sources import as_windows_compiles
from sandbox.languages import LANGUAGES
from sandbox.session import Backend

from .kattis_helpers import build

pytestmark = [pytest.mark.bwrap, pytest.mark.slow]

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sum_kattis(tmp_path_factory: pytest.TempPathFactory) -> Problem:
    """a + b on stdin, as a Kattis package."""
    root = tmp_path_factory.mktemp("ab")
    files = {"problem.yaml": "name: AB\nlimits:\n  time_limit: 1\n", "data/sample/1.in": "1 2\n"}
    files |= {"data/sample/1.ans": "3\n", "data/secret/1.in": "10 20\n", "data/secret/1.ans": "30\n"}
    return load_problem(build(root, files))


@pytest.fixture(scope="module")
def sum_themis() -> Problem:
    """a + b from SUM.INP (or stdin) to SUM.OUT (or stdout), as a Themis task."""
    return load_problem(DATA / "themis" / "SUM")


def judge(problem: Problem, source: str, language: str, backend: Backend) -> Report:
    return grade(problem, source.encode(), LANGUAGES[language], backend)


CPP20 = """#include <bits/stdc++.h>
using namespace std;
int main() {
    long long a, b;
    cin >> a >> b;
    map<long long, int> seen{{a, 1}};
    vector<long long> both{b, a};
    ranges::sort(both);
    auto order = a <=> b;
    cout << (seen.contains(a) && (order < 0 || order >= 0) ? both[0] + both[1] : -1) << "\\n";
}
"""

# valid C++17 that C++20 refuses: an aggregate with a defaulted constructor, and a variable named `concept`
CPP17_ONLY = """#include <bits/stdc++.h>
using namespace std;
struct Pair { long long x, y; Pair() = default; };
int main() {
    Pair p{0, 0};
    int concept = 0;
    cin >> p.x >> p.y;
    cout << p.x + p.y + concept << "\\n";
}
"""


def test_cpp20_as_problemtools_compiles_it_is_accepted(sum_kattis: Problem, backend: Backend) -> None:
    report = judge(sum_kattis, CPP20, "cpp", backend)
    assert report.verdict is Verdict.AC, report.compile_output


def test_cpp17_that_cpp20_refuses_is_accepted_as_domjudges_default_dialect_takes_it(
    sum_kattis: Problem, backend: Backend
) -> None:
    report = judge(sum_kattis, CPP17_ONLY, "cpp", backend)
    assert report.verdict is Verdict.AC, report.compile_output


def test_a_compile_error_in_every_dialect_shows_the_compilers_messages_once(
    sum_kattis: Problem, backend: Backend
) -> None:
    report = judge(sum_kattis, "int main() { return undefined_name; }\n", "cpp", backend)
    assert report.verdict is Verdict.CE
    assert report.compile_output.count("was not declared in this scope") == 1, report.compile_output


@pytest.mark.parametrize(
    ("language", "source"),
    [
        (
            "c",
            "#include <stdio.h>\nchar big[3000000000LL];\n"
            'int main(void) { long long a, b; scanf("%lld %lld", &a, &b); big[1] = 1; printf("%lld\\n", a + b); }\n',
        ),
        (
            "cpp",
            "#include <cstdio>\nint big[1000000000];\n"
            'int main() { long long a, b; scanf("%lld %lld", &a, &b); big[1] = 1; printf("%lld\\n", a + b); }\n',
        ),
    ],
)
def test_static_data_past_2_gib_does_not_link_as_under_both_references(
    language: str, source: str, sum_kattis: Problem, backend: Backend
) -> None:
    # both link statically: the C library's own data then lies past the 2 GiB that x86-64 code can reach
    report = judge(sum_kattis, source, language, backend)
    assert report.verdict is Verdict.CE
    assert "relocation truncated to fit" in report.compile_output


ONLINE_JUDGE_CPP = """#include <bits/stdc++.h>
using namespace std;
int main() {
#ifndef ONLINE_JUDGE
    freopen("SUM.INP", "r", stdin);
    freopen("SUM.OUT", "w", stdout);
#endif
    long long a, b;
    cin >> a >> b;
    cout << a + b << "\\n";
}
"""

ONLINE_JUDGE_PAS = """{$IFNDEF ONLINE_JUDGE}{$ENDIF}
var a, b: int64;
begin
{$IFNDEF ONLINE_JUDGE}
  assign(input, 'SUM.INP'); reset(input);
  assign(output, 'SUM.OUT'); rewrite(output);
{$ENDIF}
  readln(a, b);
  writeln(a + b);
end.
"""


@pytest.mark.parametrize(("language", "source"), [("cpp", ONLINE_JUDGE_CPP), ("pascal", ONLINE_JUDGE_PAS)])
def test_files_opened_unless_online_judge_are_the_themis_tasks_files(
    language: str, source: str, sum_themis: Problem, backend: Backend
) -> None:
    # Themis defines no ONLINE_JUDGE: the program opens SUM.INP and SUM.OUT, which a Themis task gives and reads
    assert judge(sum_themis, source, language, backend).verdict is Verdict.AC


def test_files_opened_unless_online_judge_fail_on_a_stdin_problem_as_on_kattis_and_domjudge(
    sum_kattis: Problem, backend: Backend
) -> None:
    # neither problemtools nor DOMjudge (since 2018) defines ONLINE_JUDGE: freopen of a file that is not there
    # leaves no stdin, and what the program writes goes to SUM.OUT, not to stdout: a wrong answer there as here
    assert judge(sum_kattis, ONLINE_JUDGE_CPP, "cpp", backend).verdict is Verdict.WA


MINGW_FORMATS = """#include <cstdio>
int main() {
    freopen("BIG.INP", "r", stdin);
    freopen("BIG.OUT", "w", stdout);
    long long a, b;
    unsigned long long u;
    int n;
    scanf("%I64d %I64d %I64u %I32d", &a, &b, &u, &n);
    printf("%I64d %5I64u %-3I32d %% %lld\\n", a + b, u + 1, n, a);
}
"""


def test_mingw_formats_of_64_bit_numbers_are_read_as_themis_reads_them_on_windows(
    tmp_path: Path, backend: Backend
) -> None:
    # %I64d is MinGW's (and MSVC's) long long, what Themis compiles with on Windows; glibc reads it as an int of
    # 64 characters' width, and a program written for Themis got wrong numbers here
    given, answer = "123456789012 -5 18446744073709551614 -7\n", "123456789007 18446744073709551615 -7 % 123456789012\n"
    task = load_problem(build(tmp_path / "BIG", {"Test1/BIG.INP": given, "Test1/BIG.OUT": answer}))
    report = judge(task, MINGW_FORMATS, "cpp", backend)
    assert report.verdict is Verdict.AC, report.compile_output
    as_c = MINGW_FORMATS.replace("<cstdio>", "<stdio.h>").replace("int main()", "int main(void)")
    assert judge(task, as_c, "c", backend).verdict is Verdict.AC


def test_mingw_formats_are_wrong_on_a_linux_judge_as_on_kattis_and_domjudge(tmp_path: Path, backend: Backend) -> None:
    files = {"problem.yaml": "name: BIG\n", "data/secret/1.in": "123456789012 -5 18446744073709551614 -7\n"}
    files["data/secret/1.ans"] = "123456789007 18446744073709551615 -7 % 123456789012\n"
    problem = load_problem(build(tmp_path / "big", files))
    stdio = MINGW_FORMATS.replace('freopen("BIG.INP", "r", stdin);', "").replace('freopen("BIG.OUT", "w", stdout);', "")
    assert judge(problem, stdio, "cpp", backend).verdict is Verdict.WA


def test_only_mingw_lengths_of_c_and_cpp_conversions_change() -> None:
    source = b'scanf("%*I64d%I64d", &x); printf("%%I64d %08I64x %.3I32u %I64", x, y, z); // I64d\n'
    expected = b'scanf("%*lld%lld", &x); printf("%%I64d %08llx %.3u %I64", x, y, z); // I64d\n'
    assert as_windows_compiles(source, LANGUAGES["cpp"]) == expected
    assert as_windows_compiles(source, LANGUAGES["c"]) == expected
    assert as_windows_compiles(source, LANGUAGES["python"]) == source


GETS = """#include <bits/stdc++.h>
using namespace std;
int main() {
    char line[100];
    gets(line);
    long long a, b;
    sscanf(line, "%lld %lld", &a, &b);
    printf("%lld\\n", a + b);
}
"""


def test_gets_in_cpp_compiles_on_a_themis_task_as_mingw_declares_it(
    sum_themis: Problem, sum_kattis: Problem, backend: Backend
) -> None:
    # MinGW's <stdio.h> declares gets in C++ too; glibc's not since C++14, as problemtools and DOMjudge compile
    assert judge(sum_themis, GETS, "cpp", backend).verdict is Verdict.AC
    kattis = judge(sum_kattis, GETS, "cpp", backend)
    assert kattis.verdict is Verdict.CE
    assert "main.cpp:5:" in kattis.compile_output  # the line as the contestant wrote it
    broken = judge(sum_themis, GETS.replace("gets(line);", "gets(line)"), "cpp", backend).compile_output
    assert "main.cpp:5:15: error: expected ‘;’" in broken  # the declaration moved no line
    assert "    5 |     gets(line)\n" in broken


def test_the_declaration_of_gets_moves_no_line() -> None:
    cpp = LANGUAGES["cpp"]
    source = b"#include <cstdio>\n#define X \\\n  1\n\n// reads a line\nint main() { char s[9]; gets(s); }\n"
    declared = as_windows_compiles(source, cpp)
    assert declared == source.replace(b"int main", b'extern "C" char *gets(char *); int main')
    commented = b"/* gets */\nint main() { char s[9]; gets(s); }\n"
    assert as_windows_compiles(commented, cpp) == b'extern "C" char *gets(char *); \n#line 1\n' + commented
    for untouched in (b"int main() { fgets(s, 9, stdin); }", b"int main() { std::gets(s); }"):
        assert as_windows_compiles(untouched, cpp) == untouched
    assert as_windows_compiles(source, LANGUAGES["c"]) == source


CONIO = """#include <stdio.h>
#include <conio.h>
int main() {
    long long a, b;
    scanf("%lld %lld", &a, &b);
    printf("%lld\\n", a + b);
    return 0;
}
"""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_an_unused_conio_h_compiles_on_a_themis_task_as_mingw_has_it(
    sum_themis: Problem, sum_kattis: Problem, backend: Backend, language: str
) -> None:
    """Dev-C++'s habit: <conio.h> included and nothing of it used. MinGW has the header, so Themis compiles and
    runs the program; here it was CE. A program that calls getch() stays CE (not decided: it waits for a key on
    a console Themis may or may not give it), as on Kattis and DOMjudge whatever it calls."""
    assert judge(sum_themis, CONIO, language, backend).verdict is Verdict.AC
    assert judge(sum_themis, CONIO.replace("<conio.h>", '"CONIO.H"'), language, backend).verdict is Verdict.AC
    assert judge(sum_kattis, CONIO, language, backend).verdict is Verdict.CE
    calls = CONIO.replace("return 0;", "getch();\n    return 0;")
    broken = judge(sum_themis, calls, language, backend)
    assert broken.verdict is Verdict.CE
    assert "conio.h" in broken.compile_output
    moved = judge(sum_themis, CONIO.replace("a + b);", "a + b)"), language, backend).compile_output
    assert f"main.{language}:6:" in moved  # no line moved


MSVCRT = """#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main() {
    int a, b;
    char text[40], word[] = "Tong", neg[40], hex[40];
    scanf("%d %d", &a, &b);
    itoa(a + b, text, 10);
    strrev(strrev(text));
    itoa(-255, neg, 10);
    itoa(-1, hex, 16);
    if (strcmp(strupr(word), "TONG") || strcmp(strlwr(word), "tong") || strcmp(neg, "-255")
        || strcmp(hex, "ffffffff") || strcmp(strrev(neg), "552-"))
        return 1;
    printf("%s\\n", text);
    return 0;
}
"""


@pytest.mark.parametrize("language", ["c", "cpp"])
def test_msvcrts_strrev_strupr_strlwr_itoa_work_on_a_themis_task_as_mingw_declares_them(
    sum_themis: Problem, sum_kattis: Problem, backend: Backend, language: str
) -> None:
    """MinGW's <string.h> and <stdlib.h> declare strrev, strupr, strlwr and itoa (Windows' C library has them):
    under Themis the program runs; here it was CE. A program that defines its own keeps it."""
    assert judge(sum_themis, MSVCRT, language, backend).verdict is Verdict.AC
    given = as_windows_compiles(MSVCRT.encode(), LANGUAGES[language])
    assert given.count(b"\n") == MSVCRT.count("\n")  # no line moved
    assert given.split(b"\n")[3].endswith(b"int main() {")
    own = "char *strrev(char *s) { return s; }\n" + MSVCRT.split("\n", 3)[3]
    assert (
        judge(
            sum_themis, "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n" + own, language, backend
        ).verdict
        is Verdict.RE
    )  # its own strrev, which does nothing: strcmp(..., "552-") fails
    assert judge(sum_kattis, MSVCRT, language, backend).verdict is Verdict.CE
