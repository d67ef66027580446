"""The judge's copy of pictures, sound and video (``submissions.blind``), alone or in a package, on real files as
cameras, phones and editors write them: no author left in their tags, not a pixel, frame or sample changed, and
what cannot be cleaned copied and listed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngImageFile

from app.vnsort import fold
from submissions.validate import check_file

from . import authored
from .blind_helpers import AUTHOR, SCHOOL, cleaned_in_package, judge_copy, scan_data
from .crafting import make_zip


def test_a_photo_loses_exif_xmp_and_comment_but_not_a_pixel_nor_its_orientation(tmp_path: Path) -> None:
    original = authored.jpeg(AUTHOR, orientation=6)
    assert authored.shows(original, AUTHOR)
    copy, report = judge_copy(tmp_path, "anh.jpg", original, "jpeg")
    assert not authored.shows(copy, AUTHOR) and b"Canon" not in copy and b"xmpmeta" not in copy
    assert scan_data(copy) == scan_data(original)  # not re-encoded
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(copy))
    assert after.tobytes() == before.tobytes()
    assert dict(after.getexif()) == {0x0112: 6}
    assert "comment" not in after.info and report.kept == []


def test_a_png_loses_its_text_chunks(tmp_path: Path) -> None:
    original = authored.png(AUTHOR)
    copy, _ = judge_copy(tmp_path, "so-do.png", original, "png")
    assert authored.shows(original, AUTHOR) and not authored.shows(copy, AUTHOR)
    assert Image.open(io.BytesIO(copy)).tobytes() == Image.open(io.BytesIO(original)).tobytes()
    image = Image.open(io.BytesIO(copy))
    assert isinstance(image, PngImageFile) and image.text == {}


def _tagged_mp4() -> bytes:
    """An MP4 as a phone, a camera or an editor writes its tags: the artist and the place in the movie's user data,
    the owner in a track's and in a Canon camera's uuid box in the movie, XMP in a top-level uuid box; the movie's
    header and the media data between them."""
    from .crafting import box

    artist = box(b"\xa9ART", AUTHOR.encode())
    place = box(b"\xa9xyz", b"+21.0285+105.8542/")
    track = box(b"trak", box(b"tkhd", bytes(84)), box(b"mdia", box(b"hdlr", bytes(8), b"vide", bytes(12))))
    owned = box(b"trak", box(b"tkhd", bytes(84)), box(b"udta", box(b"\xa9own", SCHOOL.encode())))
    camera = box(
        b"uuid", bytes.fromhex("85c0b687820f11e08111f4ce462b6a48"), box(b"CMT1", authored.ascii_of(AUTHOR).encode())
    )
    movie = box(b"moov", box(b"mvhd", bytes(100)), track, owned, box(b"udta", artist, place), camera)
    xmp = box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac"), f"<dc:creator>{AUTHOR}</dc:creator>".encode())
    ftyp = box(b"ftyp", b"isom", bytes(4), b"isommp41")
    return ftyp + movie + xmp + box(b"mdat", b"frames" * 100)


def test_an_mp4_loses_its_tags_in_place_and_keeps_every_frame_where_it_was(tmp_path: Path) -> None:
    video = _tagged_mp4()
    copy, report = judge_copy(tmp_path, "v.mp4", video, "mp4")
    assert len(copy) == len(video) and report.kept == []
    for trace in (AUTHOR.encode(), SCHOOL.encode(), b"+21.0285", b"\xa9ART", b"be7acfcb"):
        assert trace not in copy
    assert copy[video.index(b"mdat") - 4 :] == video[video.index(b"mdat") - 4 :]  # the media data, untouched
    for kept in (b"ftyp", b"mvhd", b"tkhd", b"hdlr"):
        assert copy.index(kept) == video.index(kept)
    assert copy.count(b"free") == 4  # the movie's user data, the owner's track's, the camera's box, the XMP box

    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>x</p>", "media/v.mp4": video})
    packed, _ = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert AUTHOR.encode() not in after.read("media/v.mp4")


def test_an_mp4_whose_boxes_do_not_fit_is_copied_and_listed_as_kept(tmp_path: Path) -> None:
    from .crafting import box

    broken = box(b"ftyp", b"isom", bytes(8)) + b"\x00\x00\xff\xffmoov" + AUTHOR.encode()
    copy, report = judge_copy(tmp_path, "v.mp4", broken, "mp4")
    assert copy == broken and report.kept == [""]


def test_an_mp3_narration_loses_its_id3_tags_and_keeps_its_sound(tmp_path: Path) -> None:
    frame = f"\x00\x00\x00{AUTHOR}".encode()  # an artist frame's text
    tag_body = b"TPE1" + len(frame).to_bytes(4, "big") + b"\x00\x00" + frame
    size = bytes((len(tag_body) >> shift) & 0x7F for shift in (21, 14, 7, 0))
    sound = b"\xff\xfb\x90\x64" + bytes(400)
    old_tag = b"TAG" + f"Bai giang - {fold(AUTHOR)}".encode().ljust(125, b"\x00")
    narration = b"ID3\x03\x00\x00" + size + tag_body + sound + old_tag
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>x</p>", "audio/loi-giang.mp3": narration})
    copy, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(copy)) as after:
        assert after.read("audio/loi-giang.mp3") == sound
    assert report.kept == []


def _element(element_id: bytes, *payload: bytes) -> bytes:
    """An EBML element (WebM's unit): its ID, its size as an 8-byte variable-length integer, then ``payload``."""
    body = b"".join(payload)
    return element_id + (len(body) | 1 << 56).to_bytes(8, "big") + body


def test_a_webm_loses_its_tags_and_title_in_place_and_keeps_every_frame(tmp_path: Path) -> None:
    from .crafting import ebml_head

    header = ebml_head(b"webm")[: -len(b"\x18\x53\x80\x67\x80")]  # the EBML header, without its empty segment
    title = b"\x7b\xa9" + bytes([0x80 | len("Bài".encode())]) + "Bài".encode()  # a short title: a one-byte size
    info = _element(b"\x15\x49\xa9\x66", b"\x2a\xd7\xb1\x83\x0f\x42\x40", title)
    tag = _element(b"\x67\xc8", _element(b"\x45\xa3", b"ARTIST"), _element(b"\x44\x87", AUTHOR.encode()))
    tags = _element(b"\x12\x54\xc3\x67", _element(b"\x73\x73", tag))
    subtitles = _element(b"\xae", b"\xd7\x81\x02", _element(b"\x53\x6e", f"Phụ đề {SCHOOL}".encode()))
    tracks = _element(b"\x16\x54\xae\x6b", subtitles)
    cluster = _element(b"\x1f\x43\xb6\x75", b"\xe7\x81\x00", b"frames" * 50)
    video = header + _element(b"\x18\x53\x80\x67", info, tracks, tags, cluster)
    copy, report = judge_copy(tmp_path, "v.webm", video, "webm")
    assert len(copy) == len(video) and report.kept == []
    assert AUTHOR.encode() not in copy and b"ARTIST" not in copy and "Bài".encode() not in copy
    assert SCHOOL.encode() not in copy and b"\xd7\x81\x02" in copy  # the track's name goes, its number stays
    assert copy.endswith(cluster) and copy.startswith(header)


@pytest.mark.parametrize("padding", [0, 150_000])  # a large profile is cut into several JPEG segments
def test_a_colour_profile_keeps_its_colours_and_loses_its_words(tmp_path: Path, padding: int) -> None:
    """A profile's description, copyright and device model are free text, where calibration tools and editors
    write people's names: blanked, the profile's size and numbers unchanged, so the photo looks the same."""
    from PIL import ImageCms

    profile = authored.icc_profile(AUTHOR, padding)
    picture = Image.new("RGB", (16, 8), (200, 40, 10))
    for name, image_format, kind in (("anh.jpg", "JPEG", "jpeg"), ("anh.png", "PNG", "png")):
        out = io.BytesIO()
        picture.save(out, image_format, icc_profile=profile)
        original = out.getvalue()
        assert authored.shows(Image.open(io.BytesIO(original)).info["icc_profile"], AUTHOR)
        copy, report = judge_copy(tmp_path, name, original, kind)
        after = Image.open(io.BytesIO(copy))
        blanked = after.info["icc_profile"]
        assert not authored.shows(copy, AUTHOR) and not authored.shows(blanked, AUTHOR), name
        assert report.kept == []
        assert after.tobytes() == Image.open(io.BytesIO(original)).tobytes()
        assert len(blanked) == len(profile)
        differs = [at for at in range(len(profile)) if blanked[at] != profile[at] and not 84 <= at < 100]
        assert differs and all(blanked[at] in (0x20, 0) for at in differs)  # only text turned to spaces
        assert blanked[84:100] == authored.profile_id(blanked) != profile[84:100]  # its ID computed again
        assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(blanked))).strip() == ""


def test_a_webp_loses_exif_and_xmp_but_not_a_pixel_nor_its_orientation(tmp_path: Path) -> None:
    original = authored.webp(AUTHOR)
    assert authored.shows(original, AUTHOR)
    packed, copy, report = cleaned_in_package(tmp_path, "a.webp", original)
    assert not authored.shows(packed, AUTHOR) and report.kept == []
    assert b"XMP " not in copy
    before, cleaned = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(copy))
    assert cleaned.tobytes() == before.tobytes()
    assert dict(cleaned.getexif()) == {0x0112: 6}
    assert len(cleaned.info["icc_profile"]) == len(before.info["icc_profile"])
    assert _riff_chunk(copy, b"VP8 ") == _riff_chunk(original, b"VP8 ")  # the picture, byte for byte


def _riff_chunk(data: bytes, kind: bytes) -> bytes:
    at = data.index(kind)
    return data[at : at + 8 + int.from_bytes(data[at + 4 : at + 8], "little")]


def test_a_gif_loses_its_comment_and_xmp_but_keeps_its_frames_and_looping(tmp_path: Path) -> None:
    original = authored.gif(AUTHOR)
    assert authored.shows(original, AUTHOR)
    packed, copy, report = cleaned_in_package(tmp_path, "a.gif", original)
    assert not authored.shows(packed, AUTHOR) and report.kept == []
    assert b"XMP DataXMP" not in copy and b"NETSCAPE2.0" in copy
    before, cleaned = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(copy))
    assert getattr(cleaned, "n_frames", 1) == getattr(before, "n_frames", 1) == 2 and cleaned.info["loop"] == 0
    for frame in range(2):
        before.seek(frame)
        cleaned.seek(frame)
        assert cleaned.convert("RGB").tobytes() == before.convert("RGB").tobytes()


def test_a_quicktime_movie_loses_its_keys_and_user_data_in_place(tmp_path: Path) -> None:
    """An iPhone's or a Mac's MOV is accepted as a video; its copy loses the author, the place and the phone named
    in its ``meta`` keys and user data, and nothing moves."""
    video = authored.iphone_mov(AUTHOR)
    source = tmp_path / "IMG_0001.MOV"
    source.write_bytes(video)
    assert check_file(source).ok and check_file(source).kind == "video"
    copy, report = judge_copy(tmp_path, "IMG_0001.MOV", video, "quicktime")
    assert len(copy) == len(video) and report.kept == []
    assert not authored.shows(copy, AUTHOR) and b"+21.0285" not in copy and b"com.apple.quicktime" not in copy
    assert copy[: video.index(b"moov")] == video[: video.index(b"moov")]  # the media data, untouched
    for kept in (b"mvhd", b"stsd", b"avc1", b"mp4a", b"vide", b"soun"):
        assert copy.index(kept) == video.index(kept)
    again = tmp_path / "judge.mov"
    again.write_bytes(copy)
    assert check_file(again).ok  # its tracks still say what they hold

    package = make_zip(tmp_path / "p.zip", {"index.html": b"<video src=media/a.mov>", "media/a.mov": video})
    packed, _ = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert not authored.shows(packed, AUTHOR)


def test_sound_in_a_package_loses_its_tags_and_keeps_its_sound(tmp_path: Path) -> None:
    from .crafting import ebml_head

    """Narration and music as recorders and taggers leave them: FLAC Vorbis comments and picture, WAV INFO and
    broadcast chunks, Ogg Opus comments over two pages, an MP3 without an ID3v2 tag but with APEv2 and ID3v1 tags
    at its end, an M4A's and a Matroska file's tags: blanked in place (cut off for the MP3's), nothing else changed."""
    mp3_frames = b"\xff\xfb\x90\x64" + bytes(413)
    ape_items = struct.pack("<II", len(AUTHOR.encode()), 0) + b"Artist\x00" + AUTHOR.encode()
    ape = b"APETAGEX" + struct.pack("<IIII", 2000, 32 + len(ape_items), 1, 0) + bytes(8) + ape_items
    ape += b"APETAGEX" + struct.pack("<IIII", 2000, 32 + len(ape_items), 1, 0x80000000) + bytes(8)
    id3v1 = b"TAG" + authored.ascii_of(AUTHOR).encode().ljust(125, b"\x00")
    tag = _element(b"\x67\xc8", _element(b"\x45\xa3", b"ARTIST"), _element(b"\x44\x87", AUTHOR.encode()))
    cluster = _element(b"\x1f\x43\xb6\x75", b"\xe7\x81\x00", b"sound" * 50)
    segment = _element(b"\x18\x53\x80\x67", _element(b"\x12\x54\xc3\x67", _element(b"\x73\x73", tag)), cluster)
    sounds = {
        "a.flac": authored.flac(AUTHOR),
        "a.wav": authored.wav(AUTHOR),
        "a.opus": authored.opus(AUTHOR),
        "a.mp3": mp3_frames + ape + id3v1,
        "a.m4a": _tagged_mp4(),
        "a.mka": ebml_head(b"matroska")[: -len(b"\x18\x53\x80\x67\x80")] + segment,  # Matroska sound, as MKV video
    }
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<audio src=a.flac>", **sounds})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert report.kept == []
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        copies = {name: after.read(name) for name in sounds}
    for name, copy in copies.items():
        assert authored.shows(sounds[name], AUTHOR) and not authored.shows(copy, AUTHOR), name
        assert b"APETAGEX" not in copy and b"ARTIST" not in copy and b"IART" not in copy, name
    assert copies["a.mp3"] == mp3_frames
    for name in ("a.flac", "a.wav", "a.opus", "a.m4a", "a.mka"):
        assert len(copies[name]) == len(sounds[name]), name
    assert copies["a.flac"].endswith(sounds["a.flac"][-202:])  # the frames
    assert copies["a.wav"][: sounds["a.wav"].index(b"LIST")] == sounds["a.wav"][: sounds["a.wav"].index(b"LIST")]
    pages = copies["a.opus"].split(b"OggS")[1:]
    assert all(authored.ogg_crc(b"OggS" + page) == struct.unpack_from("<I", page, 18)[0] for page in pages)
    assert pages[-1] == sounds["a.opus"].split(b"OggS")[-1]  # the sound's page
    assert b"Lavf59.2" in copies["a.opus"] and b"OpusHead" in copies["a.opus"]


def test_a_matroska_videos_attachments_are_blanked_in_place(tmp_path: Path) -> None:
    """ffmpeg's ``-attach`` and mkvmerge keep a cover picture (its EXIF naming the author) under a file name of the
    author's choosing in the segment's Attachments."""
    from .crafting import ebml_head

    header = ebml_head(b"matroska")[: -len(b"\x18\x53\x80\x67\x80")]
    name = f"bia-{authored.ascii_of(AUTHOR)}.jpg".encode()
    attached = _element(
        b"\x61\xa7",
        _element(b"\x46\x6e", name),
        _element(b"\x46\x60", b"image/jpeg"),
        _element(b"\x46\x5c", authored.jpeg(AUTHOR)),
    )
    cluster = _element(b"\x1f\x43\xb6\x75", b"\xe7\x81\x00", b"frames" * 50)
    video = header + _element(b"\x18\x53\x80\x67", _element(b"\x19\x41\xa4\x69", attached), cluster)
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<video src=v.mkv>", "v.mkv": video})
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        copy = after.read("v.mkv")
    assert authored.shows(video, AUTHOR) and not authored.shows(copy, AUTHOR) and report.kept == []
    assert len(copy) == len(video) and copy.endswith(cluster) and copy.startswith(header)


def test_a_png_loses_content_credentials_and_chunks_private_to_a_tool(tmp_path: Path) -> None:
    """Photoshop's Content Credentials (C2PA, in caBX) may name the author; a tool's private chunk may hold anything.
    An animated PNG keeps its frames."""
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((200, 0, 0), (0, 0, 200))]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:], duration=100, loop=0)
    animated = out.getvalue()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    end = animated.index(b"IDAT") - 4
    credentials = chunk(b"caBX", b"jumb" + f'{{"author": "{AUTHOR}"}}'.encode())
    private = chunk(b"prVW", authored.ascii_of(AUTHOR).encode())
    original = animated[:end] + credentials + private + animated[end:]
    copy, report = judge_copy(tmp_path, "dong.png", original, "png")
    assert authored.shows(original, AUTHOR) and not authored.shows(copy, AUTHOR) and report.kept == []
    assert copy == animated  # every other chunk, byte for byte
