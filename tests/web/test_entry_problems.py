"""The reasons an upload is refused, as the web page shows them in Vietnamese: each carries the detail the
checker found (the compression method, the inner zip, what the file really is), not only its kind."""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask import Flask

from app.services.entries.entry_problems import report_messages
from submissions.validate import check_file

from ..submissions.compound import compound_file
from ..submissions.crafting import MOV_FTYP, MOV_HEAD, MP4_HEAD, box, ebml_head, make_zip, track, write


def vietnamese(app: Flask, path: Path, name: str | None = None) -> list[str]:
    with app.test_request_context():
        return report_messages(check_file(path, declared_name=name))


def test_a_package_in_an_unsupported_compression_method_is_told_which_and_how_to_fix(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "goi.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("imsmanifest.xml", "<manifest/>")
        zf.writestr("index.html", "<p>Bài 1")
    [message] = vietnamese(app, path)
    assert "BZip2" in message and "Deflate" in message and "7-Zip" in message


def test_a_zip_holding_a_zip_names_it(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"Bài giảng Storyline.zip": b"PK\x05\x06" + bytes(18)})
    assert vietnamese(app, path) == [
        "Tệp zip này chứa một tệp zip khác (Bài giảng Storyline.zip) và không có trang nào: hãy giải nén rồi tải "
        "trực tiếp tệp zip bên trong lên."
    ]


def test_several_pages_without_a_start_page_are_named_with_what_to_rename(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"bai/trang-1.html": "<p>1", "bai/trang-2.html": "<p>2"})
    assert vietnamese(app, path) == [
        "Gói có nhiều trang HTML (trang-1.html, trang-2.html) nhưng không có index.html: hãy đổi tên trang mở đầu "
        "thành index.html rồi nén lại."
    ]


def test_a_file_under_another_extension_is_told_what_it_is_and_how_to_fix_it(app: Flask, tmp_path: Path) -> None:
    [mkv] = vietnamese(app, write(tmp_path / "a", ebml_head(b"matroska")), "ghi_hinh_OBS.mp4")
    assert "thực ra là video MKV" in mkv and "Remux Recordings" in mkv
    [old_word] = vietnamese(app, write(tmp_path / "b", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)), "bao_cao.docx")
    assert "tài liệu Office cũ (.doc, .ppt, .xls)" in old_word and ".docx" in old_word
    assert vietnamese(app, write(tmp_path / "c", MP4_HEAD), "video.mov") == []  # one container to browsers
    assert vietnamese(app, write(tmp_path / "d", MOV_HEAD), "IMG_0001.mp4") == []


def test_an_iphone_video_in_high_efficiency_is_told_to_convert_or_change_the_setting(
    app: Flask, tmp_path: Path
) -> None:
    """An iPhone records H.264 in a .MOV when set to Most Compatible (accepted), HEVC when set to High Efficiency."""
    assert vietnamese(app, write(tmp_path / "IMG_0001.MOV", MOV_HEAD)) == []
    hevc = MOV_FTYP + box(b"moov", track(b"vide", b"hvc1"), track(b"soun", b"mp4a")) + box(b"mdat")
    [message] = vietnamese(app, write(tmp_path / "IMG_0002.MOV", hevc))
    assert message.startswith("Video được mã hoá HEVC (H.265)") and "HandBrake" in message and "Cài đặt" in message


def test_a_video_coded_as_browsers_cannot_play_names_the_codec(app: Flask, tmp_path: Path) -> None:
    old_phone = box(b"ftyp", b"3gp4", bytes(4), b"isom3gp4") + box(
        b"moov", track(b"vide", b"s263"), track(b"soun", b"samr")
    )
    assert vietnamese(app, write(tmp_path / "quay.mp4", old_phone + box(b"mdat"))) == [
        "Hình của video được mã hoá H.263, trình duyệt không phát được. Hãy chuyển video sang MP4 (H.264), ví dụ bằng "
        "phần mềm miễn phí HandBrake (mục Format chọn MP4, Video Encoder chọn H.264), rồi tải lên.",
        "Tiếng của video được mã hoá AMR, trình duyệt không phát được. Hãy chuyển video sang MP4 với tiếng AAC, ví dụ "
        "bằng phần mềm miễn phí HandBrake (mục Format chọn MP4, Audio Encoder chọn AAC), rồi tải lên.",
    ]


def test_a_video_in_a_package_that_browsers_cannot_play_is_named_before_the_advice(app: Flask, tmp_path: Path) -> None:
    hevc = MOV_FTYP + box(b"moov", track(b"vide", b"hvc1"), track(b"soun", b"mp4a")) + box(b"mdat")
    path = make_zip(tmp_path / "goi.zip", {"index.html": "<video src=media/IMG_0002.MOV>", "media/IMG_0002.MOV": hevc})
    [message] = vietnamese(app, path)
    assert message.startswith("media/IMG_0002.MOV: Video được mã hoá HEVC (H.265)") and "HandBrake" in message


def test_a_missing_launch_file_is_named(app: Flask, tmp_path: Path) -> None:
    manifest = (
        '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><resources>'
        '<resource identifier="r" type="webcontent" href="res/index.html"/></resources></manifest>'
    )
    path = make_zip(tmp_path / "goi.zip", {"imsmanifest.xml": manifest, "index_lms.html": "<p>1"})
    assert vietnamese(app, path) == [
        "Tệp khởi chạy res/index.html ghi trong tệp kê khai SCORM không có trong gói bài giảng."
    ]


def test_a_word_document_saved_with_a_password_is_told_to_remove_it(app: Flask, tmp_path: Path) -> None:
    """Word saves a password-protected .docx as an OLE compound file: not an old .doc to save again as .docx."""
    locked = compound_file({"EncryptionInfo": bytes(200), "EncryptedPackage": bytes(5000)})
    [message] = vietnamese(app, write(tmp_path / "giao-an.docx", locked))
    assert message.startswith("Tài liệu Word được đặt mật khẩu nên giám khảo không mở được: hãy gỡ mật khẩu")
    [old] = vietnamese(app, write(tmp_path / "cu.docx", compound_file({"WordDocument": bytes(5000)})))
    assert "tài liệu Office cũ (.doc, .ppt, .xls)" in old


def test_a_program_in_a_package_is_named_and_refused_in_vietnamese(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": "<p>Bài 3", "BaiGiang_iSpring.exe": b"MZ"})
    assert vietnamese(app, path) == [
        "BaiGiang_iSpring.exe: gói bài giảng không được chứa chương trình (.exe, .msi, .bat, .vbs, .jar...): trình "
        "duyệt của giám khảo không chạy các tệp này, và không được gửi cho giám khảo một chương trình để mở. Hãy xoá "
        "tệp đó khỏi thư mục, nén lại gói rồi tải lên."
    ]


def test_an_obs_recording_in_mkv_inside_a_package_is_named_with_its_codec(app: Flask, tmp_path: Path) -> None:
    from ..submissions.crafting import webm

    video = webm(b"matroska", (1, "V_MPEG4/ISO/AVC"))
    path = make_zip(tmp_path / "goi.zip", {"index.html": "<p>Bài 3", "media/ghi-hinh.mkv": video})
    [message] = vietnamese(app, path)
    assert message.startswith("media/ghi-hinh.mkv: Hình của video được mã hoá H.264 (MKV), trình duyệt không phát")


def test_a_powerpoint_with_macros_in_a_package_is_named_and_refused_in_vietnamese(app: Flask, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "goi.zip", {"index.html": "<p>Bài 3", "tai-lieu/Bai 3.pptm": b"PK"})
    [message] = vietnamese(app, path)
    assert message.startswith("tai-lieu/Bai 3.pptm: gói bài giảng không được chứa tệp Office có macro")
    assert ".pptx" in message


def test_a_program_embedded_in_a_word_document_is_named_in_vietnamese(app: Flask, tmp_path: Path) -> None:
    from ..submissions.crafting import make_docx
    from ..submissions.test_package_programs import packaged_object

    document = make_docx(tmp_path / "bao-cao.docx")
    with zipfile.ZipFile(document, "a") as zf:
        zf.writestr("word/embeddings/oleObject1.bin", packaged_object("setup.exe"))
    assert vietnamese(app, document) == [
        "Tài liệu có nhúng một chương trình (setup.exe), chương trình này sẽ chạy khi nhấp đúp vào biểu tượng của "
        "nó: không được gửi cho giám khảo một chương trình để mở. Hãy xoá đối tượng đó khỏi tài liệu, lưu lại rồi "
        "tải lên."
    ]
