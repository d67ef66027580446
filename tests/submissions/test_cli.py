"""``hoithi entries check``: the JSON shape, the readable summary and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from submissions.cli import entries_check

from .crafting import PDF, make_zip, write


def test_accepted_package_as_json(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"Bài giảng/index.html": "<html></html>"})
    result = CliRunner().invoke(entries_check, [str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"ok": True, "kind": "html5", "launch": "Bài giảng/index.html", "errors": []}
    assert "Bài giảng" in result.output  # not \\u-escaped


def test_refused_file_as_json(tmp_path: Path) -> None:
    path = write(tmp_path / "upload.bin", PDF)
    result = CliRunner().invoke(entries_check, [str(path), "--json", "--name", "video.mp4"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "ok": False,
        "kind": "document",
        "launch": None,
        "errors": ["the file is not what its extension says: .mp4 but content is PDF"],
    }


def test_readable_summary(tmp_path: Path) -> None:
    ok = CliRunner().invoke(entries_check, [str(make_zip(tmp_path / "a.zip", {"index.html": "x"}))])
    assert (ok.exit_code, ok.output) == (0, "OK: html5, opens at index.html\n")
    refused = CliRunner().invoke(entries_check, [str(make_zip(tmp_path / "b.zip", {"../x.html": "x"}))])
    assert refused.exit_code == 1
    assert refused.output.splitlines()[:2] == [
        "REFUSED (html5):",
        "  - ../x.html: '..' would reach outside the package",
    ]


def test_usage_errors(tmp_path: Path) -> None:
    assert CliRunner().invoke(entries_check, [str(tmp_path / "missing.zip")]).exit_code == 2
    assert CliRunner().invoke(entries_check, []).exit_code == 2
    assert CliRunner().invoke(entries_check, [str(tmp_path)]).exit_code == 2
