"""A contest's time limit multiplier for a language scales a run's time limits and nothing else."""

from sandbox.limits import Limits


def test_a_time_multiplier_scales_the_cpu_limit_and_so_the_wall_cap() -> None:
    scaled = Limits(cpu_ms=1000).scaled_time(1.5)
    assert (scaled.cpu_ms, scaled.wall_ms, scaled.effective_wall_ms) == (1500, None, 3000)


def test_an_explicit_wall_cap_is_scaled_too_and_the_other_limits_stay() -> None:
    limits = Limits(cpu_ms=1000, wall_ms=1500, memory_kb=64 * 1024, output_bytes=1024)
    scaled = limits.scaled_time(2)
    assert (scaled.cpu_ms, scaled.effective_wall_ms) == (2000, 3000)
    assert (scaled.memory_kb, scaled.output_bytes, scaled.processes) == (64 * 1024, 1024, limits.processes)
    assert limits.scaled_time(1) == limits
