"""XMP kept as a file of its own in a package (Lightroom's and Bridge's ``.xmp`` sidecar beside a photo; the
``META-INF/metadata.xml`` of an Adobe Animate source, ``.fla``) is metadata, not the work: its description of the
file (the author, the rights, the place a photo was taken) is removed from the judge's copy, as a photo's own XMP
is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .blind_helpers import AUTHOR, cleaned_in_package, judge_copy
from .crafting import make_zip

XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,1.71N" exif:GPSLongitude="105,51.25E">'
    f"<dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
    '<?xpacket end="w"?>'
).encode()


def test_a_photos_sidecar_loses_its_description(tmp_path: Path) -> None:
    _packed, copy, report = cleaned_in_package(tmp_path, "anh/IMG_0001.xmp", XMP)
    assert AUTHOR.encode() not in copy and b"GPSLatitude" not in copy and b"xmpmeta" in copy
    assert report.sightings == [] and report.kept == []


def test_an_animate_sources_metadata_loses_its_description(tmp_path: Path) -> None:
    source = make_zip(
        tmp_path / "bai1.fla",
        {"DOMDocument.xml": b"<DOMDocument/>", "META-INF/metadata.xml": XMP, "mimetype": b"application/vnd.adobe.xfl"},
    )
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>Bai 1</p>", "nguon/bai1.fla": source.read_bytes()})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after, zipfile.ZipFile(io.BytesIO(after.read("nguon/bai1.fla"))) as fla:
        assert AUTHOR.encode() not in fla.read("META-INF/metadata.xml")
    assert report.sightings == [] and report.kept == []
