"""Programs inside a lecture package are refused (``package_programs``): a browser never runs them, so they are not
part of the lecture, and a judge who downloads the package must not be handed one to double-click. Found by their
extension (.exe, .bat, .vbs...) and, under any name, by their content (a Windows program, a Linux or macOS one)."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
from flask import Flask

from app.services.entries.entry_problems import report_messages
from submissions.validate import check_file

from .compound import compound_file
from .crafting import RawEntry, make_docx, make_zip, write_raw_zip

PAGE = b"<!doctype html><title>Bai 3</title><p>Phan so</p>"


def windows_program() -> bytes:
    """The head of a Windows program (PE): ``MZ``, the DOS stub, the offset of ``PE\\0\\0`` at 0x3C, the PE header."""
    dos = b"MZ" + bytes(0x3A) + struct.pack("<I", 0x80) + b"This program cannot be run in DOS mode.\r\r\n$"
    return dos.ljust(0x80, b"\x00") + b"PE\x00\x00" + struct.pack("<HH", 0x14C, 3) + bytes(512)


def codes(path: Path) -> list[tuple[str, str | None]]:
    return [(p["code"], p["entry"]) for p in check_file(path).problems]


@pytest.mark.parametrize(
    "name",
    [
        "BaiGiang/Setup.exe",  # an authoring tool's "publish as an executable", copied beside the HTML5 output
        "chay_bai_giang.bat",
        "autorun.inf",  # a CD's autorun, pointing at a program
        "tools/fix.vbs",
        "tools/fix.ps1",
        "player/Flash Player.scr",
        "lib/quiz.jar",
        "cai_dat.msi",
        "lib/helper.dll",
        "mo_bai.cmd",
        "slides.hta",
        "run.wsf",
        "Start.COM",
        "Bai giang - Shortcut.lnk",  # a shortcut runs any command line it was given
        "mo-thu-muc.scf",
    ],
)
def test_a_program_in_a_package_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, name: b"@echo off\r\nstart index.html\r\n"})
    assert codes(path) == [("package.program", name)]


def test_a_windows_program_under_another_name_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, "media/video_bai3.mp4.dat": windows_program()})
    assert codes(path) == [("package.program", "media/video_bai3.mp4.dat")]


@pytest.mark.parametrize(
    "head",
    [b"\x7fELF\x02\x01\x01" + bytes(64), b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(64)],
    ids=["linux", "macos"],
)
def test_linux_and_macos_programs_are_refused(tmp_path: Path, head: bytes) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, "bin/player": head})
    assert codes(path) == [("package.program", "bin/player")]


def test_what_a_lecture_holds_is_not_taken_for_a_program(tmp_path: Path) -> None:
    """Scripts the page runs, data, fonts, a text that happens to start with MZ, a folder named like a program."""
    path = make_zip(
        tmp_path / "goi.zip",
        {
            "index.html": PAGE,
            "data/player.js": b"window.player={}",
            "data/data.json": b"{}",
            "fonts/Roboto.woff2": b"wOF2" + bytes(64),
            "ghi-chu.txt": b"MZ la viet tat cua mot ten rieng",
            "setup.exe/readme.txt": b"thu muc",
            "__MACOSX/._index.html": b"\x00\x05\x16\x07",
        },
    )
    assert codes(path) == []


def test_an_office_document_holding_a_program_is_not_a_package(tmp_path: Path) -> None:
    """An embedded object in a .docx is the document's own (Word runs nothing by itself): not checked here."""
    path = make_zip(
        tmp_path / "bao-cao.docx",
        {
            "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
            "word/embeddings/oleObject1.bin": windows_program(),
        },
    )
    assert all(code != "package.program" for code, _ in codes(path))


@pytest.mark.parametrize("name", ["tai-lieu/bai-tap.docm", "tai-lieu/diem.xlsm", "Bai giang.pptm", "trinh-chieu.ppsm"])
def test_an_office_file_with_macros_in_a_package_is_refused_naming_it(tmp_path: Path, name: str) -> None:
    """Macros run when a judge opens the file and enables them; a file alone of that kind is refused already."""
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, name: b"PK\x05\x06" + bytes(18)})
    assert codes(path) == [("package.macro_document", name)]


def test_a_program_in_a_zip_inside_the_package_is_refused_naming_both(tmp_path: Path) -> None:
    """Teachers add the software a lesson uses, zipped ("Phần mềm/GeoGebra.zip" holding its installer)."""
    inner = make_zip(tmp_path / "inner.zip", {"GeoGebra/setup.exe": b"MZ", "GeoGebra/huong-dan.pdf": b"%PDF"})
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        path = make_zip(
            tmp_path / "goi.zip", {"index.html": PAGE, "Phần mềm/GeoGebra.zip": inner.read_bytes()}, method=method
        )
        assert codes(path) == [("package.program", "Phần mềm/GeoGebra.zip/GeoGebra/setup.exe")]


def test_a_zip_of_pictures_and_an_office_document_inside_the_package_pass(tmp_path: Path) -> None:
    pictures = make_zip(tmp_path / "anh.zip", {"anh/1.jpg": b"\xff\xd8\xff", "anh/2.png": b"\x89PNG"})
    path = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, "tai-lieu/anh.zip": pictures.read_bytes()})
    assert codes(path) == []


def packaged_object(label: str) -> bytes:
    """An embedded object as Office's Object Packager writes it into ``word/embeddings/oleObject1.bin``: a compound
    file whose ``\\x01Ole10Native`` stream holds the file's label, its original path, then its bytes."""
    path = f"C:\\Users\\gv\\Downloads\\{label}".encode("cp1252")
    body = struct.pack("<H", 2) + label.encode("cp1252") + b"\x00" + path + b"\x00" + struct.pack("<HH", 0, 3)
    body += struct.pack("<I", len(path) + 1) + path + b"\x00" + struct.pack("<I", 2) + b"MZ"
    return compound_file({"\x01Ole10Native": struct.pack("<I", len(body)) + body, "\x01CompObj": bytes(16)})


def test_a_program_embedded_in_an_office_document_is_refused(tmp_path: Path) -> None:
    """Double-clicking the object's icon in Word or PowerPoint runs the program (after one warning)."""
    document = make_docx(tmp_path / "bao-cao.docx")
    with zipfile.ZipFile(document, "a") as zf:
        zf.writestr("word/embeddings/oleObject1.bin", packaged_object("Cai dat phan mem.exe"))
    assert codes(document) == [("file.embedded_program", "Cai dat phan mem.exe")]
    slides = make_zip(
        tmp_path / "slides.pptx",
        {
            "[Content_Types].xml": b"<Types/>",
            "ppt/presentation.xml": b"<p:presentation/>",
            "ppt/embeddings/oleObject1.bin": packaged_object("run.bat"),
        },
    )
    package = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, "tai-lieu/Bai 3.pptx": slides.read_bytes()})
    assert codes(package) == [("package.program", "tai-lieu/Bai 3.pptx/run.bat")]


def test_a_document_embedded_in_an_office_document_passes(tmp_path: Path) -> None:
    document = make_docx(tmp_path / "bao-cao.docx")
    with zipfile.ZipFile(document, "a") as zf:
        zf.writestr("word/embeddings/oleObject1.bin", packaged_object("so lieu.pdf"))
        zf.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"PK\x05\x06" + bytes(18))
    assert codes(document) == []


def test_an_office_document_in_a_package_whose_objects_cannot_be_read_passes_the_check(tmp_path: Path) -> None:
    """An encrypted or damaged part inside a document inside the package is not the check's to open: no error."""
    slides = write_raw_zip(
        tmp_path / "slides.pptx",
        [
            RawEntry(b"[Content_Types].xml", b"<Types/>"),
            RawEntry(b"ppt/presentation.xml", b"<p:presentation/>"),
            RawEntry(b"ppt/embeddings/oleObject1.bin", packaged_object("run.bat"), flags=0x1),  # encrypted
            RawEntry(b"ppt/embeddings/oleObject2.bin", packaged_object("a.exe"), crc=1),  # damaged
        ],
    )
    package = make_zip(tmp_path / "goi.zip", {"index.html": PAGE, "Bai 3.pptx": slides.read_bytes()})
    assert codes(package) == []


def test_zips_inside_holding_too_many_names_in_all_refuse_the_package_at_once(app: Flask, tmp_path: Path) -> None:
    """Zips inside a package are searched by their directories; a package of zips holding millions of names (22 MB
    that held the check for twenty seconds) is refused once their entries pass 100,000 in all, before the rest are
    read, with a message saying what to do; a program in the first zips is named still."""
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_STORED) as archive:
        for number in range(19_999):
            archive.writestr(f"anh/{number:05d}.png", b"")
        archive.writestr("setup.exe", b"")
    package = tmp_path / "p.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", PAGE)
        for number in range(150):
            archive.writestr(f"tai-lieu/{number:03d}.zip", inner.read_bytes() + str(number).encode())
    started = time.monotonic()
    report = check_file(package)
    assert time.monotonic() - started < 5
    found = [(p["code"], p["entry"]) for p in report.problems]
    assert found[:5] == [("package.program", f"tai-lieu/{number:03d}.zip/setup.exe") for number in range(5)]
    assert found[5:] == [("package.inner_zips_too_large", "tai-lieu/005.zip")]
    with app.test_request_context():
        assert report_messages(report)[5].startswith("Các tệp zip bên trong gói bài giảng chứa tổng cộng quá nhiều tệp")
