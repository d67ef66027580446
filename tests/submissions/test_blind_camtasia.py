"""TechSmith Camtasia's HTML5 output (its Smart Player) keeps the video's settings as an XMP packet twice: in
``<project>_config.xml`` and, for a page opened from disk, in ``scripts/config_xml.js`` as a JavaScript string
(``TSC.embedded_config_xml = '...'``, lines joined by ``\\``). Besides the player's data (the video files, captions,
hotspots, table of contents), the packet holds what the author typed as the video's information in the Production
Wizard: creator, publisher, rights, contributor (Dublin Core). The judge's copy loses those, in both, and keeps the
player's data whole: the XML file was emptied of its whole description, which left the player without its video
and captions, and the script was not cleaned at all."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from submissions.validate import check_file

from .authored import shows
from .blind_helpers import AUTHOR, SCHOOL, judge_copy
from .crafting import make_zip

PROJECT = "Bai-giang-quang-hop"
PERSON = {"creator", "publisher", "rights", "contributor"}
FILES = (f"{PROJECT}.mp4", f"{PROJECT}_First_Frame.png")
NAMESPACES = " ".join(
    (
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
        'xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/"',
        'xmlns:tscDM="http://www.techsmith.com/xmp/tscDM/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    )
)
DESCRIBED = " ".join(
    (
        'dc:date="2026-03-02 09:15:00 AM" dc:source="Camtasia,23.0.1,vie" dc:title="Quang hợp"',
        f'dc:rights="© 2026 {AUTHOR}" tscDM:firstFrame="{FILES[1]}" tscDM:project="{PROJECT}"',
    )
)


def config_xml() -> str:
    """The XMP packet Camtasia 2023 writes for a produced video whose Video Info the author filled in."""
    caption = (
        '<rdf:li><rdf:Description xmpDM:duration="2167" xmpDM:startTime="2000" tscDM:valign="bottom">'
        '<xmpDM:name><rdf:Alt><rdf:li xml:lang="vi-VN">{\\rtf1 Quang hợp là gì?}</rdf:li></rdf:Alt></xmpDM:name>'
        "</rdf:Description></rdf:li>"
    )
    files = "".join(f'<rdf:li xmpDM:name="{i}" xmpDM:value="{name}"/>' for i, name in enumerate(FILES))
    return f"""<x:xmpmeta tsc:version="2.0.1" xmlns:x="adobe:ns:meta/" xmlns:tsc="http://www.techsmith.com/xmp/tsc/">
   <rdf:RDF {NAMESPACES}>
      <rdf:Description {DESCRIBED}>
         <dc:creator>
            <rdf:Seq>
               <rdf:li>{AUTHOR}</rdf:li></rdf:Seq>
         </dc:creator>
         <dc:publisher><rdf:Bag><rdf:li>{SCHOOL}</rdf:li></rdf:Bag></dc:publisher>
         <dc:contributor/>
         <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Bài giảng Sinh học 11</rdf:li></rdf:Alt></dc:description>
         <xmpDM:duration xmpDM:scale="1/1000" xmpDM:value="45633"/>
         <xmpDM:Tracks><rdf:Bag><rdf:li><rdf:Description xmpDM:trackType="Caption" xmpDM:trackName="Captioning">
            <xmpDM:markers><rdf:Seq>{caption}</rdf:Seq></xmpDM:markers></rdf:Description></rdf:li></rdf:Bag></xmpDM:Tracks>
         <tscDM:contentList>
            <rdf:Description>
               <tscDM:files>
                  <rdf:Seq>
                     {files}</rdf:Seq>
               </tscDM:files>
            </rdf:Description>
         </tscDM:contentList>
      </rdf:Description>
   </rdf:RDF>
</x:xmpmeta>"""


def config_js(xml: str) -> bytes:
    """``scripts/config_xml.js`` as Camtasia writes it: the packet in a single-quoted string, each line ended by a
    backslash, backslashes doubled."""
    body = xml.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\\n")
    return f"var TSC = TSC || {{}};\n\nTSC.embedded_config_xml = '{body}';\n".encode()


def embedded(tmp_path: Path, script: bytes) -> str:
    """The packet the Smart Player reads from ``script``, as Node runs it."""
    path = tmp_path / "config_xml.js"
    path.write_bytes(script)
    code = "const s={};require('vm').runInNewContext(require('fs').readFileSync(process.argv[1],'utf8'),s);"
    code += "process.stdout.write(JSON.stringify(s.TSC.embedded_config_xml));"
    done = subprocess.run(["node", "-e", code, str(path)], capture_output=True, check=True, timeout=30)
    return str(json.loads(done.stdout))


def without_people(xml: bytes | str) -> list[tuple[str, dict[str, str], str]]:
    """Every element of the packet but the people's (creator, publisher, rights, contributor), each with its
    attributes but theirs and its text: what the player reads."""
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    dc = "{http://purl.org/dc/elements/1.1/}"
    people = {dc + name for name in PERSON}
    out = []
    for element in root.iter():
        if any(a.tag in people for a in (element, *element.iterancestors())):
            continue
        attributes = {str(k): str(v) for k, v in element.attrib.items() if k not in people}
        out.append((str(element.tag), attributes, (element.text or "").strip()))
    return out


def test_camtasias_player_config_loses_the_authors_information_and_keeps_the_players_data(tmp_path: Path) -> None:
    xml = config_xml()
    page = "<!doctype html><script src='scripts/config_xml.js'></script><div id='tscVideoContent'></div>"
    package = make_zip(
        tmp_path / "p.zip",
        {
            f"{PROJECT}.html": page.encode(),
            f"{PROJECT}_config.xml": xml.encode(),
            "scripts/config_xml.js": config_js(xml),
        },
    )
    assert check_file(package).ok
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        file_xml, script = after.read(f"{PROJECT}_config.xml"), after.read("scripts/config_xml.js")
    script_xml = embedded(tmp_path, script)
    for cleaned in (file_xml, script, script_xml.encode()):
        assert not shows(cleaned, AUTHOR) and not shows(cleaned, SCHOOL)
    assert without_people(file_xml) == without_people(xml)
    assert without_people(script_xml) == without_people(xml)
    assert "Quang hợp là gì?" in script_xml and f"{PROJECT}.mp4" in script_xml
    assert report.sightings == [] and report.kept == []
