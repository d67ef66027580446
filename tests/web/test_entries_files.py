"""An entry's files through the service: checked by content, stored, replaced and removed with versions kept; and
every bad upload refused with nothing stored or changed."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Entry, EntryFile, EntrySettings, FileKind, User
from app.services.entries import entering, entry_files
from app.services.entries.entry_files import FileRefused, OverCap, Slot
from app.services.errors import InvalidInput, NotAllowed
from app.timeutil import utcnow
from submissions.store import LocalStore, Readable
from tests.builders import present, row_of

from ..submissions.crafting import JPEG, MP4_HEAD, PDF, PNG, RawEntry, make_zip, write, write_raw_zip, write_zeros_bomb
from . import entries_helpers
from .entries_helpers import World, lecture

INDEX = b"<!doctype html><title>Bai giang</title><script src='app.js'></script>"


world = entries_helpers.world


@pytest.fixture
def entry(world: World) -> Entry:
    created = entering.create_entry(db.session, world.teacher, world.elearning, lecture())
    db.session.commit()
    return created


@pytest.fixture
def store(app: Flask, tmp_path: Path) -> LocalStore:
    return LocalStore(tmp_path / "store")


def stored_objects(store: LocalStore) -> list[Path]:
    if not store.root.exists():
        return []
    return [p for p in store.root.rglob("*") if p.is_file() and p.parent.name != "tmp"]


def file_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(EntryFile)) or 0


def package(tmp_path: Path, name: str = "bai-giang.zip", **extra: bytes) -> Path:
    return make_zip(tmp_path / name, {"lesson/index.html": INDEX, "lesson/app.js": b"var a = 1;", **extra})


def add(
    store: LocalStore, world: World, entry: Entry, path: Path, slot: Slot, name: str | None = None, **kw: Any
) -> EntryFile:
    return entry_files.add_file(db.session, store, world.teacher, entry, path, name or path.name, slot, **kw)


def test_a_package_is_checked_stored_and_recorded(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    path = package(tmp_path)
    added = add(store, world, entry, path, Slot.PACKAGE)
    db.session.commit()
    assert added.kind is FileKind.HTML5 and added.launch == "lesson/index.html"
    assert added.original_name == "bai-giang.zip" and added.size == path.stat().st_size
    assert store.read_bytes(added.sha256) == path.read_bytes()
    assert entry.current_files == [added]


def test_each_kind_goes_in_its_slot(world: World, entry: Entry, store: LocalStore, tmp_path: Path) -> None:
    add(store, world, entry, write(tmp_path / "video.mp4", MP4_HEAD), Slot.VIDEO)
    add(store, world, entry, write(tmp_path / "thuyet-minh.pdf", PDF), Slot.DOCUMENT)
    add(store, world, entry, write(tmp_path / "anh.png", PNG), Slot.IMAGE)
    add(store, world, entry, write(tmp_path / "anh2.jpg", JPEG), Slot.IMAGE)
    assert sorted(f.kind.value for f in entry.current_files) == ["document", "image", "image", "video"]
    with pytest.raises(FileRefused) as refused:
        add(store, world, entry, write(tmp_path / "other.pdf", PDF), Slot.VIDEO)
    assert refused.value.messages


def test_a_new_package_replaces_the_current_one_and_versions_are_kept(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    first = add(store, world, entry, package(tmp_path), Slot.PACKAGE)
    second = add(store, world, entry, package(tmp_path, "v2.zip", **{"lesson/more.html": b"<p>2</p>"}), Slot.PACKAGE)
    db.session.commit()
    assert entry.current_files == [second]
    assert entry_files.versions(entry) == [first] and first.superseded_at is not None
    video = add(store, world, entry, write(tmp_path / "a.mp4", MP4_HEAD), Slot.VIDEO)
    newer = add(store, world, entry, write(tmp_path / "b.mp4", MP4_HEAD + b"x"), Slot.VIDEO, replaces_id=video.id)
    assert {f.id for f in entry.current_files} == {second.id, newer.id}
    with pytest.raises(InvalidInput):  # not a current file of that kind
        add(store, world, entry, write(tmp_path / "c.mp4", MP4_HEAD), Slot.VIDEO, replaces_id=first.id)


def test_removing_keeps_the_row_as_an_earlier_version(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    added = add(store, world, entry, write(tmp_path / "a.pdf", PDF), Slot.DOCUMENT)
    entry_files.remove_file(db.session, world.teacher, entry, added.id)
    db.session.commit()
    assert entry.current_files == [] and entry_files.versions(entry) == [added]
    assert added.sha256 in store
    with pytest.raises(InvalidInput):
        entry_files.remove_file(db.session, world.teacher, entry, added.id)


@pytest.mark.parametrize(
    "name, build",
    [
        ("anh.pdf", lambda d: write(d / "x", PNG)),  # wrong content for the extension
        ("video.mp4", lambda d: write(d / "x", PDF)),
        ("bai.zip", lambda d: write_zeros_bomb(d / "x", 5)),  # compressed 230:1
        ("bai.zip", lambda d: write_raw_zip(d / "x", [RawEntry(b"index.html", INDEX), RawEntry(b"../evil.js", b"1")])),
        (
            "bai.zip",
            lambda d: write_raw_zip(d / "x", [RawEntry(b"index.html", INDEX), RawEntry(b"a.js", b"1", flags=1)]),
        ),
        ("bai.zip", lambda d: make_zip(d / "x", {"readme.txt": "no index"})),
        ("bai.exe", lambda d: write(d / "x", b"MZ\x90\x00")),
        # active content under a harmless name: served from the site's own origin it would run there
        (
            "anh.png",
            lambda d: write(d / "x", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        ),
        ("video.mp4", lambda d: write(d / "x", b"<!doctype html><script>fetch('/admin')</script>")),
        ("video.mp4", lambda d: write(d / "x", b"MZ\x90\x00\x03\x00\x00\x00")),  # a Windows program
        ("empty.pdf", lambda d: write(d / "x", b"")),
    ],
)
def test_bad_files_are_refused_with_nothing_stored(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path, name: str, build: Callable[[Path], Path]
) -> None:
    path = build(tmp_path)
    slot = Slot.PACKAGE if name.endswith(".zip") else Slot.DOCUMENT
    with pytest.raises(FileRefused) as refused:
        add(store, world, entry, path, slot, name)
    assert refused.value.messages and all(isinstance(m, str) and m for m in refused.value.messages)
    db.session.rollback()
    assert file_rows() == 0 and stored_objects(store) == []


def test_the_refusal_names_the_entry_at_fault(world: World, entry: Entry, store: LocalStore, tmp_path: Path) -> None:
    path = write_raw_zip(tmp_path / "p.zip", [RawEntry(b"index.html", INDEX), RawEntry(b"../evil.js", b"1")])
    with pytest.raises(FileRefused) as refused:
        add(store, world, entry, path, Slot.PACKAGE)
    assert any("../evil.js" in m for m in refused.value.messages)


def test_over_the_cap_is_refused(world: World, entry: Entry, store: LocalStore, tmp_path: Path) -> None:
    db.session.add(EntrySettings(contest_id=world.elearning.id, upload_cap_mb=1, licence_required=True))
    db.session.commit()
    big = tmp_path / "big.mp4"
    with open(big, "wb") as f:
        f.write(MP4_HEAD)
        f.truncate(1024 * 1024 + 1)
    with pytest.raises(OverCap):
        add(store, world, entry, big, Slot.VIDEO)
    assert file_rows() == 0 and stored_objects(store) == []


def test_after_the_deadline_nothing_is_added_or_removed(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    added = add(store, world, entry, write(tmp_path / "a.pdf", PDF), Slot.DOCUMENT)
    world.elearning.submission_closes = utcnow() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(InvalidInput):
        add(store, world, entry, write(tmp_path / "b.pdf", PDF + b" "), Slot.DOCUMENT)
    with pytest.raises(InvalidInput):
        entry_files.remove_file(db.session, world.teacher, entry, added.id)
    db.session.rollback()
    assert entry.current_files == [added] and len(stored_objects(store)) == 1


def test_only_authors_upload(world: World, entry: Entry, store: LocalStore, tmp_path: Path) -> None:
    for outsider in (world.teacher2, world.organiser, world.coordinator):
        with pytest.raises(NotAllowed):
            entry_files.add_file(
                db.session, store, outsider, entry, write(tmp_path / "a.pdf", PDF), "a.pdf", Slot.DOCUMENT
            )
    assert file_rows() == 0


def test_names_served_to_others_than_the_authors_are_neutral(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    added = add(store, world, entry, write(tmp_path / "x.mp4", MP4_HEAD), Slot.VIDEO, "Nguyễn Văn A - bài giảng.MP4")
    assert added.original_name == "Nguyễn Văn A - bài giảng.MP4"
    assert entry_files.download_name(added, entry, for_author=False) == f"{entry.code}-video.mp4"
    assert entry_files.download_name(added, entry, for_author=True) == added.original_name
    assert entry_files.media_type(added) == "video/mp4"


def test_uploaded_names_lose_their_folders(world: World, entry: Entry, store: LocalStore, tmp_path: Path) -> None:
    added = add(store, world, entry, write(tmp_path / "x.pdf", PDF), Slot.DOCUMENT, "C:\\Users\\gv\\..\\bao cao.pdf")
    assert added.original_name == "bao cao.pdf"


def test_a_scorm_package_opens_at_its_launch_file(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    manifest = (
        '<?xml version="1.0"?><manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2">'
        '<organizations default="o"><organization identifier="o"><item identifierref="r"/></organization>'
        '</organizations><resources><resource identifier="r" href="start.html"/></resources></manifest>'
    )
    path = tmp_path / "scorm.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("imsmanifest.xml", manifest)
        zf.writestr("start.html", INDEX)
    added = add(store, world, entry, path, Slot.PACKAGE)
    assert added.kind is FileKind.SCORM and added.launch == "start.html"


# --- concurrent uploads ----------------------------------------------------------------------------------------


class StoreWithARivalUpload(LocalStore):
    """A store whose first ``put`` lets another upload run to its end (in its own session, committed) before it
    stores anything: what a concurrent request does while this upload's file is still being written."""

    def __init__(self, root: Path, rival: Callable[[], None]) -> None:
        super().__init__(root)
        self._rival: Callable[[], None] | None = rival

    def put(self, stream: Readable, max_bytes: int | None = None) -> tuple[str, int]:
        if self._rival is not None:
            rival, self._rival = self._rival, None
            rival()
        return super().put(stream, max_bytes)


def rival_upload(world: World, entry: Entry, store: LocalStore, path: Path, slot: Slot) -> Callable[[], None]:
    """An upload by the entry's author in a session (a connection) of its own, committed."""

    def run() -> None:
        with Session(db.engine) as other:
            entry_files.add_file(
                other,
                store,
                present(other.get(User, world.teacher.id)),
                present(other.get(Entry, entry.id)),
                path,
                path.name,
                slot,
            )
            other.commit()

    return run


def current_files(entry: Entry) -> list[EntryFile]:
    db.session.expire_all()
    return row_of(Entry, entry.id).current_files


def test_two_packages_uploaded_at_once_leave_one_current(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    rival = rival_upload(world, entry, store, package(tmp_path, "rival.zip", **{"lesson/b.html": b"b"}), Slot.PACKAGE)
    racing = StoreWithARivalUpload(store.root, rival)
    mine = add(racing, world, entry, package(tmp_path), Slot.PACKAGE)
    db.session.commit()
    assert [f.id for f in current_files(entry)] == [mine.id]
    (earlier,) = entry_files.versions(row_of(Entry, entry.id))
    assert earlier.original_name == "rival.zip" and earlier.superseded_at is not None


def test_concurrent_uploads_never_overfill_a_slot(
    world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    limit = entry_files.SLOT_LIMITS[Slot.VIDEO]
    for i in range(limit - 1):
        add(store, world, entry, write(tmp_path / f"v{i}.mp4", MP4_HEAD + bytes([i])), Slot.VIDEO)
    db.session.commit()
    rival = rival_upload(world, entry, store, write(tmp_path / "rival.mp4", MP4_HEAD + b"r"), Slot.VIDEO)
    racing = StoreWithARivalUpload(store.root, rival)
    with pytest.raises(InvalidInput) as refused:
        add(racing, world, entry, write(tmp_path / "mine.mp4", MP4_HEAD + b"m"), Slot.VIDEO)
    db.session.rollback()
    assert "at most" in str(refused.value.message) or "tối đa" in str(refused.value.message)
    names = sorted(f.original_name for f in current_files(entry))
    assert len(names) == limit and "rival.mp4" in names and "mine.mp4" not in names


def test_an_upload_waits_for_the_one_holding_the_entry_then_sees_its_file(
    app: Flask, world: World, entry: Entry, store: LocalStore, tmp_path: Path
) -> None:
    first = add(store, world, entry, package(tmp_path), Slot.PACKAGE)  # the entry is now held until commit
    second = package(tmp_path, "second.zip", **{"lesson/b.html": b"b"})
    faults: list[BaseException] = []

    def other_request() -> None:
        with app.app_context():
            try:
                rival_upload(world, entry, store, second, Slot.PACKAGE)()
            except BaseException as error:  # reported by the test below
                faults.append(error)

    thread = threading.Thread(target=other_request)
    thread.start()
    thread.join(timeout=0.5)
    assert thread.is_alive()  # waiting for the entry
    db.session.commit()
    thread.join(timeout=10)
    assert not thread.is_alive() and not faults
    assert [f.original_name for f in current_files(entry)] == ["second.zip"]
    assert [f.id for f in entry_files.versions(row_of(Entry, entry.id))] == [first.id]
