"""What a checked zip holds: an Office document (which one: ``office_types``), a SCORM package (1.2 or 2004) or
an HTML5 package, and for a package the entry a browser opens first.

A package's root is the top of the zip or, when every file sits in one top-level folder (teachers often zip the
folder an authoring tool exported), that folder, and so on down while there is a single folder. Litter that
operating systems add (``__MACOSX/``, ``._`` AppleDouble files, ``.DS_Store``, ``Thumbs.db``, ``desktop.ini``,
Windows's download marks kept as files, ``video.mp4:Zone.Identifier``) does not count. A root holding
``imsmanifest.xml`` (in any letter case) makes a SCORM package even if it also holds a start page (authoring tools
export both). Otherwise the root's start page makes an HTML5 package: the first of ``START_PAGES`` there, in any
letter case, else its only HTML page, else the page of Camtasia's Smart Player output (``X.html`` beside the
``X_player.html`` it embeds and ``X_config.xml``), else the page the root's ``tincan.xml`` or ``cmi5.xml`` launches
(an xAPI package, a cmi5 course: ``xapi_launch``). An H5P file (``h5p.json`` at the root, no start page) is refused
by a reason of its own: it runs only in an H5P player.

When the root holds none of these (the teacher zipped the export's folder with other files beside it, such as a
written report), a manifest that is the only one in the zip makes its folder the root, else a start page that is
the only file of its name in the zip is the launch. Failing all that, the refusal says why as precisely as it can:
nothing more when a manifest or page was itself refused (compressed with an unsupported method, encrypted...), the
root's pages when it has several and none is a start page (the teacher is to rename the right one), the inner
zip's name when the zip holds one zip and no page, else that there is no ``index.html``.

Zips that are not packages at all (a Scratch project, an OpenDocument file, an EPUB book: ``other_zips``) are
told by their content and refused by the reason of their format only.

Names are compared as ``archive.entry_name`` gives them (NFC) and, failing an exact match, ignoring letter case, as
the Windows machines that packages are authored on do: the checker refuses two names that differ only in case, so
the match is unique.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote, urljoin, urlsplit
from xml.parsers import expat

from .archive import Archive, Limits
from .launch_query import MAX_QUERY, join
from .office_types import office_format
from .other_zips import other_format
from .report import Code, Kind, Problem, problem
from .scorm_items import LaunchItem, organisation_items
from .xapi_launch import DESCRIPTORS, launch_path
from .xml_events import XML_BASE, from_declaration, start_parser

_LITTER_FOLDER = "__MACOSX"
_LITTER_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
_DOWNLOAD_MARK = ":zone.identifier"  # Windows's note of where a file was downloaded from, as WSL and 7-Zip keep it
START_PAGES = (
    "index.html",
    "index.htm",
    "story.html",
    "index_lms.html",
    "story_html5.html",
    "index_lms_html5.html",
    "default.html",
    "default.htm",
)
"""Start pages of HTML5 exports, by preference: most tools write ``index.html``; Articulate Storyline writes
``story.html`` (and ``index_lms.html`` in its LMS exports), Storyline 1 and 2 published as HTML5 only
``story_html5.html`` (``index_lms_html5.html``) beside ``story_unsupported.html`` and ``ioslaunch.html``."""
_HTML = (".html", ".htm")
_AUXILIARY_PAGES = ("_unsupported.html", "_flash.html", "ioslaunch.html")  # pages a launcher sends some browsers to
H5P_MESSAGE = "an H5P file needs an H5P player: export it as HTML5 or SCORM (e.g. with Lumi) and upload that zip"


@dataclass
class Contents:
    """The zip's format (a key of ``media.FORMATS``: ``zip`` for a package), its kind when it is a package, the
    launch entry when one was found (``launch_query``: what a SCORM launch adds after the page, ``launch_query.join``),
    and the problems found."""

    format: str
    kind: Kind | None = None
    launch: str | None = None
    launch_query: str | None = None
    problems: list[Problem] = field(default_factory=list)
    items: list[LaunchItem] = field(default_factory=list)  # a SCORM package's launching items (``scorm_items``)


def classify(archive: Archive, limits: Limits) -> Contents:
    """Decide what ``archive`` is and, for a package, find its launch entry (see the module docstring)."""
    if (known := office_format(archive, limits) or other_format(archive)) is not None:
        return Contents(known)
    if not archive.files:
        if archive.problems:  # every entry was refused; saying "empty" as well would only confuse
            return Contents("zip")
        return Contents("zip", problems=[problem(Code.EMPTY_PACKAGE, "the package is empty")])
    prefix = package_root(archive.files)
    at_root = {
        _fold(name[len(prefix) :]): name
        for name in archive.files
        if name.startswith(prefix) and "/" not in name[len(prefix) :] and not is_litter(name)
    }
    if (manifest := at_root.get("imsmanifest.xml")) is not None:
        return _scorm(archive, manifest, prefix, limits)
    start = next((at_root[page] for page in START_PAGES if page in at_root), None)
    pages = [name for key, name in at_root.items() if key.endswith(_HTML)]
    if start is None:
        start = pages[0] if len(pages) == 1 else _smart_player_page(at_root) or _launcher_page(at_root)
    if start is None and (described := _described_launch(archive, at_root, prefix, limits)) is not None:
        return Contents("zip", "html5", described[0], described[1] or None)
    if start is not None:
        return Contents("zip", "html5", start)
    if (manifest := _only_one(archive.files, ("imsmanifest.xml",))) is not None:
        return _scorm(archive, manifest, manifest[: -len("imsmanifest.xml")], limits)
    if (start := _only_one(archive.files, START_PAGES)) is not None:
        return Contents("zip", "html5", start)
    if "h5p.json" in at_root:
        return Contents("zip", "html5", problems=[problem(Code.H5P, H5P_MESSAGE)])
    if len(several := _all_named(archive.files, ("imsmanifest.xml",)) or _all_named(archive.files, START_PAGES)) > 1:
        names = ", ".join(several[:3]) + (", …" if len(several) > 3 else "")
        message = f"the package has several start pages in different folders ({names}): zip only the exported folder"
        return Contents("zip", "html5", problems=[problem(Code.SEVERAL_STARTS, message, names)])
    if any(_could_launch(name) for name in archive.left_out):
        return Contents("zip", "html5")  # its start was refused (compression, encryption...): said already
    if len(pages) > 1:
        shown = ", ".join(name[len(prefix) :] for name in sorted(pages)[:5]) + (", …" if len(pages) > 5 else "")
        message = (
            f"the package has several pages at its top ({shown}) and no index.html: rename the start page to index.html"
        )
        return Contents("zip", "html5", problems=[problem(Code.SEVERAL_PAGES, message, shown)])
    if (inner := _lone_zip(archive.files)) is not None:
        message = f"the zip holds another zip, {inner}, and no page: upload that zip itself"
        return Contents("zip", "html5", problems=[problem(Code.NESTED_ZIP, message, inner)])
    where = f"in its top-level folder {prefix}" if prefix else "at its top"
    return Contents(
        "zip",
        "html5",
        problems=[problem(Code.NO_INDEX, f"the package has no index.html {where} (nor an imsmanifest.xml for SCORM)")],
    )


def _described_launch(archive: Archive, at_root: dict[str, str], prefix: str, limits: Limits) -> tuple[str, str] | None:
    """The page that the root's ``tincan.xml`` or ``cmi5.xml`` launches (``xapi_launch``), when it is in the
    package, with the query it launches it with (``""``: none; over ``MAX_QUERY`` characters, none is chosen);
    ``None`` otherwise."""
    for descriptor in DESCRIPTORS:
        if descriptor in at_root and (xml := archive.read(at_root[descriptor], limits.max_manifest_size)) is not None:
            described = launch_path(xml)
            if described is None or len(described[1]) > MAX_QUERY:
                continue
            if (launch := find(archive.files, prefix + described[0])) is not None:
                return launch, described[1]
    return None


def _smart_player_page(at_root: dict[str, str]) -> str | None:
    """The start page of Camtasia's Smart Player output among ``at_root`` (the root's files by folded name): the one
    page ``X.html`` beside its ``X_player.html`` (the player it embeds) and ``X_config.xml``; ``None`` when there
    is not exactly one."""
    found = [
        name
        for key, name in at_root.items()
        if key.endswith(".html") and {key[:-5] + "_player.html", key[:-5] + "_config.xml"} <= at_root.keys()
    ]
    return found[0] if len(found) == 1 else None


def _launcher_page(at_root: dict[str, str]) -> str | None:
    """The start page of Articulate's Flash-era output (Presenter '13, Quizmaker '13, Engage '13: ``X.html``, which
    chooses between ``X_html5.html`` and ``X_flash.html``, beside ``X_unsupported.html`` and ``ioslaunch.html`` for
    browsers it cannot serve) among ``at_root``: the one page left when those are set aside, or ``X.html`` when only
    it and its ``X_html5.html`` are; ``None`` otherwise."""
    main = {key: name for key, name in at_root.items() if key.endswith(_HTML) and not key.endswith(_AUXILIARY_PAGES)}
    if len(main) == 1:
        return next(iter(main.values()))
    launcher = [key for key in main if key.endswith(".html") and key[:-5] + "_html5.html" in main]
    return main[launcher[0]] if len(main) == 2 and len(launcher) == 1 else None


def _could_launch(name: str) -> bool:
    """Whether the entry ``name`` could be a package's manifest or start page."""
    return _fold(posixpath.basename(name)) == "imsmanifest.xml" or _fold(name).endswith(_HTML)


def _lone_zip(files: Iterable[str]) -> str | None:
    """The one zip among ``files`` (litter aside) when they hold no HTML page: a package zipped again, perhaps with
    a report beside it; ``None`` otherwise."""
    names = [name for name in files if not is_litter(name)]
    zips = [name for name in names if _fold(name).endswith(".zip")]
    if len(zips) != 1 or any(_fold(name).endswith(_HTML) for name in names):
        return None
    return zips[0]


def is_litter(name: str) -> bool:
    """Whether the entry ``name`` is a file an operating system left, not part of the package."""
    parts = name.split("/")
    base = parts[-1]
    return (
        parts[0] == _LITTER_FOLDER
        or base.startswith("._")
        or base.lower() in _LITTER_FILES
        or base.lower().endswith(_DOWNLOAD_MARK)
    )


def _fold(name: str) -> str:
    """``name`` for comparing without letter case."""
    return unicodedata.normalize("NFC", name).casefold()


def _only_one(files: Iterable[str], names: Iterable[str]) -> str | None:
    """The one file of ``files`` (litter aside) whose own name is one of ``names`` (compared without letter case),
    wherever it is; ``None`` when there are none or several."""
    found = _all_named(files, names)
    return found[0] if len(found) == 1 else None


def _all_named(files: Iterable[str], names: Iterable[str]) -> list[str]:
    """The files of ``files`` (litter aside) whose own name is one of ``names`` (compared without letter case),
    wherever they are, sorted."""
    wanted = set(names)
    return sorted(name for name in files if _fold(posixpath.basename(name)) in wanted and not is_litter(name))


def package_root(files: Iterable[str]) -> str:
    """The folder (``"a/"``, ``"a/b/"``) holding every file but litter when they all sit in it, else ``""``."""
    folders = [name[: name.rfind("/") + 1] for name in files if not is_litter(name)]  # "" for a file at the top
    if not folders:
        return ""
    common = posixpath.commonprefix([min(folders), max(folders)])  # of all of them: one reading, however deep
    return common[: common.rfind("/") + 1]


def find(files: Iterable[str], path: str) -> str | None:
    """The name among ``files`` that ``path`` names: itself, else the one equal to it ignoring letter case."""
    names = set(files)
    path = unicodedata.normalize("NFC", path)
    if path in names:
        return path
    wanted = _fold(path)
    return next((name for name in names if _fold(name) == wanted), None)


def _scorm(archive: Archive, manifest: str, prefix: str, limits: Limits) -> Contents:
    found = Contents("zip", "scorm")
    xml = archive.read(manifest, limits.max_manifest_size)
    if xml is None:
        message = f"{manifest}: the manifest is damaged or larger than {limits.max_manifest_size} bytes"
        found.problems.append(problem(Code.BAD_MANIFEST, message, manifest))
        return found
    try:
        launch_link = launch_href(xml)
    except (expat.ExpatError, ValueError, LookupError) as e:  # LookupError: an unknown declared encoding
        found.problems.append(problem(Code.BAD_MANIFEST, f"{manifest}: not a valid manifest ({e})", manifest))
        return found
    if launch_link is None:
        found.problems.append(problem(Code.NO_LAUNCH, f"{manifest}: no resource names a launch file", manifest))
        return found
    href, parameters = launch_link
    launch, url = _resolve(archive.files, prefix, href)
    if launch is None:
        found.problems.append(
            problem(
                Code.LAUNCH_MISSING, f"{manifest}: its launch file {href} is not in the package", manifest, detail=href
            )
        )
        return found
    found.launch = launch
    found.launch_query = join(url.query, url.fragment, parameters) or None
    if found.launch_query is not None and len(found.launch_query) > MAX_QUERY:
        message = f"{manifest}: its launch's query and parameters are longer than {MAX_QUERY} characters"
        found.problems.append(problem(Code.BAD_MANIFEST, message, manifest))
    found.items = _items(archive.files, prefix, xml)
    return found


def _resolve(files: Iterable[str], prefix: str, href: str) -> tuple[str | None, SplitResult]:
    """The file of the package that the manifest's ``href`` names (``None`` when none, or outside the package),
    and the href split."""
    url = urlsplit(href.replace("\\", "/"))
    path = posixpath.normpath(prefix + unquote(url.path)) if url.path else ""
    return (None if url.scheme or url.netloc or path.startswith("../") else find(files, path)), url


def _items(files: Iterable[str], prefix: str, xml: bytes) -> list[LaunchItem]:
    """The launching items of the manifest ``xml`` whose page is in the package, with their launch queries; a
    query too long to follow its page leaves its item out (the launch itself says so)."""
    found = []
    for item in organisation_items(xml):
        page, url = _resolve(files, prefix, item.href)
        query = join(url.query, url.fragment, item.parameters)
        if page is not None and len(query) <= MAX_QUERY:
            found.append(LaunchItem(item.title, item.level, page, query))
    return found


def launch_href(xml: bytes) -> tuple[str, str] | None:
    """The launch href of an IMS content-packaging manifest and the ``parameters`` of the item launching it: the
    href of the resource referenced by the first item of the default organisation (or of the first organisation),
    with that item's ``parameters`` (ADL's attribute, SCORM 1.2 and 2004; ``""`` when it has none), else that of
    the first resource with an href and no parameters, with ``xml:base`` applied (of the manifest, its resources
    and the resource); ``None`` when no resource has an href. The href's query and fragment are kept. Blank lines
    before the XML declaration, which some exporters write, are tolerated.

    Raises ``expat.ExpatError`` on malformed XML, ``LookupError`` on an unknown declared encoding and
    ``ValueError`` on a document type declaration, refused so that entity expansion attacks cannot start."""
    default: str | None = None
    organisations: list[str] = []
    first_ref: dict[str, tuple[str, str]] = {}
    hrefs: dict[str, str] = {}
    first_href: list[str] = []
    manifest_base: str | None = None
    base = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal default, base, manifest_base
        local = name.rsplit(" ", 1)[-1]
        if local == "manifest" and manifest_base is None:
            manifest_base = attrs.get(XML_BASE, "")
        elif local == "organizations":
            default = attrs.get("default")
        elif local == "organization":
            organisations.append(attrs.get("identifier", ""))
        elif local == "item" and organisations and "identifierref" in attrs:
            first_ref.setdefault(organisations[-1], (attrs["identifierref"], attrs.get("parameters", "")))
        elif local == "resources":
            base = urljoin(manifest_base or "", attrs.get(XML_BASE, ""))
        elif local == "resource" and attrs.get("href"):
            href = urljoin(urljoin(base, attrs.get(XML_BASE, "")), attrs["href"])
            hrefs.setdefault(attrs.get("identifier", ""), href)
            if not first_href:
                first_href.append(href)

    parser = start_parser(start)
    parser.Parse(from_declaration(xml), True)
    chosen = default if default in first_ref else next(iter(organisations), None)
    ref, parameters = first_ref.get(chosen or "", ("", ""))
    if ref in hrefs:
        return hrefs[ref], parameters
    return (first_href[0], "") if first_href else None
