"""Loading Kattis and Themis packages, from folders and zips, and refusing malformed ones clearly."""

from __future__ import annotations

import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from judge import package as package_module
from judge.errors import ProblemError
from judge.package import LoadOptions, load_problem
from judge.problem import Aggregation, CheckerKind, OnReject, TestCase, TestGroup
from judge.scoring import max_score
from judge.verdict import Verdict

DATA = Path(__file__).parent / "data"

Copy = Callable[[str], Path]


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def test_themis_task() -> None:
    problem = load_problem(DATA / "themis" / "SUM")
    assert (problem.name, problem.format, problem.file_io) == ("SUM", "themis", "SUM")
    assert [t.name for t in problem.tests] == ["Test01", "Test02", "Test03", "Test04", "Test05"]
    assert [t.points for t in problem.tests] == [20] * 5
    assert max_score(problem.root) == 100
    assert (problem.time_limit_ms, problem.memory_limit_kb) == (1000, 256 * 1024)
    assert problem.checker.kind is CheckerKind.TOKENS
    assert problem.tests[2].input_bytes() == b"0 0\n"  # sum.inp / Sum.out: names ignore case
    assert problem.tests[2].answer_bytes() == b"0\n"
    expected = {s.path: s.expected for s in problem.submissions}
    assert expected["submissions/accepted/sum_lower.pas"] == {Verdict.AC}
    assert expected["submissions/time_limit_exceeded/spin.py"] == {Verdict.TLE}
    assert len(expected) == 7


def test_themis_options(package: Copy) -> None:
    options = LoadOptions(time_limit_s=2.5, memory_limit_mib=64, total_points=10, checker_flags=("case_sensitive",))
    problem = load_problem(package("themis/SUM"), options)
    assert (problem.time_limit_ms, problem.memory_limit_kb) == (2500, 64 * 1024)
    assert [t.points for t in problem.tests] == [2] * 5
    assert problem.checker.flags == ("case_sensitive",)


def test_themis_tests_sort_naturally_whatever_their_names(tmp_path: Path) -> None:
    for name in ("Test10", "Test2", "test1", "bonus"):
        (tmp_path / "ABC" / name).mkdir(parents=True)
        (tmp_path / "ABC" / name / "ABC.INP").write_text("1\n")
        (tmp_path / "ABC" / name / "ABC.OUT").write_text("1\n")
    problem = load_problem(tmp_path / "ABC")
    assert [t.name for t in problem.tests] == ["bonus", "test1", "Test2", "Test10"]


def test_themis_zip_with_or_without_the_task_folder(tmp_path: Path) -> None:
    folder = DATA / "themis" / "SUM"
    with_folder = load_problem(zip_folder(folder, tmp_path / "upload1.zip", "SUM/"))
    bare = load_problem(zip_folder(folder, tmp_path / "upload2.zip"))
    assert with_folder.name == bare.name == "SUM"
    assert [t.answer_bytes() for t in bare.tests] == [t.answer_bytes() for t in load_problem(folder).tests]


def test_themis_custom_checker(package: Copy) -> None:
    root = package("themis/SUM")
    (root / "checker.py").write_text("print(1)\n")
    problem = load_problem(root)
    assert (problem.checker.kind, problem.checker.source_name) == (CheckerKind.THEMIS, "checker.py")
    (root / "checker.py").unlink()
    (root / "testlib.h").write_text("// the testlib header\n")
    (root / "checker.cpp").write_text('#include "testlib.h"\nint main() {}\n')
    problem = load_problem(root)
    assert problem.checker.kind is CheckerKind.TESTLIB
    assert problem.checker.source == b"// the testlib header\n\nint main() {}\n"


def test_kattis_scoring_package() -> None:
    problem = load_problem(DATA / "kattis" / "split")
    assert (problem.name, problem.title, problem.format) == ("split", "Tách số", "kattis")
    assert problem.checker.kind is CheckerKind.KATTIS
    assert problem.checker.source_name == "validate.py"
    assert [(t.name, t.group) for t in problem.tests] == [
        ("sample/1", "sample"),
        ("secret/group1/01", "secret/group1"),
        ("secret/group1/02", "secret/group1"),
        ("secret/group2/01", "secret/group2"),
        ("secret/group2/02", "secret/group2"),
    ]
    assert [t.points for t in problem.tests] == [0, 20, 20, 30, 30]
    assert [t.name for t in problem.samples] == ["sample/1"]
    _, secret = problem.root.children
    group1, group2 = subgroups(secret)
    assert (group1.points, group1.aggregation, group1.on_reject) == (40, Aggregation.MIN, OnReject.BREAK)
    assert (group2.points, group2.on_reject) == (60, OnReject.BREAK)
    assert max_score(problem.root) == 100
    assert (problem.time_limit_ms, problem.memory_limit_kb) == (1000, 256 * 1024)
    expected = {s.path: s.expected for s in problem.submissions}
    assert expected["submissions/partially_accepted/int_overflow.cpp"] == {Verdict.WA}
    assert expected["submissions/accepted/halves.c"] == {Verdict.AC}


def test_kattis_pass_fail_package_with_float_tolerance() -> None:
    problem = load_problem(DATA / "kattis" / "circle")
    assert problem.checker.kind is CheckerKind.TOKENS
    assert problem.checker.flags == ("float_tolerance", "1e-6")
    assert problem.time_limit_ms == 1500  # from .timelimit
    assert (problem.root.aggregation, max_score(problem.root)) == (Aggregation.PASS_FAIL, 100)
    annotated = next(s for s in problem.submissions if s.path == "submissions/almost_pi.cpp")
    assert annotated.expected == {Verdict.AC}


def test_kattis_limits_and_group_flags(package: Copy) -> None:
    root = package("kattis/circle")
    (root / ".timelimit").unlink()  # its 1.5 s against problem.yaml's 3 s: DOMjudge refuses the package
    (root / "problem.yaml").write_text("limits:\n  time_limit: 3\n  memory: 128\n  output: 1\n")
    (root / "data" / "secret" / "testdata.yaml").write_text("output_validator_flags: float_tolerance 0.1\n")
    problem = load_problem(root)
    assert (problem.time_limit_ms, problem.memory_limit_kb, problem.output_limit_bytes) == (
        3000,
        128 * 1024,
        1 << 20,
    )
    assert [t.checker_flags for t in problem.tests] == [
        None,
        ("float_tolerance", "0.1"),
        ("float_tolerance", "0.1"),
    ]
    assert problem.title == "circle"


def test_kattis_testdata_settings_inherit_down_the_tree(package: Copy) -> None:
    root = package("kattis/split")
    secret = root / "data" / "secret"
    (secret / "testdata.yaml").write_text("on_reject: break\naccept_score: 5\n")
    (secret / "group1" / "testdata.yaml").write_text("grader_flags: min\n")
    (secret / "group2" / "testdata.yaml").unlink()
    problem = load_problem(root)
    _, secret_group = problem.root.children
    group1, group2 = subgroups(secret_group)
    assert (group1.aggregation, group1.on_reject, group1.points) == (Aggregation.MIN, OnReject.BREAK, None)
    assert (group2.aggregation, group2.on_reject) == (Aggregation.SUM, OnReject.BREAK)
    # no group says `score:`, so this is pure Kattis: the sample is worth its accept_score too
    assert [t.points for t in problem.tests] == [1, 5, 5, 5, 5]
    assert max_score(problem.root) == 1 + 5 + 10  # sample, min(5, 5), 5 + 5


def test_kattis_zip(tmp_path: Path) -> None:
    problem = load_problem(zip_folder(DATA / "kattis" / "split", tmp_path / "split.zip", "split/"))
    assert problem.name == "split"
    assert len(problem.tests) == 5
    assert problem.tests[1].input_bytes() == b"2\n"


def test_loading_is_cached_by_content(package: Copy, tmp_path: Path) -> None:
    root = package("themis/SUM")
    first = load_problem(root)
    assert load_problem(root) is first
    (root / "Test01" / "SUM.OUT").write_text("4\n")
    assert load_problem(root) is not first
    archive = zip_folder(root, tmp_path / "sum.zip", "SUM/")
    assert load_problem(archive) is load_problem(archive)


def test_a_cached_problem_never_points_at_removed_files(package: Copy, tmp_path: Path) -> None:
    root = package("themis/SUM")
    load_problem(root)
    moved = root.rename(tmp_path / "elsewhere")
    assert load_problem(moved).tests[0].input_bytes() == b"1 2\n"
    archive = zip_folder(moved, tmp_path / "sum.zip")
    load_problem(archive)
    shutil.rmtree(package_module.cache_folder())
    assert load_problem(archive).tests[0].input_bytes() == b"1 2\n"


def test_interactive_and_multi_pass_problems_load_with_their_validator(package: Copy) -> None:
    root = package("kattis/split")
    (root / "problem.yaml").write_text("validation: custom interactive\n")
    checker = load_problem(root).checker
    assert (checker.kind, checker.interactive, checker.multi_pass) == (CheckerKind.KATTIS, True, False)
    (root / "problem.yaml").write_text("validation: custom multi-pass\nlimits:\n  validation_passes: 26\n")
    checker = load_problem(root).checker
    assert (checker.interactive, checker.multi_pass, checker.validation_passes) == (False, True, 26)
    (root / "problem.yaml").write_text("type: [pass-fail, interactive, multi-pass]\n")  # the 2023 draft
    checker = load_problem(root).checker
    assert (checker.interactive, checker.multi_pass, checker.validation_passes) == (True, True, 2)
    (root / "problem.yaml").write_text("validation: custom score\n")
    with pytest.raises(ProblemError, match=r"validation: custom score\) are not supported yet"):
        load_problem(root)


MALFORMED: dict[str, tuple[str, Callable[[Path], object], str]] = {
    "no data folder": ("kattis/circle", lambda p: _remove(p / "data"), r"data: missing folder"),
    "no secret or sample folder": (
        "kattis/circle",
        lambda p: _remove(p / "data" / "secret", p / "data" / "sample"),
        r"secret: missing folder",
    ),
    "bad grader flag": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("grader_flags: min fastest\n"),
        r"group1/testdata\.yaml: grader flag 'fastest' is not one of Kattis's default grader",
    ),
    "bad range": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("range: 50 0\n"),
        r"group1/testdata\.yaml: range '50 0' has its minimum above its maximum",
    ),
    "custom grader": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("grading: custom\n"),
        r"group1/testdata\.yaml: grading: 'custom' is not supported",
    ),
    "bad problem.yaml": (
        "kattis/circle",
        lambda p: (p / "problem.yaml").write_text("name: [unclosed\n"),
        r"problem\.yaml: bad YAML",
    ),
    "problem.yaml not a mapping": (
        "kattis/circle",
        lambda p: (p / "problem.yaml").write_text("- a\n"),
        r"problem\.yaml: expected a mapping",
    ),
    "bad testdata.yaml": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("score: [\n"),
        r"group1/testdata\.yaml: bad YAML",
    ),
    "unknown testdata key": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("aggregaton: min\n"),
        r"group1/testdata\.yaml: unknown keys aggregaton",
    ),
    "bad aggregation": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("aggregation: max\n"),
        r"testdata\.yaml: aggregation must be sum or min",
    ),
    "bad on_reject": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("on_reject: stop\n"),
        r"testdata\.yaml: on_reject must be break or continue",
    ),
    "negative score": (
        "kattis/split",
        lambda p: (p / "data/secret/group1/testdata.yaml").write_text("score: -5\n"),
        r"testdata\.yaml: score must be a non-negative number",
    ),
    "kattis test without answer": (
        "kattis/circle",
        lambda p: (p / "data/secret/2.ans").unlink(),
        r"secret/2\.in: test without an answer",
    ),
    "kattis answer without input": (
        "kattis/circle",
        lambda p: (p / "data/secret/2.in").unlink(),
        r"secret/2\.ans: answer without a test input",
    ),
    "empty group": ("kattis/split", lambda p: _empty(p / "data/secret/group2"), r"group2: no tests"),
    "bad validator flag": (
        "kattis/circle",
        lambda p: (p / "problem.yaml").write_text("validator_flags: float_tolerance abc\n"),
        r"problem\.yaml: float_tolerance needs a number",
    ),
    "missing output validator": (
        "kattis/split",
        lambda p: _remove(p / "output_validators"),
        r"output_validators: missing folder",
    ),
    "two validator sources": (
        "kattis/split",
        lambda p: (p / "output_validators/split_validator/other.cpp").write_text("int main(){}\n"),
        r"split_validator: several checker sources",
    ),
    "themis test without answer": (
        "themis/SUM",
        lambda p: (p / "Test02" / "SUM.OUT").unlink(),
        r"Test02: test without an answer",
    ),
    "themis folder without input": ("themis/SUM", lambda p: (p / "Test06").mkdir(), r"Test06: no \.INP file"),
    "themis mixed task names": (
        "themis/SUM",
        lambda p: (p / "Test02" / "SUM.INP").rename(p / "Test02" / "ADD.INP"),
        r"ADD\.INP: expected SUM",
    ),
}


def subgroups(node: TestGroup | TestCase) -> list[TestGroup]:
    """The children of group ``node``, each a group (else the test fails)."""
    assert isinstance(node, TestGroup)
    children = [child for child in node.children if isinstance(child, TestGroup)]
    assert len(children) == len(node.children)
    return children


def _remove(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path)


def _empty(path: Path) -> None:
    for child in path.iterdir():
        child.unlink()


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_malformed_packages_are_refused_naming_the_file(case: str, package: Copy) -> None:
    name, damage, message = MALFORMED[case]
    root = package(name)
    damage(root)
    with pytest.raises(ProblemError, match=message) as caught:
        load_problem(root)
    assert str(root) in str(caught.value)


def test_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("hello")
    with pytest.raises(ProblemError, match="not a problem package"):
        load_problem(tmp_path)
    with pytest.raises(ProblemError, match="no such file or folder"):
        load_problem(tmp_path / "missing.zip")
    with pytest.raises(ProblemError, match=r"readme\.txt: not a readable zip file"):
        load_problem(tmp_path / "readme.txt")


@pytest.mark.parametrize(
    "member",
    ["../evil/SUM.INP", "/etc/SUM.INP", "SUM/../../evil.txt", "C:/SUM.INP", "SUM\\..\\evil.txt"],
)
def test_zip_slip_is_refused(member: str, tmp_path: Path) -> None:
    target = tmp_path / "slip.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("SUM/Test01/SUM.INP", "1 2\n")
        archive.writestr(zipfile.ZipInfo(member), "x")
    with pytest.raises(ProblemError, match=r"slip\.zip: unsafe path"):
        load_problem(target)
    assert not (tmp_path / "evil").exists()


def test_zip_links_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "link.zip"
    link = zipfile.ZipInfo("SUM/Test01/SUM.OUT")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("SUM/Test01/SUM.INP", "1 2\n")
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ProblemError, match=r"link\.zip: 'SUM/Test01/SUM\.OUT' is a symbolic link"):
        load_problem(target)


def test_oversized_zip_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "MAX_UNPACKED_BYTES", 1000)
    target = tmp_path / "big.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("SUM/Test01/SUM.INP", "0 " * 1000)
        archive.writestr("SUM/Test01/SUM.OUT", "0\n")
    with pytest.raises(ProblemError, match=r"big\.zip: too large unpacked"):
        load_problem(target)


def test_a_zip_with_a_file_and_a_folder_of_the_same_name_is_refused_clearly(tmp_path: Path) -> None:
    import zipfile

    from judge.errors import ProblemError
    from judge.package import load_problem

    bad = tmp_path / "SUM.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("SUM/Test01", "not a folder")
        zf.writestr("SUM/Test01/SUM.INP", "1 2\n")
    with pytest.raises(ProblemError, match="Test01"):
        load_problem(bad)
