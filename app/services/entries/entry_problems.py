"""The reasons ``submissions.validate.check_file`` gives for refusing a file, in the user's language.

The checker's messages are English and meant for logs and the command line; the interface translates each problem
by its stable code, naming the entry of the zip at fault where there is one, and the problem's detail (what the
file really is, the compression methods met) where the message has a place for it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from submissions.media import EXTENSIONS
from submissions.report import CheckReport, Code, Problem

_MESSAGES = {
    Code.UNSUPPORTED_EXTENSION: _l(
        "Files of this type are not accepted (accepted: .zip, .mp4, .mov, .webm, .pdf, .docx, .jpg, .png, .webp)."
    ),
    Code.UNKNOWN_CONTENT: _l("The file's content is not of an accepted type."),
    Code.EMPTY_FILE: _l("The file is empty."),
    Code.EXTENSION_MISMATCH: _l("The file's content does not match its extension: it is really %(detail)s."),
    Code.FORMAT_NOT_TAKEN: _l(
        "Files of this type are not accepted (accepted: .zip, .mp4, .mov, .webm, .pdf, .docx, .jpg, .png, .webp)."
    ),
    Code.IMAGE_TOO_LARGE: _l(
        "The image has more pixels than a browser can show (over 120 megapixels): resize it and upload it again."
    ),
    Code.IMAGE_DAMAGED: _l(
        "The image is damaged or not of the type its name says (JPG, WebP): export it again and upload it."
    ),
    Code.INCOMPLETE: _l(
        "The file is damaged or incomplete (was the upload or the copy interrupted?): upload the whole file again."
    ),
    Code.NO_VIDEO: _l("The video file has no picture, only sound: export the video again with its picture."),
    Code.PDF_PASSWORD: _l(
        "The PDF is protected by a password, so judges cannot open it: remove the password, then upload it."
    ),
    Code.OFFICE_PASSWORD: _l(
        "The Word document is protected by a password, so judges cannot open it: remove the password (in Word: File "
        "> Info > Protect Document > Encrypt with Password, clear the password and save), then upload it."
    ),
    Code.HEVC: _l(
        "The video is coded in HEVC (H.265), as iPhones record in their High Efficiency setting: many judges' "
        "computers cannot play it. Convert it to MP4 (H.264), for example with the free HandBrake (its Format: MP4, "
        "Video Encoder: H.264), and upload that; on an iPhone, Settings > Camera > Formats > Most Compatible records "
        "H.264."
    ),
    Code.VIDEO_CODEC: _l(
        "The video's picture is coded as %(detail)s, which browsers cannot play. Convert it to MP4 (H.264), for "
        "example with the free HandBrake (its Format: MP4, Video Encoder: H.264), and upload that."
    ),
    Code.SOUND_CODEC: _l(
        "The video's sound is coded as %(detail)s, which browsers cannot play. Convert it to MP4 with AAC sound, for "
        "example with the free HandBrake (its Format: MP4, Audio Encoder: AAC), and upload that."
    ),
    Code.HEIF: _l(
        "This is a HEIC photo, as iPhones take them: most browsers cannot show it. Convert it to JPG and upload "
        "that; on an iPhone, Settings > Camera > Formats > Most Compatible takes JPG photos."
    ),
    Code.OTHER_ARCHIVE: _l(
        "RAR and 7-Zip archives are not accepted: compress the folder as a .zip (in WinRAR, choose the ZIP format; "
        "in Windows, right-click the folder, then Send to > Compressed (zipped) folder)."
    ),
    Code.MACRO_DOCUMENT: _l(
        "This is a Word document with macros (.docm): it is not accepted. Open it in Word and save it as a Word "
        "Document (.docx), then upload that."
    ),
    Code.WORD_TEMPLATE: _l(
        "This is a Word template (.dotx), not a document. Open it in Word and save it as a Word Document (.docx), "
        "then upload that."
    ),
    Code.NOT_A_ZIP: _l("The file is not a readable zip archive."),
    Code.TOO_MANY_ENTRIES: _l("The archive has too many files."),
    Code.TOO_LARGE: _l("The archive unpacks to more than the size allowed."),
    Code.RATIO: _l("%(entry)s: compressed far more than real content is (a zip bomb?)."),
    Code.TOTAL_RATIO: _l("The archive is compressed far more than real content is (a zip bomb?)."),
    Code.SIZE_MISMATCH: _l("%(entry)s: its size in the archive is wrong."),
    Code.ENTRY_CORRUPT: _l("%(entry)s: the file is damaged."),
    Code.OVERLAPPING: _l("%(entry)s: its data overlaps another file or lies outside the archive."),
    Code.BAD_NAME: _l("A file in the archive has an empty name or one with control characters."),
    Code.LONG_NAME: _l(
        "%(entry)s: a file or folder name is longer than 255 bytes, which no computer can unpack. Shorten it, then "
        "zip the folder again."
    ),
    Code.ABSOLUTE_PATH: _l("%(entry)s: absolute paths are not allowed."),
    Code.PARENT_PATH: _l("%(entry)s: '..' would reach outside the package."),
    Code.DRIVE_PATH: _l("%(entry)s: drive letters are not allowed."),
    Code.SYMLINK: _l("%(entry)s: symbolic links are not allowed."),
    Code.SPECIAL_FILE: _l("%(entry)s: special files (devices, pipes, sockets) are not allowed."),
    Code.ENCRYPTED: _l(
        "%(detail)s files in the zip are protected by a password (the first: %(entry)s), so judges cannot open them. "
        "Zip the folder again without a password (in 7-Zip or WinRAR, leave the password empty), then upload it."
    ),
    Code.COMPRESSION: _l(
        "Files in the zip are compressed with %(detail)s, which is not supported: compress it again with the Deflate "
        "method (in 7-Zip: Compression method, Deflate; or Windows's Send to > Compressed (zipped) folder)."
    ),
    Code.DUPLICATE: _l(
        '%(entry)s: another file has the same name once unpacked (ignoring case, "./" and trailing dots or spaces).'
    ),
    Code.FILE_FOLDER_CLASH: _l(
        "%(entry)s: a file has the same name as a folder of the package, so one of them cannot be unpacked. Rename "
        "one, then zip the folder again."
    ),
    Code.WINDOWS_NAME: _l(
        '%(entry)s: Windows cannot unpack a file or folder of this name (one of < > : " | ? * in it, or a name '
        "Windows keeps for itself: CON, PRN, AUX, NUL, COM1, LPT1...), so judges could not open the package. Rename "
        "it and the links to it, then zip the folder again."
    ),
    Code.EMPTY_PACKAGE: _l("The package is empty."),
    Code.NO_INDEX: _l("The package has no index.html (nor an imsmanifest.xml for SCORM)."),
    Code.SEVERAL_STARTS: _l(
        "The package has several start pages or SCORM manifests in different folders (%(entry)s): zip only the "
        "folder that the authoring tool exported."
    ),
    Code.SEVERAL_PAGES: _l(
        "The package has several HTML pages (%(entry)s) and no index.html: rename its start page to index.html, "
        "then zip it again."
    ),
    Code.H5P: _l(
        "This is an H5P file: its content runs only in an H5P player. Export it as HTML5 or SCORM (for example "
        "with Lumi) and upload that zip."
    ),
    Code.AUTHORING_PROJECT: _l(
        "This is a project file of %(detail)s, which only that program opens, and judges do not have it. Publish the "
        "lecture from %(detail)s as HTML5 or SCORM and upload the zip it makes."
    ),
    Code.NESTED_ZIP: _l(
        "This zip holds another zip (%(entry)s) and no page: extract it and upload the inner zip itself."
    ),
    Code.PROGRAM: _l(
        "%(entry)s: a lecture package may not hold programs (.exe, .msi, .bat, .vbs, .jar...): judges' browsers "
        "never run them, and judges must not be handed a program to open. Delete it from the folder, zip the package "
        "again and upload it."
    ),
    Code.INNER_ZIPS_TOO_LARGE: _l(
        "The zips inside the package hold too many files in all (more than 100,000; the first past that: "
        "%(entry)s): extract them into the package's folders, or delete those judges do not need, zip the package "
        "again and upload it."
    ),
    Code.MACRO_IN_PACKAGE: _l(
        "%(entry)s: a lecture package may not hold Office files with macros (.docm, .xlsm, .pptm...): their macros "
        "run when a judge opens them. Open it in Office, save it as .docx, .xlsx or .pptx (or as PDF), put that in "
        "its place, zip the package again and upload it."
    ),
    Code.EMBEDDED_PROGRAM: _l(
        "The document holds a program (%(entry)s) as an embedded object, which runs when its icon is double-clicked: "
        "judges must not be handed a program to open. Delete that object from the document, save it and upload it "
        "again."
    ),
    Code.SCRATCH_PROJECT: _l(
        "This is a Scratch project, not an e-lecture package. Package it as a web page (for example with TurboWarp "
        "Packager, as a zip) or record a video of it, then upload that."
    ),
    Code.OPEN_DOCUMENT: _l(
        "This is an OpenDocument file (LibreOffice, OpenOffice): it is not accepted. Export it as PDF or save it as "
        "Word (.docx), then upload that."
    ),
    Code.EPUB: _l("This is an EPUB e-book: it is not accepted. Export it as PDF, then upload that."),
    Code.BAD_MANIFEST: _l("The SCORM manifest (imsmanifest.xml) is damaged or not valid."),
    Code.NO_LAUNCH: _l("The SCORM manifest names no launch file."),
    Code.LAUNCH_MISSING: _l("The launch file %(detail)s named in the SCORM manifest is not in the package."),
    Code.MORE_PROBLEMS: _l("… and more problems not listed."),
}


# What a file whose extension promised another format really is, and how to make it one the contest takes.
_FORMAT_NAMES = {
    "mp4": _l("an MP4 video"),
    "quicktime": _l("a QuickTime video (.mov)"),
    "webm": _l("a WebM video"),
    "pdf": _l("a PDF"),
    "docx": _l("a Word document (.docx)"),
    "jpeg": _l("a JPG photo"),
    "png": _l("a PNG image"),
    "zip": _l("a zip archive"),
    "pptx": _l("a PowerPoint presentation (.pptx)"),
    "xlsx": _l("an Excel workbook (.xlsx)"),
    "isomedia": _l("a video in a format other than MP4 (such as 3GP)"),
    "matroska": _l("an MKV video"),
    "gif": _l("a GIF image"),
    "webp": _l("a WebP image"),
    "ole": _l("an old Office document (.doc, .ppt, .xls)"),
}
_TO_VIDEO = _l("Convert it to MP4 (H.264), for example with the free HandBrake (its Format: MP4), and upload that.")
_TO_PHOTO = _l("Save it as JPG or PNG, then upload that.")
_TO_PDF = _l("Export it as PDF, then upload that.")
_FIXES = {
    "matroska": _l(
        "Convert it to MP4: in OBS, File > Remux Recordings makes an MP4 of it without re-encoding; else use the free "
        "HandBrake (its Format: MP4). Then upload the MP4."
    ),
    "isomedia": _TO_VIDEO,
    "gif": _TO_PHOTO,
    "pptx": _TO_PDF,
    "xlsx": _TO_PDF,
    "ole": _l("Open it in Office and save it as .docx or export it as PDF, then upload that."),
}
_ONE_ENCRYPTED = _l(
    "%(entry)s in the zip is protected by a password, so judges cannot open it. Zip the folder again without a "
    "password (in 7-Zip or WinRAR, leave the password empty), then upload it."
)
_SAID_OF_A_FILE = {Code.INCOMPLETE, Code.HEVC, Code.VIDEO_CODEC, Code.SOUND_CODEC}
"""Problems whose message speaks of the file uploaded: said of a file in a package (``package_videos``), the
message is prefixed with its name."""
_RENAME = _l("Rename it to %(extension)s, then upload it.")
_USUAL_EXTENSIONS = {content: extension for extension, content in reversed(EXTENSIONS.items())}


def problem_message(found: Problem) -> str:
    """One problem in the user's language (the checker's English message for a code this module does not know).
    An extension that promised another format, or a format known but not taken (an MKV, a GIF), names what the file
    really is and how to fix it; encrypted files are counted, or named when there is one."""
    try:
        code = Code(found["code"])
        template = _MESSAGES[code]
    except (ValueError, KeyError):
        return found["message"]
    detail = found.get("detail") or ""
    if code is Code.EXTENSION_MISMATCH:
        return _mismatch_message(detail)
    if code is Code.ENCRYPTED and detail == "1":
        template = _ONE_ENCRYPTED
    if code is Code.FORMAT_NOT_TAKEN and detail in _FORMAT_NAMES:
        message = str(_l("This is %(detail)s, which is not accepted.")) % {"detail": _FORMAT_NAMES[detail]}
        return f"{message} {_FIXES[detail]}" if detail in _FIXES else message
    # a mapping: messages without the name or the detail ignore them
    message = str(template) % {"entry": found["entry"] or "", "detail": detail}
    if found["entry"] and code in _SAID_OF_A_FILE:
        return f"{found['entry']}: {message}"  # a video in a package: the message for a video alone, named
    return message


def _mismatch_message(content: str) -> str:
    """The refusal of a file whose content is ``content`` (a key of ``submissions.media.FORMATS``) under an
    extension that promised another format: what it is, then renaming when the contest takes its format, else how
    to convert it."""
    message = str(_MESSAGES[Code.EXTENSION_MISMATCH]) % {"detail": _FORMAT_NAMES.get(content, content)}
    if content in _USUAL_EXTENSIONS:
        return f"{message} {str(_RENAME) % {'extension': _USUAL_EXTENSIONS[content]}}"
    return f"{message} {_FIXES[content]}" if content in _FIXES else message


def report_messages(report: CheckReport) -> list[str]:
    """Every problem of ``report`` in the user's language, in the order found."""
    return [problem_message(p) for p in report.problems]
