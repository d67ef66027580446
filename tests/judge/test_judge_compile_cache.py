"""The store of compilations: an entry is used only whole, unchanged and for its own identity; the folder keeps to
its bound, least recently used first; concurrent writers and readers in several processes leave it consistent."""

from __future__ import annotations

import multiprocessing
import os
import random
from collections.abc import Sequence
from pathlib import Path

from judge.compile_cache import CompileCache, Compiled

MIB = 1024 * 1024


def compiled(seed: int, size: int = 1000) -> Compiled:
    data = random.Random(seed).randbytes(size)
    return Compiled(True, f"warning {seed}", "OK", 0, {"main": data}, {"source": "main.cpp", "main": "main"})


def entry_of(cache: CompileCache, identity: Sequence[object]) -> Path:
    return cache.folder / cache.key(identity)


def test_an_entry_comes_back_as_it_was_kept(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path / "compiled", MIB)
    failed = Compiled(False, "main.cpp:1: error: expected ';'", "RE", 1)
    cache.put(["cpp", "a"], compiled(1))
    cache.put(["cpp", "b"], failed)
    assert cache.get(["cpp", "a"]) == compiled(1)
    assert cache.get(["cpp", "b"]) == failed
    assert cache.get(["cpp", "c"]) is None


def test_a_damaged_entry_is_never_used_and_is_removed(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path / "compiled", MIB)
    identity = ["cpp", "a"]
    for damage in (
        lambda body: body[:-1] + bytes([body[-1] ^ 1]),  # one bit of the program
        lambda body: body[:-10],  # cut short
        lambda body: body + b"\0",  # longer
        lambda body: body.replace(b"warning 1", b"warning 2"),  # the compiler's messages
        lambda body: b"",
    ):
        cache.put(identity, compiled(1))
        path = entry_of(cache, identity)
        path.write_bytes(damage(path.read_bytes()))
        assert cache.get(identity) is None
        assert not path.exists()


def test_an_entry_of_another_identity_is_never_used(tmp_path: Path) -> None:
    """A well-formed entry found under the name of another identity (another compiler's, a collision, a copy)."""
    cache = CompileCache(tmp_path / "compiled", MIB)
    old, new = ["cpp", "g++ 12.2.0-14", "source"], ["cpp", "g++ 12.2.0-14+deb12u1", "source"]
    cache.put(old, compiled(1))
    entry_of(cache, old).rename(entry_of(cache, new))
    assert cache.get(new) is None
    assert not entry_of(cache, new).exists()


def test_the_bound_is_kept_least_recently_used_first(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path / "compiled", 100_000)
    for n in range(8):
        cache.put(["e", n], compiled(n, 10_000))
    assert cache.size() <= 100_000
    for n, path in enumerate(sorted(cache.folder.iterdir())):  # all used long ago, in no particular order
        if not path.name.startswith("."):
            os.utime(path, ns=(n * 10**9, n * 10**9))
    assert cache.get(["e", 0]) == compiled(0, 10_000)  # used now
    for n in range(8, 12):
        cache.put(["e", n], compiled(n, 10_000))
    assert cache.size() <= 100_000
    assert cache.get(["e", 0]) == compiled(0, 10_000)
    assert cache.get(["e", 11]) == compiled(11, 10_000)
    assert sum(cache.get(["e", n]) is not None for n in range(12)) < 12


def test_an_entry_larger_than_the_bound_is_not_kept(tmp_path: Path) -> None:
    cache = CompileCache(tmp_path / "compiled", 5_000)
    cache.put(["big"], compiled(1, 10_000))
    assert cache.get(["big"]) is None
    assert cache.size() == 0


def _fill(folder: str, writer: int, rounds: int) -> None:
    cache = CompileCache(Path(folder), 200_000)
    for n in range(rounds):
        cache.put(["w", writer, n], compiled(writer * 1000 + n, 5_000 + n * 37))
        for back in range(max(0, n - 5), n):  # readers race the other writer's evictions
            kept = cache.get(["w", writer, back])
            assert kept is None or kept == compiled(writer * 1000 + back, 5_000 + back * 37)


def test_concurrent_processes_keep_it_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    workers = [
        multiprocessing.get_context("fork").Process(target=_fill, args=(str(folder), writer, 150)) for writer in (1, 2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    cache = CompileCache(folder, 200_000)
    assert cache.size() <= 200_000
    assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []
    survivors = 0
    for writer in (1, 2):
        for n in range(150):
            kept = cache.get(["w", writer, n])
            assert kept is None or kept == compiled(writer * 1000 + n, 5_000 + n * 37)
            survivors += kept is not None
    assert 0 < survivors < 300
    assert sum(1 for p in folder.iterdir() if not p.name.startswith(".")) == survivors
