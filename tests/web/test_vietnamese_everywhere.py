"""The whole interface stays Vietnamese in Vietnamese: every page that each demo role can reach (by following the
links of its pages) is rendered in Vietnamese, and its visible text holds no English word of our own code: no word
of a message that has a different Vietnamese translation, no enum value or code, no raw ``None``/``True``.

When this test fails it names the page and the words: give the value a label (see ``app/labels.py``) or put the
string through ``_()`` and translate it. Only proper names, language names and file names are allowed (``ALLOWED``).
"""

from __future__ import annotations

import enum
import io
import re
import zipfile
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import models
from app.extensions import db
from app.services import labels
from app.services.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from app.services.demo.contests import INFORMATICS, contest_of
from app.services.proposals import brand_list, company_list
from submissions.store import LocalStore

from .i18n_helpers import add_activity

CATALOGUE = Path(__file__).resolve().parents[2] / "app" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
WORD = re.compile(r"[A-Za-z][\w.\-]*[A-Za-z0-9]|[A-Za-z]", re.ASCII)


def _list(words: str) -> set[str]:
    return set(words.split())


# Words that English messages share with what a Vietnamese page may rightly show: proper names, products and
# language names, units, formats and the codes a user types (file names, problem codes).
ALLOWED = {
    # languages and tools
    *_list(
        "c cpp pascal python java scratch javascript html html5 scorm css pdf excel xlsx zip sb3 docx pptx mp4 "
        "json csv api url http https smtp markdown latex mathjax gcc g++ fpc javac kattis icpc themis cms "
        "codeforces domjudge docker bubblewrap redis sqlite postgresql"
    ),
    # verdict codes shown with their Vietnamese meaning beside them, licences, units, marks
    *_list("ac wa tle mle re ole ce je cc by sa by-sa cc-by cc-by-sa id ms kb mb gb ok"),
    # proper names; "English" names the second language in the language switch
    *_list("hoithi e-learning elearning gd gdtx gdnn thcs thpt ioi video english"),
}
# Names of several words: a compiler's, a command a system administrator types.
ALLOWED_PHRASES = ("Free Pascal", "hoithi worker")
# A dotted word that ends so is a file's name (TASK.OUT), not a code of ours.
FILE_EXTENSIONS = _list("inp out ans in txt pdf zip py c cpp pas java sb3 md html xlsx json")
# Always English, whatever the catalogue says.
FORBIDDEN_EXTRA = {
    *_list(
        "queued compiling running judging submitted pending approved rejected draft subtask subtasks tokens token "
        "none true false null worker asia ho_chi_minh programming.settings"
    ),
}
# A folder's name as a package holds it (problem_statement/, data/secret/): a path, not a word of ours.
FOLDER = re.compile(r"[\w.-]+(?:/[\w.-]+)*/(?=\s|[),;:]|$)")
MAX_PAGES_PER_ROLE = 400
MAX_VISITS_PER_ROUTE = 3
SKIP = re.compile(r"^/(logout|lang/|static/|api/|.*\.(xlsx|pdf|zip|csv|json|png|jpg|svg|js|css)$)")


def _words(text: str) -> set[str]:
    return {w.lower().strip(".-") for w in WORD.findall(text)}


def _english(text: str, forbidden: set[str]) -> set[str]:
    """The forbidden words of ``text``; a code such as ``panel.head`` counts when one of its parts is English."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    text = FOLDER.sub(" ", text)
    return {
        w
        for w in _words(text)
        if w in forbidden
        or ("." in w and w.rsplit(".", 1)[1] not in FILE_EXTENSIONS and set(re.split(r"[._]", w)) <= forbidden)
    }


def _enum_values() -> set[str]:
    values: set[str] = set()
    import judge.problem
    import judge.verdict
    import sandbox.result

    for module in (models, judge.problem, judge.verdict, sandbox.result):
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, enum.Enum) and item is not enum.Enum:
                for member in item:
                    values |= {str(member.value).lower(), member.name.lower()}
    return {v for v in values if len(v) > 2}


@pytest.fixture(scope="module")
def forbidden() -> set[str]:
    """English words of our catalogue whose message reads differently in Vietnamese, enum values and codes."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f, locale="vi")
    english: set[str] = set()
    vietnamese: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string or "",)
        source = re.sub(r"%\(\w+\)[sdif]|\{\w+\}|<[^>]+>", " ", " ".join(ids))
        translated = re.sub(r"%\(\w+\)[sdif]|\{\w+\}|<[^>]+>", " ", " ".join(strings))
        if source.strip() == translated.strip():
            continue
        english |= {w for w in _words(source) if len(w) > 2}
        vietnamese |= _words(translated)
    return (english - vietnamese - ALLOWED) | ((_enum_values() | FORBIDDEN_EXTRA) - ALLOWED)


class _VisibleText(HTMLParser):
    """The text a reader sees (and hears: titles, placeholders, button values), without scripts and styles, and
    the links of the page."""

    ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")
    # Not read: scripts, and programs' text (source code, compiler output), which is the contestant's.
    HIDDEN = ("script", "style", "template", "pre", "textarea")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and values.get("href") and "download" not in values:
            self.links.append(values["href"] or "")
        self.parts += [values[a] or "" for a in self.ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _user_data() -> set[str]:
    """Words that people typed (names, usernames, titles, codes): these may be in any language."""
    words: set[str] = set()
    for user in db.session.scalars(select(models.User)):
        words |= _words(f"{user.username} {user.full_name} {user.email or ''}")
    for unit in db.session.scalars(select(models.Unit)):
        words |= _words(f"{unit.code} {unit.name}")
    for brand in db.session.scalars(select(models.ListedBrand)):  # the Sở's list of brands and their products
        words |= _words(" ".join([brand.name, *brand.aliases, *brand.ambiguous]))
    for company in db.session.scalars(select(models.KnownCompany)):  # the Sở's list of known companies
        words |= _words(" ".join([company.name, *company.aliases, *company.ambiguous]))
    for problem in db.session.scalars(select(models.Problem)):
        words |= _words(f"{problem.code} {problem.title}")
    db.session.rollback()
    return words


def _in_context(word: str, text: str) -> str:
    """The word with a little of the text around its first appearance, to find it in the template."""
    match = re.search(rf"(?i)(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)
    start = match.start() if match else 0
    return f"{word} «…{text[max(0, start - 30) : start + len(word) + 30]}…»"


def _route_of(path: str) -> str:
    """The page's route, its ids left out but a contest's: each demo contest is in another state (open, being
    scored, its results published), so each contest's pages are visited."""
    return re.sub(r"(?<!^/contests)/\d+", "/N", path)


def _crawl(client: FlaskClient, forbidden: set[str], typed: set[str]) -> tuple[int, dict[str, list[str]]]:
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    queue = deque(["/"])
    found: dict[str, list[str]] = {}
    pages = 0
    while queue and pages < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        route = _route_of(urlsplit(url).path)
        if per_route.get(route, 0) >= MAX_VISITS_PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            location = response.headers["Location"]
            queue.append(urljoin(url, location))
            continue
        if response.mimetype != "text/html":
            response.close()  # a file sent from the store
            continue
        pages += 1
        parser = _VisibleText()
        parser.feed(response.get_data(as_text=True))
        text = " ".join(" ".join(parser.parts).split())
        english = sorted(_english(text, forbidden) - typed)
        if english:
            found[f"{url} ({response.status_code})"] = [_in_context(word, text) for word in english]
        for href in parser.links:
            target = urlsplit(urljoin(url, href))
            if target.scheme not in ("", "http") or target.netloc not in ("", "localhost"):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if not SKIP.match(target.path) and link not in seen:
                queue.append(link)
    return pages, found


@pytest.fixture
def demo(app: Flask) -> Flask:
    load_demo(db.session, LocalStore(app.config["STORAGE_DIR"]))
    add_activity(app)
    brand_list.rows(db.session)  # the shipped list of brands, as the first visit of its page would fill it
    company_list.fill(db.session)  # and of known companies, as the migration fills it
    db.session.commit()
    return app


@pytest.mark.parametrize("username", [a.username for a in ACCOUNTS])
def test_every_page_a_role_reaches_is_vietnamese(demo: Flask, forbidden: set[str], username: str) -> None:
    client = demo.test_client()
    assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
    pages, found = _crawl(client, forbidden, _user_data())
    assert pages > 3
    assert found == {}, "English in the Vietnamese interface (page: words):\n" + "\n".join(
        f"  {page}: {', '.join(words)}" for page, words in found.items()
    )


def test_the_word_list_knows_english_from_our_code(forbidden: set[str]) -> None:
    """The check itself: enum values, English of the catalogue and audit codes are caught, Vietnamese words and
    file names are not."""
    assert _english("Lê Văn Minh panel.head contest.create TASK.INP TASK.OUT bài.pdf", forbidden) == {
        "panel.head",
        "contest.create",
    }
    assert {"queued", "subtask", "tokens", "none", "approved", "informatics", "submission"} <= forbidden
    assert not {"thi", "tin", "cho", "python", "excel"} & forbidden


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _VisibleText()
    parser.feed(response.get_data(as_text=True))
    return " ".join(" ".join(parser.parts).split())


def _whole_audit_log(client: FlaskClient) -> str:
    """The audit log's pages, newest first, followed by their "Older" links, as one text."""
    url: str | None = "/admin/audit"
    texts = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        parser = _VisibleText()
        parser.feed(html)
        texts.append(" ".join(" ".join(parser.parts).split()))
        older = re.search(r'<p class="pager"><a href="([^"]+)"', html)
        url = older.group(1).replace("&amp;", "&") if older else None
    return " ".join(texts)


def test_judging_states_audit_actions_and_reasons_are_shown_in_vietnamese(demo: Flask) -> None:
    """Item 14: what the organiser, the admin and the student read where codes used to be shown raw."""
    contest = contest_of(db.session, INFORMATICS)
    client = demo.test_client()
    client.post("/login", data={"username": "btc", "password": DEMO_PASSWORD})
    judging = _page(client, f"/contests/{contest.id}/manage/judging")
    states = ("Đang chờ trong hàng đợi", "Đang biên dịch", "Đang chạy test 2/5", "WA · Sai kết quả", "Lỗi máy chấm")
    assert all(words in judging for words in states), judging
    assert "(GMT+7)" in _page(client, f"/contests/{contest.id}/manage/settings")
    assert "nhóm test" in _page(client, f"/contests/{contest.id}/manage/settings")
    with demo.test_request_context():  # the import report's checker (shown once a package is imported)
        assert labels.checker("tokens") == "có sẵn: so sánh kết quả từng từ một"
        assert labels.audit_action("a.later_action") == "a.later_action"  # an action without a label yet
    assert "Mã truy cập API" in _page(client, "/account/tokens")

    client.post("/logout")
    client.post("/login", data={"username": "admin", "password": DEMO_PASSWORD})
    log = _whole_audit_log(client)
    assert "sửa thiết lập thi lập trình" in log and f"hội thi #{contest.id}" in log
    assert "tạo hội thi" in log and "dữ liệu mẫu" in log  # the demo's rows, written with the code "demo"
    assert "Rà soát theo Mục 8 không phát hiện vấn đề" in log  # stored in English, shown in Vietnamese
    assert "Bị gắn cờ khi rà soát" in log

    client.post("/logout")
    client.post("/login", data={"username": "hocsinh", "password": DEMO_PASSWORD})
    mine = _page(client, f"/contests/{contest.id}/submissions")
    assert "Đang chờ trong hàng đợi" in mine and "Lỗi máy chấm" in mine and "queued" not in mine


def test_an_empty_zip_is_refused_in_vietnamese(demo: Flask) -> None:
    contest = contest_of(db.session, INFORMATICS)
    client = demo.test_client()
    client.post("/login", data={"username": "btc", "password": DEMO_PASSWORD})
    for files, said in (({}, "tệp zip không chứa tệp nào"), ({"x/readme.txt": "x"}, "không phải là gói đề bài")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        buffer.seek(0)
        data = {"label": "B", "category": "0", "package": (buffer, "bai.zip")}
        response = client.post(
            f"/contests/{contest.id}/manage/problems",
            data=data,
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        page = response.get_data(as_text=True)
        assert said in page and "Kattis" in page and "not a problem package" not in page
