"""The gzip copies of the static files (``app/static_gzip.py``): each is in the repository and gives its file back;
``write`` makes them and ``stale`` finds what is wrong."""

from __future__ import annotations

import gzip
from pathlib import Path

from app import static_gzip


def test_every_copy_in_the_repository_is_there_and_right() -> None:
    assert static_gzip.stale() == [], "run `make static-gz` and commit the copies"
    copies = [static_gzip.copy_of(path) for path in static_gzip.compressible()]
    assert any(copy.name == "codemirror.js.gz" for copy in copies)
    for copy in copies:
        source = copy.with_name(copy.name.removesuffix(".gz"))
        assert len(copy.read_bytes()) < len(source.read_bytes())


def test_written_copies_are_the_same_bytes_each_time_and_stale_ones_are_found(tmp_path: Path) -> None:
    script = tmp_path / "js" / "page.js"
    script.parent.mkdir()
    script.write_text("function page() { return 1; }\n" * 100)
    (tmp_path / "small.css").write_text("a{}")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 4000)
    assert static_gzip.stale(tmp_path) == ["js/page.js: no gzip copy"]

    assert static_gzip.write(tmp_path) == [tmp_path / "js" / "page.js.gz"]
    first = (tmp_path / "js" / "page.js.gz").read_bytes()
    assert gzip.decompress(first) == script.read_bytes() and static_gzip.stale(tmp_path) == []
    assert static_gzip.write(tmp_path) == [] and (tmp_path / "js" / "page.js.gz").read_bytes() == first

    script.write_text("function page() { return 2; }\n" * 100)
    (tmp_path / "gone.js.gz").write_bytes(first)
    assert static_gzip.stale(tmp_path) == [
        "js/page.js: its gzip copy is of another content",
        "gone.js.gz: no file of its own",
    ]
    assert sorted(static_gzip.write(tmp_path)) == [tmp_path / "gone.js.gz", tmp_path / "js" / "page.js.gz"]
    assert static_gzip.stale(tmp_path) == [] and not (tmp_path / "gone.js.gz").exists()


def test_a_damaged_copy_is_stale(tmp_path: Path) -> None:
    (tmp_path / "page.js").write_text("x = 1;\n" * 400)
    (tmp_path / "page.js.gz").write_bytes(b"\x1f\x8b not really gzip")
    assert static_gzip.stale(tmp_path) == ["page.js: its gzip copy is of another content"]
