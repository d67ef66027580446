"""Real files that carry their author's name the way authoring tools leave it: a DOCX with core and app properties,
comments, people and tracked changes; a PDF (made with pypdf) with /Author, XMP and a commented annotation; a JPEG
with EXIF, XMP and a comment (Pillow); a PNG with text chunks; an e-lecture zip with an archive comment, member
comments, an HTML page with meta author and comments, a SCORM manifest with a LOM contributor's vCard, a photo and
an Office document inside; and ``shows`` to look for a name in any of them, inside zips, in UTF-8 and UTF-16."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pypdf
from PIL import Image, ImageCms, PngImagePlugin
from pypdf.annotations import Text
from pypdf.generic import NameObject, StreamObject, TextStringObject

from app.vnsort import fold

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def ascii_of(name: str) -> str:
    """The name as a tool that knows no diacritics writes it: "Nguyễn Thị" -> "Nguyen Thi"."""
    return " ".join(word.capitalize() for word in fold(name).split())


def shows(data: bytes, name: str) -> bool:
    """Whether ``name`` (or its form without diacritics) is in ``data`` or, for a zip, in any of its members (or
    their names, or its comments), in UTF-8, UTF-16 LE or UTF-16 BE."""
    forms = {name, ascii_of(name), ascii_of(name).replace(" ", "")}
    needles = [f.encode(codec) for f in forms for codec in ("utf-8", "utf-16-le", "utf-16-be")]
    if any(n in data for n in needles):
        return True
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if shows(zf.comment, name):
                return True
            for info in zf.infolist():
                if shows(info.filename.encode(), name) or shows(info.comment, name) or shows(info.extra, name):
                    return True
                if shows(zf.read(info), name):
                    return True
    return False


def jpeg(author: str, orientation: int = 6) -> bytes:
    """A 64x48 photo whose EXIF names its artist and owner, with XMP and a JPEG comment naming them too."""
    image = Image.new("RGB", (64, 48), (30, 120, 200))
    for x in range(0, 64, 8):
        image.paste((250, 200, 0), (x, 0, x + 4, 48))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = ascii_of(author)  # Artist
    exif[0x8298] = f"(c) {ascii_of(author)}"  # Copyright
    exif[0x010F] = "Canon"
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{author}</dc:creator></x:xmpmeta>'.encode()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp, comment=ascii_of(author).encode())
    return out.getvalue()


def png(author: str) -> bytes:
    """A small PNG with Author (tEXt) and Description (iTXt, UTF-8) chunks."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ascii_of(author))
    info.add_itxt("Description", f"Ảnh của {author}")
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 128, 0)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def icc_profile(author: str, padding: int = 0) -> bytes:
    """Pillow's sRGB profile as a calibration tool or an editor leaves it: its description a version 2 ``desc`` tag
    ("<author>'s monitor", in its ASCII and UTF-16 forms), its copyright a ``text`` tag and its device model a
    ``mluc`` tag naming ``author``; ``padding`` bytes of a private tag make it as large as a camera's."""
    base = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (count,) = struct.unpack_from(">I", base, 128)
    tags = {}
    for entry in range(count):
        sig, offset, size = struct.unpack_from(">4sII", base, 132 + 12 * entry)
        tags[sig] = base[offset : offset + size]
    ascii_name, wide_name = f"{ascii_of(author)}'s monitor", f"{author}'s monitor".encode("utf-16-be")
    ascii_bytes = ascii_name.encode() + b"\x00"
    tags[b"desc"] = (
        b"desc" + bytes(4) + struct.pack(">I", len(ascii_bytes)) + ascii_bytes
        + struct.pack(">II", 0, len(wide_name) // 2) + wide_name + bytes(2) + bytes(1) + bytes(67)
    )  # fmt: skip
    tags[b"cprt"] = b"text" + bytes(4) + f"(c) {ascii_of(author)}".encode() + b"\x00"
    tags[b"dmdd"] = b"mluc" + bytes(4) + struct.pack(">II2s2sII", 1, 12, b"vi", b"VN", len(wide_name), 28) + wide_name
    if padding:
        tags[b"zzzz"] = b"zzzz" + bytes(padding)
    table_end = 132 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags.items():
        table += struct.pack(">4sII", sig, table_end + len(body), len(data))
        body += data + bytes(-len(data) % 4)
    profile = bytearray(base[:128] + struct.pack(">I", len(tags)) + table + body)
    struct.pack_into(">I", profile, 0, len(profile))
    profile[84:100] = profile_id(bytes(profile))
    return bytes(profile)


def profile_id(profile: bytes) -> bytes:
    """The ID an ICC profile should carry: the MD5 of its bytes, with its flags, rendering intent and ID zeroed."""
    data = bytearray(profile)
    data[44:48], data[64:68], data[84:100] = bytes(4), bytes(4), bytes(16)
    return hashlib.md5(data).digest()


def pdf(author: str) -> bytes:
    """A one-page PDF whose information dictionary, XMP and an annotation (a reviewer's comment) name ``author``."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": author, "/Creator": f"Word - {author}", "/Title": "Thuyết minh"})
    xmp = StreamObject()
    xmp.set_data(
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{author}</dc:creator>'
        f"</rdf:Description></rdf:RDF></x:xmpmeta>".encode()
    )
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    note = Text(rect=(20, 20, 60, 60), text="Xem lại đoạn này")
    note[NameObject("/T")] = TextStringObject(author)
    writer.add_annotation(page_number=0, annotation=note)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_attachments(author: str) -> tuple[bytes, list[str]]:
    """A one-page PDF with two files attached, both naming ``author`` in their content and one in its file name: a
    Word document in its attachments (as LibreOffice's hybrid PDF embeds its source) and a text file in an
    attachment annotation on the page; and the names of the attached files."""
    import pikepdf

    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    attached = f"giao-an-{ascii_of(author)}.docx"
    document.attachments[attached] = pikepdf.AttachedFileSpec(document, docx(author), filename=attached)
    spec = pikepdf.AttachedFileSpec(document, f"Bảng điểm của {author}".encode(), filename="bang-diem.txt")
    pin = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[10, 10, 30, 30], FS=spec.obj,
        Contents=pikepdf.String("bảng điểm"),
    )  # fmt: skip
    document.pages[0].Annots = document.make_indirect(pikepdf.Array([document.make_indirect(pin)]))
    out = io.BytesIO()
    document.save(out, compress_streams=False)
    return out.getvalue(), [attached, "bang-diem.txt"]


def _docx_parts(author: str, photo: bytes) -> dict[str, bytes]:
    login = ascii_of(author).replace(" ", "").lower()
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
        "<dc:title>Giáo án</dc:title></cp:coreProperties>",
        "docProps/app.xml": '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties"><Application>Microsoft Office Word</Application><Pages>1</Pages>'
        f"<Company>Trường của {author}</Company><Manager>{author}</Manager></Properties>",
        "docProps/custom.xml": '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Owner"><vt:lpwstr>{author}'
        "</vt:lpwstr></property></Properties>",
        "word/document.xml": f'<w:document xmlns:w="{W}" xmlns:w15="{W15}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w15"><w:body>'
        "<w:p><w:r><w:t>Bài giảng: thuật toán sắp xếp</w:t></w:r></w:p>"
        f'<w:p><w:ins w:id="1" w:author="{author}" w:date="2024-05-01T00:00:00Z"><w:r><w:t>thêm</w:t></w:r>'
        "</w:ins></w:p></w:body></w:document>",
        "word/comments.xml": f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{author}" '
        'w:initials="NTBN"><w:p><w:r><w:t>Sửa lại ví dụ</w:t></w:r></w:p></w:comment></w:comments>',
        "word/people.xml": f'<w15:people xmlns:w15="{W15}"><w15:person w15:author="{author}">'
        f'<w15:presenceInfo w15:providerId="AD" w15:userId="S::{login}@truong.edu.vn"/></w15:person></w15:people>',
    }
    encoded = {name: (declaration + xml).encode() for name, xml in parts.items()}
    encoded["word/media/image1.jpeg"] = photo
    return encoded


def docx(author: str, *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A Word document (the parts Word writes, in the order it writes them) naming ``author`` everywhere Word
    does, with a photo that carries EXIF."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in _docx_parts(author, jpeg(author)).items():
            zf.writestr(name, data)
    return out.getvalue()


def page(author: str, school: str) -> bytes:
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">\n'
        f'<meta name="author" content="{author}">\n<META NAME="dc.creator" CONTENT="{author}"/>\n'
        '<meta name="viewport" content="width=device-width">\n'
        f"<title>Bài giảng</title><!-- soạn bởi {author} -->\n"
        "<script>var s = '<!-- giữ nguyên -->';</script>\n"
        f"</head><body><h1>Thuật toán sắp xếp</h1><p>Giáo viên: {school}</p>\n"
        "<!--[if IE]><p>IE</p><![endif]--></body></html>\n"
    ).encode()


def manifest(author: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
        'xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1">\n'
        "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>"
        "<imsmd:lom><imsmd:general><imsmd:title><imsmd:langstring>Sắp xếp</imsmd:langstring></imsmd:title>"
        "</imsmd:general><imsmd:lifecycle><imsmd:contribute><imsmd:role><imsmd:value>Author</imsmd:value>"
        f"</imsmd:role><imsmd:centity><imsmd:vcard>BEGIN:VCARD FN:{author} END:VCARD</imsmd:vcard></imsmd:centity>"
        "</imsmd:contribute></imsmd:lifecycle></imsmd:lom></metadata>\n"
        '<organizations default="o"><organization identifier="o"><title>Sắp xếp</title>'
        '<item identifier="i" identifierref="r"><title>Bài 1</title></item></organization></organizations>\n'
        '<resources><resource identifier="r" type="webcontent" href="lesson/index.html">'
        '<file href="lesson/index.html"/></resource></resources></manifest>\n'
    ).encode()


def package(path: Path, author: str, school: str, *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A SCORM package naming ``author`` in its zip comments, page, manifest, photos and nested Office document,
    and ``school`` in a member name and in the page's text."""
    folder = ascii_of(school).replace(" ", "_")
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.comment = f"Đóng gói bởi {author}".encode()
        members = {
            "imsmanifest.xml": manifest(author),
            "lesson/index.html": page(author, school),
            "lesson/app.js": b"var answer = 42;",
            "lesson/anh.jpg": jpeg(author),
            "lesson/so-do.png": png(author),
            f"lesson/{folder}/logo.png": png("khong ten"),
            "lesson/tai-lieu.docx": docx(author),
            "lesson/thuyet-minh.pdf": pdf(author),
        }
        for name, data in members.items():
            info = zipfile.ZipInfo(name, (2024, 5, 1, 8, 0, 0))
            info.compress_type = method
            info.comment = f"tệp của {author}".encode()
            zf.writestr(info, data)
    return path


def webp(author: str, *, orientation: int = 6) -> bytes:
    """A lossy WebP photo with EXIF (artist, copyright, orientation), XMP naming ``author`` and a colour profile
    naming them too, as Pillow (libwebp's muxer) writes it."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = ascii_of(author)
    exif[0x8298] = f"(c) {ascii_of(author)}"
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{author}</dc:creator></x:xmpmeta>'.encode()
    out = io.BytesIO()
    picture = Image.new("RGB", (32, 16), (10, 140, 90))
    picture.save(out, "WEBP", exif=exif.tobytes(), xmp=xmp, icc_profile=icc_profile(author), quality=80)
    return out.getvalue()


def gif(author: str) -> bytes:
    """A two-frame looping GIF with a comment naming ``author`` (Pillow) and Adobe's XMP application extension
    naming them too, placed after the header as Photoshop writes it."""
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((220, 30, 30), (30, 30, 220))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=100, comment=author.encode())
    data = out.getvalue()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{author}</dc:creator></x:xmpmeta>'.encode()
    magic = bytes([1, *range(255, -1, -1), 0])  # the "magic trailer" that lets readers skip XMP as sub-blocks
    extension = b"\x21\xff\x0bXMP DataXMP" + xmp + magic
    table = 3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 0
    return data[: 13 + table] + extension + data[13 + table :]


def iphone_mov(author: str) -> bytes:
    """A QuickTime movie of H.264 and AAC as an iPhone writes its tags: the ``com.apple.quicktime.*`` keys of the
    movie's ``meta`` box (author, place, phone model), QuickTime user data (``©aut``, ``©nam``), a track's name and
    its handler's name."""
    from .crafting import MOV_FTYP, box, track

    keys = [b"com.apple.quicktime.author", b"com.apple.quicktime.location.ISO6709", b"com.apple.quicktime.model"]
    values = [author.encode(), b"+21.0285+105.8542+012.000/", f"iPhone của {author}".encode()]
    key_box = box(b"keys", bytes(4), struct.pack(">I", len(keys)), *(box(b"mdta", key) for key in keys))
    items = (
        box(struct.pack(">I", i + 1), box(b"data", struct.pack(">II", 1, 0), value)) for i, value in enumerate(values)
    )
    meta = box(b"meta", bytes(4), box(b"hdlr", bytes(8), b"mdta", bytes(12)), key_box, box(b"ilst", *items))
    user_data = box(b"udta", box(b"\xa9aut", author.encode()), box(b"\xa9nam", f"Bài giảng - {author}".encode()))
    video = track(b"vide", b"avc1", f"Video của {author}")  # a handler's name, as editors and ffmpeg fill it
    sound = box(b"trak", track(b"soun", b"mp4a")[8:], box(b"udta", box(b"name", f"Giọng {author}".encode())))
    movie = box(b"moov", box(b"mvhd", bytes(100)), video, sound, user_data, meta)
    return MOV_FTYP + box(b"wide") + box(b"mdat", b"frames" * 100) + movie


def ogg_crc(page: bytes) -> int:
    """An Ogg page's checksum (RFC 3533: CRC-32, polynomial 0x04C11DB7, unreflected, its own field as zeros)."""
    crc = 0
    for byte in page[:22] + bytes(4) + page[26:]:
        crc ^= byte << 24
        for _ in range(8):
            crc = (crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def opus(author: str) -> bytes:
    """An Ogg Opus file as ffmpeg and Audacity write one: its identification header, then its comment header
    naming ``author`` (ARTIST, TITLE) with a cover picture large enough that the packet spans two pages, then a
    page of sound."""
    comments = [f"ARTIST={author}", f"TITLE=Bài giảng của {author}", "METADATA_BLOCK_PICTURE=" + "A" * 70_000]
    tags = b"OpusTags" + struct.pack("<I", 8) + b"Lavf59.2" + struct.pack("<I", len(comments))
    tags += b"".join(struct.pack("<I", len(c.encode())) + c.encode() for c in comments)
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    pages, sequence = [], 0
    for packet, flags in ((head, 2), (tags, 0), (b"\xfc" + bytes(99), 4)):
        lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
        taken = 0
        while lacing:
            part, lacing = lacing[:255], lacing[255:]
            body = packet[taken : taken + sum(part)]
            taken += sum(part)
            header = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, 0, 7, sequence, 0, len(part)) + bytes(part)
            page = header + body
            pages.append(page[:22] + struct.pack("<I", ogg_crc(page)) + page[26:])
            sequence += 1
            flags = 1  # the next page continues this packet
    return b"".join(pages)


def wav(author: str) -> bytes:
    """A WAV recording (Python's ``wave``) to which a ``LIST`` ``INFO`` chunk naming ``author`` (IART, INAM) and a
    ``bext`` chunk (its originator) are added, as Audacity's metadata editor and broadcast recorders write them."""
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(range(256)) * 8)
    data = out.getvalue()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack("<4sI", kind, len(payload)) + payload + bytes(len(payload) & 1)

    info = b"INFO" + chunk(b"IART", ascii_of(author).encode() + b"\x00") + chunk(b"INAM", f"Bài {author}".encode())
    extra = chunk(b"LIST", info) + chunk(b"bext", ascii_of(author).encode().ljust(256, b"\x00") + bytes(346))
    body = data[12:] + extra
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def flac(author: str) -> bytes:
    """A FLAC file's metadata as ``metaflac`` leaves it: STREAMINFO, Vorbis comments naming ``author``, a picture
    block, then (standing in for the frames) sound bytes."""
    comments = [f"ARTIST={author}".encode(), b"GENRE=Speech"]
    vorbis = struct.pack("<I", 4) + b"ffmp" + struct.pack("<I", len(comments))
    vorbis += b"".join(struct.pack("<I", len(c)) + c for c in comments)
    picture = struct.pack(">II", 3, 9) + b"image/png" + struct.pack(">I", len(author.encode())) + author.encode()
    picture += bytes(16) + struct.pack(">I", 0)
    blocks = [(0, bytes(34)), (4, vorbis), (6, picture)]
    out = b"fLaC"
    for index, (kind, payload) in enumerate(blocks):
        last = 0x80 if index == len(blocks) - 1 else 0
        out += bytes([last | kind]) + len(payload).to_bytes(3, "big") + payload
    return out + b"\xff\xf8" + bytes(range(200))
