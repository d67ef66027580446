"""Scratch 3 projects judged on both sandbox backends: what they say (or a variable, or a list) is their output;
asking with no input left or never ending is TLE, saying without end is OLE; a project that is not one, or needs
a forbidden extension, is CE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judge.custom_run import run_on_input
from judge.errors import ProblemError
from judge.grader import Report, grade
from judge.package import load_problem
from judge.problem import CheckerSpec, Problem, TestCase, TestGroup
from judge.scratch import (
    NO_STARTUP,
    SAY,
    ScratchOutput,
    ScratchOutputKind,
    Startup,
    measure_startup,
    read_scratch_output,
)
from judge.verdict import Verdict
from judge.verify import check_submissions
from sandbox.languages import LANGUAGES, language_for
from sandbox.result import RunResult, RunStatus
from sandbox.session import Backend

from .. import scratch_projects as sp
from ..sandbox.conftest import usable

SCRATCH = LANGUAGES["scratch"]


@pytest.fixture(
    scope="module",
    params=[pytest.param("docker", marks=pytest.mark.docker), pytest.param("bwrap", marks=pytest.mark.bwrap)],
)
def any_backend(request: pytest.FixtureRequest) -> Backend:
    return usable(request.param)


def task(tests: list[tuple[bytes, bytes]], output: ScratchOutput = SAY, time_limit_ms: int = 5000) -> Problem:
    """A task of ``tests``, with a time limit of a few seconds (the demo's) unless a test asks for another."""
    cases = tuple(TestCase(f"t{i}", "secret", given, answer) for i, (given, answer) in enumerate(tests, start=1))
    return Problem(
        name="cong",
        title="Cộng hai số",
        format="kattis",
        time_limit_ms=time_limit_ms,
        memory_limit_kb=512 * 1024,
        wall_limit_ms=None,
        checker=CheckerSpec(),
        root=TestGroup("secret", cases),
        scratch_output=output,
    )


def judged(backend: Backend, project: bytes, problem: Problem) -> Report:
    return grade(problem, project, SCRATCH, backend)


ADDITION = [(b"3\n4\n", b"7\n"), (b"-5\n5\n", b"0\n"), (b"1.5\n2\n", b"3.5\n")]


@pytest.mark.slow
def test_a_project_that_answers_right_is_accepted_and_a_wrong_one_is_not(any_backend: Backend) -> None:
    right = judged(any_backend, sp.adder(), task(ADDITION))
    assert right.verdict is Verdict.AC, right
    assert [t.verdict for t in right.tests] == [Verdict.AC] * 3
    wrong = judged(any_backend, sp.adder("operator_subtract"), task(ADDITION[:1]))
    assert wrong.verdict is Verdict.WA


@pytest.mark.slow
def test_asking_with_no_input_left_or_never_ending_is_tle(any_backend: Backend) -> None:
    starved = judged(any_backend, sp.adder(), task([(b"3\n", b"3\n")]))
    assert starved.verdict is Verdict.TLE
    endless = judged(any_backend, sp.forever(), task([(b"", b"")], time_limit_ms=1500))
    assert endless.verdict is Verdict.TLE


@pytest.mark.slow
def test_the_runtimes_start_is_not_charged_to_the_project(any_backend: Backend) -> None:
    """Node and scratch-vm take ~0.7 s of CPU to start (2 s on a slow host), and none of it is charged: a trivial
    project is AC under a limit far below that, and one that never ends is still TLE."""
    tight = 100
    right = judged(any_backend, sp.adder(), task(ADDITION, time_limit_ms=tight))
    assert right.verdict is Verdict.AC, right
    assert all(t.time_ms <= tight for t in right.tests), right.tests
    said = run_on_input(task([], time_limit_ms=tight), sp.adder(), SCRATCH, any_backend, b"3\n4\n")
    assert (said.outcome, said.output) == ("OK", b"7\n"), said
    assert not re.search(rb"(?m)^[0-9a-f]{32} \d+$", said.stderr), said.stderr  # the start's line is not shown
    assert judged(any_backend, sp.forever(), task([(b"", b"")], time_limit_ms=tight)).verdict is Verdict.TLE


@pytest.mark.slow
def test_each_run_states_its_own_start_so_a_slower_start_than_the_one_measured_is_not_charged(
    any_backend: Backend,
) -> None:
    """A start costs more CPU on a loaded host than when it was measured (a run was TLE at 322 ms under a 300 ms
    limit on CI when the measured start was taken from every run). Here the start is settled as if it had been
    measured at a quarter of what it costs now: the run's own line still takes its whole start, and the stderr shown
    leaves it out. The run itself has the cap of the start measured now, so that how much slower this one start is
    than the measured one (200 ms more was seen on a loaded CI host) cannot end it first."""
    limit = task([], time_limit_ms=200).limits()
    with any_backend.open_session() as session:
        assert session.compile(SCRATCH, sp.adder()).ok
        measured = measure_startup(session, SCRATCH, limit)
        quiet = Startup(measured.cpu_ms // 4, measured.mark)
        raw = session.run(measured.limits(limit), stdin=b"3\n4\n", args=quiet.args()).result
    own = quiet.settle(raw, limit)
    assert raw.cpu_ms - quiet.cpu_ms > limit.cpu_ms, raw  # what the measured start alone would have charged
    assert (own.status, own.stdout) == (RunStatus.OK, b"7\n"), own
    assert measured.mark.encode() in raw.stderr and measured.mark.encode() not in own.stderr
    assert own.cpu_ms <= limit.cpu_ms < raw.cpu_ms


def test_a_run_is_settled_on_its_own_start_and_tle_past_the_problems_limit() -> None:
    """``Startup.settle`` on runs as the sandbox reports them: the line with the run's token gives the start, a line
    with another token is the project's own text, and what passes the problem's limit is TLE though the sandbox's
    wider cap let the run end."""
    startup = Startup(700, "a1b2")
    limit = task([], time_limit_ms=500).limits()
    assert startup.limits(limit).cpu_ms == 500 + 1400

    def run(cpu_ms: int, stderr: bytes, status: RunStatus = RunStatus.OK) -> RunResult:
        return RunResult(status, 0, None, cpu_ms, cpu_ms + 50, 40_000, b"7\n", stderr)

    own = startup.settle(run(1300, b"loading\n\na1b2 900\nsaid\n"), limit)
    assert (own.status, own.cpu_ms, own.wall_ms, own.stderr) == (RunStatus.OK, 400, 450, b"loading\nsaid\n")
    assert startup.settle(run(1500, b"\na1b2 900\n"), limit).status is RunStatus.TLE
    assert startup.settle(run(1500, b"\na1b2 900\n", RunStatus.RE), limit).status is RunStatus.TLE
    assert startup.settle(run(1500, b"\na1b2 900\n", RunStatus.MLE), limit).status is RunStatus.MLE
    forged = startup.settle(run(1100, b"\nffff 1200\n"), limit)  # not the run's token: the measured start counts
    assert (forged.status, forged.cpu_ms, forged.stderr) == (RunStatus.OK, 400, b"\nffff 1200\n")
    assert NO_STARTUP.settle(run(1300, b"\na1b2 900\n"), limit) == run(1300, b"\na1b2 900\n")


@pytest.mark.slow
def test_the_start_is_measured_without_running_a_block(any_backend: Backend) -> None:
    """The measurement stops before the first frame: a project that would say without end (OLE) is measured."""
    limits = task([]).limits()
    with any_backend.open_session() as session:
        assert session.compile(SCRATCH, sp.says_forever()).ok
        startup = measure_startup(session, SCRATCH, limits)
        assert measure_startup(session, LANGUAGES["python"], limits) == NO_STARTUP
    assert startup.cpu_ms > 0 and len(startup.mark) == 32
    assert startup.limits(limits).cpu_ms == limits.cpu_ms + 2 * startup.cpu_ms
    assert startup.charged(startup.cpu_ms + 40) == 40
    assert startup.charged(startup.cpu_ms - 40) == 0


@pytest.mark.slow
def test_a_project_that_says_without_end_exceeds_the_output_limit_as_any_program_does(any_backend: Backend) -> None:
    flood = judged(any_backend, sp.says_forever(), task([(b"", b"x\n")], time_limit_ms=5000))
    assert flood.verdict is Verdict.OLE, flood


@pytest.mark.slow
def test_a_variable_or_a_list_can_be_the_output(any_backend: Backend) -> None:
    total = ScratchOutput(ScratchOutputKind.VARIABLE, "tong")
    assert judged(any_backend, sp.counter_to_variable(), task([(b"5\n", b"15\n")], total)).verdict is Verdict.AC
    items = ScratchOutput(ScratchOutputKind.LIST, "day")
    assert judged(any_backend, sp.counter_to_variable(), task([(b"3\n", b"1\n2\n3\n")], items)).verdict is Verdict.AC


@pytest.mark.slow
def test_custom_blocks_run_with_their_arguments(any_backend: Backend) -> None:
    said = judged(any_backend, sp.with_custom_blocks(), task([(b"", b"10\nHOP 3\n")]))
    assert said.verdict is Verdict.AC, said


@pytest.mark.slow
def test_unfit_projects_are_compile_errors_explained_in_vietnamese(any_backend: Backend) -> None:
    problem = task(ADDITION[:1])
    video = judged(any_backend, sp.with_video_sensing(), problem)
    assert video.verdict is Verdict.CE
    assert "phần mở rộng không được phép" in video.compile_output and "videoSensing" in video.compile_output
    no_assets = judged(any_backend, sp.sb3(sp.project_json([[sp.GREEN_FLAG]]), drop_assets=True), problem)
    assert no_assets.verdict is Verdict.CE and "Dự án thiếu tệp" in no_assets.compile_output
    not_zip = judged(any_backend, b"print('hello')\n", problem)
    assert not_zip.verdict is Verdict.CE and "không phải là dự án Scratch 3" in not_zip.compile_output


@pytest.mark.slow
def test_damaged_assets_are_compile_errors_naming_the_sprite_and_costume(any_backend: Backend) -> None:
    """What the upload refuses is refused again by the judge (a project from a package, or stored before), with
    the same words and never a JavaScript stack trace."""
    problem = task(ADDITION[:1])
    said = {
        "svg": 'Trang phục "costume1" của "Mèo" bị hỏng: hãy lưu lại dự án bằng Scratch 3',
        "png": 'Trang phục "costume1" của "Mèo" bị hỏng',
        "md5ext": 'Trang phục "costume1" của "Mèo" bị hỏng',
        "sound": 'Âm thanh "meo" của "Mèo" bị hỏng',
        "no-costume": '"Mèo" không có trang phục nào',
    }
    for how in sp.DAMAGES:
        report = judged(any_backend, sp.damaged(how), problem)
        assert report.verdict is Verdict.CE, (how, report)
        assert said[how] in report.compile_output, (how, report.compile_output)
        assert "    at " not in report.compile_output and "Error:" not in report.compile_output


def test_sb3_files_are_scratch() -> None:
    assert language_for("bai1.SB3").key == "scratch"
    assert "nodejs" in SCRATCH.packages and SCRATCH.binary


def test_the_task_states_its_convention_in_problem_yaml(tmp_path: Path) -> None:
    path = tmp_path / "problem.yaml"
    assert read_scratch_output(None, path) is SAY
    assert read_scratch_output({"output": "list", "name": " day "}, path) == ScratchOutput(
        ScratchOutputKind.LIST, "day"
    )
    assert read_scratch_output({"output": "variable", "name": "tong"}, path).args() == ("--variable", "tong")
    for bad in ({"output": "variable"}, {"output": "screen"}, {"output": "say", "name": "x"}, "say", {"x": 1}):
        with pytest.raises(ProblemError):
            read_scratch_output(bad, path)


def test_a_kattis_package_gives_its_convention_and_a_bad_one_is_a_fault(tmp_path: Path) -> None:
    (tmp_path / "data" / "secret").mkdir(parents=True)
    (tmp_path / "data" / "secret" / "1.in").write_text("5\n")
    (tmp_path / "data" / "secret" / "1.ans").write_text("15\n")
    (tmp_path / "problem.yaml").write_text("name: Tổng\nscratch:\n  output: variable\n  name: tổng\n", "utf-8")
    assert load_problem(tmp_path).scratch_output == ScratchOutput(ScratchOutputKind.VARIABLE, "tổng")
    (tmp_path / "problem.yaml").write_text("scratch:\n  output: screen\n")
    with pytest.raises(ProblemError, match="'scratch' must be a mapping"):
        load_problem(tmp_path)


@pytest.mark.slow
def test_a_test_run_takes_the_output_by_the_problems_convention(any_backend: Backend) -> None:
    total = ScratchOutput(ScratchOutputKind.VARIABLE, "tong")
    by_variable = run_on_input(task([], total), sp.counter_to_variable(), SCRATCH, any_backend, b"4\n")
    assert (by_variable.outcome, by_variable.output) == ("OK", b"10\n"), by_variable
    items = ScratchOutput(ScratchOutputKind.LIST, "day")
    by_list = run_on_input(task([], items), sp.counter_to_variable(), SCRATCH, any_backend, b"3\n")
    assert by_list.output == b"1\n2\n3\n"
    said = run_on_input(task([]), sp.adder(), SCRATCH, any_backend, b"3\n4\n")
    assert said.output == b"7\n"


@pytest.mark.slow
def test_a_packages_scratch_reference_is_judged(any_backend: Backend, tmp_path: Path) -> None:
    """A project under ``submissions/accepted`` is read as it is (a zip, not text) and judged by its folder."""
    (tmp_path / "data" / "secret").mkdir(parents=True)
    (tmp_path / "data" / "secret" / "1.in").write_text("3\n4\n")
    (tmp_path / "data" / "secret" / "1.ans").write_text("7\n")
    (tmp_path / "problem.yaml").write_text("name: Cộng\nlimits:\n  time_limit: 5\n", "utf-8")
    (tmp_path / "submissions" / "accepted").mkdir(parents=True)
    (tmp_path / "submissions" / "accepted" / "cong.sb3").write_bytes(sp.adder())
    problem = load_problem(tmp_path)
    assert [(s.path, s.language.key) for s in problem.submissions] == [("submissions/accepted/cong.sb3", "scratch")]
    [checked] = check_submissions(problem, any_backend)
    assert checked.report.verdict is Verdict.AC
