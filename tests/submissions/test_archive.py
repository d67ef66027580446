"""Zips are refused when unsafe (bombs, escaping paths, links, encryption, lies) and read whatever tool wrote them."""

from __future__ import annotations

import random
import stat
import struct
import tracemalloc
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pytest

from submissions.validate import Limits, check_file
from submissions.zip_names import entry_name

from .crafting import RawEntry, make_zip, write, write_raw_zip, write_zeros_bomb

INDEX = b"<!doctype html><title>Bai giang</title>"


def codes(path: Path, limits: Limits | None = None) -> list[str]:
    return [p["code"] for p in check_file(path, limits=limits).problems]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("/etc/cron.d/evil", "zip.absolute_path"),
        ("../evil.html", "zip.parent_path"),
        ("js/../../evil.html", "zip.parent_path"),
        ("C:/Windows/evil.dll", "zip.drive_path"),
        ("C:evil.dll", "zip.drive_path"),
        ("bad\x01name.html", "zip.bad_name"),
    ],
)
def test_unsafe_paths_refused(tmp_path: Path, name: str, code: str) -> None:
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"x"}))
    assert [p["code"] for p in report.problems] == [code]
    assert report.problems[0]["entry"] == name
    assert report.launch is None


@pytest.mark.parametrize("name", ["lesson/.. /.. /evil.html", "lesson/.../evil.html", "lesson\\..\x20\\evil.html"])
def test_parts_that_windows_trims_to_dot_dot_are_parent_paths(tmp_path: Path, name: str) -> None:
    """Windows drops a path part's trailing spaces and dots: ``.. `` is ``..`` to an extractor that checks the name
    before trimming it (``...`` is, or is nothing), and climbs out of the folder that a judge or an organiser unpacks
    the zip into."""
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"x"}))
    assert [p["code"] for p in report.problems] == ["zip.parent_path"]
    assert report.launch is None


def test_dots_inside_a_folder_name_are_no_parent_path(tmp_path: Path) -> None:
    names = {"index.html": INDEX, "..hidden/a.js": b"1", "v1..2/b.js": b"2", "a. b/c.js": b"3", "..x/d.js": b"4"}
    report = check_file(make_zip(tmp_path / "p.zip", names))
    assert report.problems == [] and report.launch == "index.html"


@pytest.mark.parametrize(
    ("name", "shown", "code"),
    [
        ("..\\evil.html", "../evil.html", "zip.parent_path"),
        ("js\\..\\..\\evil.html", "js/../../evil.html", "zip.parent_path"),
        ("C:\\Windows\\evil.dll", "C:/Windows/evil.dll", "zip.drive_path"),
        ("\\\\server\\share\\evil.dll", "//server/share/evil.dll", "zip.absolute_path"),
        ("\\evil.html", "/evil.html", "zip.absolute_path"),
    ],
)
def test_backslashes_are_folder_separators_for_the_path_checks_too(
    tmp_path: Path, name: str, shown: str, code: str
) -> None:
    """Windows tools write backslashes between folders: a traversal written with them is one all the same."""
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, name: b"x"}))
    assert [(p["code"], p["entry"]) for p in report.problems] == [(code, shown)]


def test_a_name_with_backslashes_and_one_with_slashes_are_the_same_name(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX, "js/app.js": b"1", "js\\app.js": b"2"})
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [("zip.duplicate_name", "js/app.js")]


@pytest.mark.parametrize(
    ("mode", "code"),
    [(stat.S_IFLNK | 0o777, "zip.symlink"), (stat.S_IFIFO | 0o644, "zip.special_file")],
)
def test_links_and_special_files_refused(tmp_path: Path, mode: int, code: str) -> None:
    link = zipfile.ZipInfo("js/app.js")
    link.create_system = 3
    link.external_attr = mode << 16
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr(link, "/etc/passwd")
    report = check_file(path)
    assert [(p["code"], p["entry"]) for p in report.problems] == [(code, "js/app.js")]


def test_encrypted_entry_refused(tmp_path: Path) -> None:
    path = write_raw_zip(tmp_path / "p.zip", [RawEntry(b"index.html", INDEX), RawEntry(b"a.js", b"x", flags=0x1)])
    assert codes(path) == ["zip.encrypted"]


def test_duplicate_names_refused_ignoring_case(tmp_path: Path) -> None:
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX, "Anh/A.png": b"1", "anh/a.PNG": b"2"}))
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.duplicate_name", "anh/a.PNG")]


@pytest.mark.parametrize(
    ("first", "second"),
    [("index.html", "./index.html"), ("js/a.js", "js//a.js"), ("index.html", "index.html."), ("a/b.js", "a /b.js ")],
)
def test_names_that_unpack_to_one_file_are_duplicates(tmp_path: Path, first: str, second: str) -> None:
    """A "." or empty part, and the trailing dots and spaces Windows drops, name the same file: the entry unpacked
    last would replace the one that was checked."""
    names = [first, second] if first != "index.html" else [second]
    path = write_raw_zip(
        tmp_path / "p.zip", [RawEntry(b"index.html", INDEX), *(RawEntry(n.encode(), b"1") for n in names)]
    )
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [("zip.duplicate_name", second)]


def test_duplicate_names_refused_across_unicode_normalisation(tmp_path: Path) -> None:
    """macOS writes Vietnamese names decomposed (NFD), Windows composed (NFC): the same name twice, extracted to
    one file or two depending on the file system, so refused (and named as pages name it, composed)."""
    composed = unicodedata.normalize("NFC", "Bài giảng/ảnh.png")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    path = write_raw_zip(
        tmp_path / "p.zip",
        [RawEntry(b"index.html", INDEX), *(RawEntry(n.encode(), b"1", flags=0x800) for n in (composed, decomposed))],
    )
    assert [(p["code"], p["entry"]) for p in check_file(path).problems] == [("zip.duplicate_name", composed)]


def test_unsupported_compression_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX}, method=zipfile.ZIP_BZIP2)
    assert codes(path) == ["zip.unsupported_compression"]


def test_a_package_zipped_by_7zip_with_other_methods_gets_one_line_naming_them(tmp_path: Path) -> None:
    """7-Zip compresses the text files with the method chosen (BZip2, LZMA, Deflate64) and stores small ones: one
    problem names the methods and the fix, not one per file, and the manifest it hid is not said to be missing."""
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Bai giang/imsmanifest.xml", "<manifest/>" * 40, zipfile.ZIP_BZIP2)
        zf.writestr("Bai giang/res/index.html", INDEX * 40, zipfile.ZIP_LZMA)
        zf.writestr("Bai giang/res/app.js", "var a;" * 40, zipfile.ZIP_BZIP2)
        zf.writestr("Bai giang/res/anh.png", b"\x89PNG", zipfile.ZIP_STORED)
    report = check_file(path)
    assert [(p["code"], p["detail"]) for p in report.problems] == [("zip.unsupported_compression", "BZip2 and LZMA")]
    assert report.errors == [
        "files are compressed with BZip2 and LZMA, which is not supported: compress the zip again with Deflate"
    ]


def test_not_a_zip(tmp_path: Path) -> None:
    assert codes(write(tmp_path / "p.zip", b"just text")) == ["file.unknown_content"]
    truncated = make_zip(tmp_path / "q.zip", {"index.html": INDEX}).read_bytes()[:40]
    assert codes(write(tmp_path / "q.zip", truncated)) == ["zip.corrupt"]


def test_damaged_entry_data(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX * 50}, method=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    data[data.index(b"<title>") + 1] ^= 0xFF
    assert codes(write(path, bytes(data))) == ["zip.entry_corrupt"]


def test_zip64_size_larger_than_data(tmp_path: Path) -> None:
    lie = RawEntry(b"index.html", INDEX, zip64=True, declared_size=10_000)
    report = check_file(write_raw_zip(tmp_path / "p.zip", [lie]))
    assert [p["code"] for p in report.problems] == ["zip.size_mismatch"]
    assert report.errors == [f"index.html: declares 10000 bytes but unpacks to {len(INDEX)}"]


def test_zip64_size_smaller_than_data_is_caught_without_reading_it_all(tmp_path: Path) -> None:
    lie = RawEntry(b"index.html", bytes(20 * 1024 * 1024), zip64=True, declared_size=100)
    path = write_raw_zip(tmp_path / "p.zip", [lie])
    tracemalloc.start()
    try:
        problems = codes(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems == ["zip.entry_corrupt"]  # the CRC of the declared 100 bytes cannot match
    assert peak < 4 * 1024 * 1024


def test_a_directory_holding_more_entries_than_its_end_record_says_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    """``zipfile`` reads entries until the directory's declared size is used up, whatever the end record counts: one
    entry declared before 1 MB of 47-byte entries (20 MB of them at the real limits: 450,000 objects, 9 s) must be
    counted and refused without building them."""
    local = b"PK\x03\x04" + struct.pack("<5H3L2H", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
    one = b"PK\x01\x02" + struct.pack("<6H3L5H2L", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"a"
    directory = one * 22_000
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(local), 0)
    path = write(tmp_path / "p.zip", local + directory + end)
    tracemalloc.start()
    try:
        problems = codes(path, Limits(max_entries=1000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems == ["zip.too_many_entries"]
    assert peak < 3 * 1024 * 1024


def test_overlapping_entries_refused(tmp_path: Path) -> None:
    entries = [RawEntry(b"index.html", INDEX), RawEntry(b"copy.html", INDEX, header_offset=0)]
    assert "zip.overlapping_entries" in codes(write_raw_zip(tmp_path / "p.zip", entries))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 MiB of zeros in one entry."""
    return write_zeros_bomb(tmp_path_factory.mktemp("bomb") / "bomb.zip", 200)


def test_zip_bomb_refused_by_ratio_without_unpacking(bomb: Path) -> None:
    report = check_file(bomb)
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.compression_ratio", "zeros.bin")]
    assert "zip bomb" in report.errors[0]


def test_large_entry_is_unpacked_in_chunks(bomb: Path) -> None:
    tracemalloc.start()
    try:
        report = check_file(bomb, limits=Limits(max_ratio=10_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.errors == ["the package has no index.html at its top (nor an imsmanifest.xml for SCORM)"]
    assert peak < 8 * 1024 * 1024


def test_many_small_entries_of_zeros_are_a_bomb_as_a_whole(tmp_path: Path) -> None:
    """Each entry is at the size under which one entry's ratio is not checked; together they unpack to 1000 times
    the archive: refused before a byte is unpacked, as one entry of that ratio would be."""
    limits = Limits(ratio_floor=64 * 1024)
    files: dict[str, bytes | str] = {"index.html": INDEX}
    files |= {f"data/{i:03}.bin": bytes(64 * 1024) for i in range(100)}
    report = check_file(make_zip(tmp_path / "p.zip", files), limits=limits)
    assert [(p["code"], p["entry"]) for p in report.problems] == [("zip.total_compression_ratio", None)]
    assert "zip bomb" in report.errors[0]


def test_a_package_of_text_is_not_taken_for_a_bomb(tmp_path: Path) -> None:
    """Scripts and pages compress well, a few to one, never near a hundred: the whole-archive ratio leaves them."""
    script = "".join(f"function slide{i}() {{ return player.show('slide-{i}', {i * 7 % 13}); }}\n" for i in range(4000))
    files: dict[str, bytes | str] = {
        "index.html": INDEX,
        "data/player.js": script,
        "data/slides.js": script.replace("slide", "trang"),
    }
    assert check_file(make_zip(tmp_path / "p.zip", files), limits=Limits(ratio_floor=64 * 1024)).ok


def test_total_size_cap(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX, "video.bin": bytes(5000)})
    assert codes(path, Limits(max_total_size=4096)) == ["zip.too_large"]


def test_entry_count_cap(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"index.html": INDEX} | {f"{i}.js": b"" for i in range(10)})
    assert codes(path, Limits(max_entries=10)) == ["zip.too_many_entries"]


def test_entry_count_is_read_before_the_directory(tmp_path: Path) -> None:
    data = bytearray(make_zip(tmp_path / "p.zip", {"index.html": INDEX}).read_bytes())
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 60_000, 60_000)  # a lying count, far above the cap
    report = check_file(write(tmp_path / "p.zip", bytes(data)))
    assert report.errors == ["the archive has 60000 entries; at most 20000 allowed"]


def test_zip64_end_records_are_read(tmp_path: Path) -> None:
    entries = [RawEntry(b"index.html", INDEX), RawEntry(b"a.js", b"1"), RawEntry(b"b.js", b"2")]
    path = write_raw_zip(tmp_path / "p.zip", entries, zip64_end=True)
    assert check_file(path).ok
    assert codes(path, Limits(max_entries=2)) == ["zip.too_many_entries"]


def test_problems_listed_are_capped(tmp_path: Path) -> None:
    report = check_file(make_zip(tmp_path / "p.zip", {"index.html": INDEX} | {f"/abs/{i}.js": b"" for i in range(80)}))
    assert len(report.errors) == 51
    assert report.problems[-1] == {
        "code": "report.more_problems",
        "message": "... and 30 more problems not listed",
        "entry": None,
        "detail": None,
    }


VIETNAMESE = "Bài giảng/index.html"


@pytest.mark.parametrize(
    ("raw", "flags"),
    [
        (VIETNAMESE.encode("utf-8"), 0x800),  # flagged UTF-8 (modern tools)
        (VIETNAMESE.encode("utf-8"), 0),  # UTF-8 bytes, unflagged (older tools)
        ("Bài gia\u0309ng/index.html".encode("cp1258"), 0),  # Vietnamese Windows code page, tone as a combining mark
    ],
)
def test_vietnamese_names(tmp_path: Path, raw: bytes, flags: int) -> None:
    path = write_raw_zip(tmp_path / "p.zip", [RawEntry(raw, INDEX, flags=flags)])
    with zipfile.ZipFile(path) as zf:
        assert entry_name(zf.infolist()[0]) == VIETNAMESE
    assert check_file(path).to_dict() == {"ok": True, "kind": "html5", "launch": VIETNAMESE, "errors": []}


def unicode_path_entry(written: str, real: str, *, crc_of: str | None = None) -> zipfile.ZipInfo:
    """An entry as WinRAR writes it: the name in the computer's code page (``written``, ASCII here: Vietnamese
    letters became ``?``) and the real one in an Info-ZIP Unicode Path extra field."""
    info = zipfile.ZipInfo(written, (2024, 5, 1, 8, 0, 0))
    field = b"\x01" + struct.pack("<L", zlib.crc32((crc_of or written).encode())) + real.encode()
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    return info


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile sees the code-page names, "?nh.png" twice
def test_names_in_a_unicode_path_field_are_the_real_names(tmp_path: Path) -> None:
    """A SCORM package whose manifest names "Bài giảng/index.html", zipped by WinRAR: found, as are its pictures,
    which the code page would have made one name ("?nh.png" twice) and refused as duplicates."""
    manifest = (
        '<manifest><organizations/><resources><resource identifier="r" href="B%C3%A0i%20gi%E1%BA%A3ng/index.html"/>'
        "</resources></manifest>"
    )
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        zf.writestr(unicode_path_entry("B?i gi?ng/index.html", "Bài giảng/index.html"), INDEX)
        zf.writestr(unicode_path_entry("B?i gi?ng/?nh.png", "Bài giảng/Ảnh.png"), b"1")
        zf.writestr(unicode_path_entry("B?i gi?ng/?nh.png", "Bài giảng/ảnh nền.png"), b"2")
    assert check_file(path).to_dict() == {"ok": True, "kind": "scorm", "launch": "Bài giảng/index.html", "errors": []}


def test_a_stale_unicode_path_field_is_ignored(tmp_path: Path) -> None:
    """The field names the entry only while its CRC-32 is that of the header's name (a tool that renames the entry
    and keeps the field would otherwise give it a name the tool did not mean)."""
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(unicode_path_entry("index.html", "../evil.html", crc_of="old.html"), INDEX)
    with zipfile.ZipFile(path) as zf:
        assert entry_name(zf.infolist()[0]) == "index.html"
    assert check_file(path).ok


def test_undecodable_name_kept_as_cp437(tmp_path: Path) -> None:
    path = write_raw_zip(tmp_path / "p.zip", [RawEntry(b"\x81\x8a.html", INDEX)])
    with zipfile.ZipFile(path) as zf:
        assert entry_name(zf.infolist()[0]) == "üè.html"


def test_damaged_zips_are_reported_never_raised(tmp_path: Path) -> None:
    """Random byte damage anywhere in a zip (headers, directory, zip64 records) yields a report, not an exception."""
    originals = [
        make_zip(tmp_path / "a.zip", {"index.html": INDEX * 5, "js/a.js": b"x" * 100}).read_bytes(),
        write_raw_zip(tmp_path / "b.zip", [RawEntry(b"index.html", INDEX, zip64=True)], zip64_end=True).read_bytes(),
    ]
    rng = random.Random(20)
    for _ in range(600):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        check_file(write(tmp_path / "damaged.zip", bytes(data[: rng.randint(len(data) // 2, len(data))])))
