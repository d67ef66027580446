"""The launching items of a SCORM manifest's organisation (``scorm_items``): the default organisation's, in document
order, nested items flattened with their level, grouping items and items whose resource is missing left out; and a
stored package's items resolved to its files with their launch queries (``package_menu``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.package_menu import menu
from submissions.scorm_items import LaunchItem, ManifestItem, organisation_items
from submissions.validate import check_file

from .crafting import make_zip

SCORM_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="course" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xml:base="">
  <organizations default="main">
    <organization identifier="other"><title>Bản khác</title>
      <item identifier="x" identifierref="r3"><title>Không dùng</title></item>
    </organization>
    <organization identifier="main"><title>Quang hợp</title>
      <item identifier="i1" identifierref="r1" parameters="?part=1"><title>Bài 1:
          Giới thiệu</title></item>
      <item identifier="g"><title>Chương 2</title>
        <item identifier="i2" identifierref="r2"><title>Bài 2</title>
          <item identifier="i3" identifierref="r3"><title>Bài 2.1 – Lục lạp</title></item>
        </item>
        <item identifier="i4" identifierref="gone"><title>Thiếu tài nguyên</title></item>
      </item>
      <item identifier="i5" identifierref="r4"><title>Kiểm tra</title></item>
    </organization>
  </organizations>
  <resources xml:base="noi_dung/">
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="bai1/index.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="bai2/index.html#dau"/>
    <resource identifier="r3" type="webcontent" adlcp:scormType="asset" href="bai2/luc_lap.html"/>
    <resource identifier="r4" type="webcontent" adlcp:scormType="sco" href="kiem_tra.html"/>
  </resources>
</manifest>
"""
PAGE = "<!doctype html><html><head><meta charset='utf-8'><title>Trang</title></head><body>Nội dung</body></html>"


def test_the_default_organisations_launching_items_in_order_with_their_levels() -> None:
    assert organisation_items(SCORM_2004.encode()) == [
        ManifestItem("Bài 1: Giới thiệu", 0, "noi_dung/bai1/index.html", "?part=1"),
        ManifestItem("Bài 2", 1, "noi_dung/bai2/index.html#dau", ""),
        ManifestItem("Bài 2.1 – Lục lạp", 2, "noi_dung/bai2/luc_lap.html", ""),
        ManifestItem("Kiểm tra", 0, "noi_dung/kiem_tra.html", ""),
    ]


def test_without_a_default_the_first_organisation_is_read_and_a_doctype_is_refused() -> None:
    first = SCORM_2004.replace('default="main"', "")
    assert [i.title for i in organisation_items(first.encode())] == ["Không dùng"]
    with pytest.raises(ValueError):
        organisation_items(b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "b">]><manifest/>')


def test_a_stored_package_has_its_items_resolved_to_its_files(tmp_path: Path) -> None:
    files = {"Bài giảng/imsmanifest.xml": SCORM_2004}
    for page in ("bai1/index.html", "bai2/index.html", "bai2/luc_lap.html"):  # kiem_tra.html is missing
        files[f"Bài giảng/noi_dung/{page}"] = PAGE
    package = make_zip(tmp_path / "goi.zip", files)
    report = check_file(package)
    assert report.errors == []
    assert report.launch == "Bài giảng/noi_dung/bai1/index.html"
    with open(package, "rb") as f:
        items = menu(f)
    assert [(i.title, i.level, i.page, i.query) for i in items] == [
        ("Bài 1: Giới thiệu", 0, "Bài giảng/noi_dung/bai1/index.html", "?part=1"),
        ("Bài 2", 1, "Bài giảng/noi_dung/bai2/index.html", "#dau"),
        ("Bài 2.1 – Lục lạp", 2, "Bài giảng/noi_dung/bai2/luc_lap.html", ""),
    ]
    assert all(isinstance(i, LaunchItem) for i in items)
