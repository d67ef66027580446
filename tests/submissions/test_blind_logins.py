"""A path on the author's computer written into a package's scripts, data or pages (authoring tools record where
a project and its media were: ``C:\\Users\\<login>\\Documents\\...``; a Mac's ``/Users/<login>/``) names their
login, which is often their name ("NgocNTB"), whatever the application knows of them: it is reported to the author
as a name judges will see, so that they can remove it. Logins every computer has (Public, Default...) are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from submissions.blind import Sighting

from .blind_helpers import cleaned_in_package


@pytest.mark.parametrize(
    "text, login",
    [
        ('{"source": "C:\\\\Users\\\\NgocNTB\\\\Documents\\\\Articulate\\\\Bai 5.story"}', "NgocNTB"),
        ('var media = "C:/Users/thay.hung/Desktop/video.mp4";', "thay.hung"),
        ('<img src="file:///Users/lananh/Pictures/a.png">', "lananh"),
        ('{"path": "C:\\\\Users\\\\Ngoc Nguyen\\\\Videos\\\\bai5.mp4"}', "Ngoc Nguyen"),
        ('var p = "D:\\\\Documents and Settings\\\\CoHoa\\\\My Documents\\\\x.ppt";', "CoHoa"),
    ],
)
def test_a_login_in_a_path_is_reported(tmp_path: Path, text: str, login: str) -> None:
    name = "data/data.json" if text.startswith("{") else "index.html" if text.startswith("<") else "data/data.js"
    _packed, _copy, report = cleaned_in_package(tmp_path, name, text.encode())
    assert report.sightings == [Sighting(name, "text", (login,))]


@pytest.mark.parametrize(
    "text",
    [
        '"C:\\\\Users\\\\Public\\\\Videos\\\\a.mp4"',
        '"C:/Users/Default/x"',
        '"C:/Users/HP/Desktop/x.mp4"',  # the login a computer shop made: no one's name
        '"https://example.com/Users/abc/"',
    ],
)
def test_logins_of_every_computer_and_web_addresses_are_not(tmp_path: Path, text: str) -> None:
    _packed, _copy, report = cleaned_in_package(tmp_path, "data/data.js", text.encode())
    assert report.sightings == []
