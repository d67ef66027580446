"""Names that stand where a sponsor's name would and are no business's: a person or people ("ông Trần Văn Hùng",
"các nhà hảo tâm", "Cô Lan"), a public body, an association, an international body or the school's own ("Hội
Khuyến học", "Công an tỉnh", "Sao Do University", "Nhà trường"), or none at all ("Nhà tài trợ: không có").
``text_businesses`` asks these before it takes a name for a business's."""

from __future__ import annotations

import re

from .business_names import name_after
from .vietnamese_text import FAMILY_NAMES, any_phrase, is_syllable

# What follows a sponsor's title when there is none, or when the sponsor is a person, not a business.
_NONE = any_phrase(["không", "không có", "chưa có", "none", "no", "n/a", "nil"])
# A person: a Vietnamese title before a family name ("ông Trần Văn Hùng", "ba Nguyen Thi Lan"), an English title
# before a name, or people in general ("các nhà hảo tâm", "cựu học sinh khóa 1990"). The title is read with its
# diacritics where they are typed ("Bắc Hà" is a place, not "bác Hà"), and a given name that cannot be a Vietnamese
# syllable makes a brand of it ("Cô Tô Travel"; "Cô Gái Hà Lan" has no family name).
_TITLE = any_phrase(["ông", "bà", "anh", "chị", "thầy", "cô", "bác", "chú", "em"])
_FAMILY = re.compile(r"\s+(?:" + "|".join(sorted(FAMILY_NAMES)) + r")(?![^\W_])")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
# A person's full name without a title: a family name, "Văn" or "Thị", and one or two given names, each capitalised
# ("Nguyễn Văn Hùng", "Tran Thi Thu Ha"); a business's name rarely has those middle names.
_FULL_NAME = re.compile(r"(?:" + "|".join(sorted(FAMILY_NAMES)) + r")\s+(?:van|thi)(?![^\W_])")


_PEOPLE = re.compile(
    r"(?:(?:cac\s+)?(?:nha hao tam|manh thuong quan|cuu hoc sinh|phu huynh|phhs|cha me hoc sinh|cmhs|gia dinh|"
    r"giao vien|hoc sinh|tap the)|(?:the\s+)?(?:parents|alumni))"
    r"(?![^\W_])"
    r"|(?:mr|mrs|ms|dr)\.?\s+(?=[^\W\d_])"
)
# Names that begin like these are public bodies or associations, not businesses; diacritics tell "Đài" (a radio
# station) from "Đại Nam Book" and "Báo" (a newspaper) from "Bảo Long" where they are typed.
PUBLIC = any_phrase(
    ["hội", "sở", "phòng", "trường", "đoàn", "hội đồng", "ban", "ủy ban", "uỷ ban", "ubnd", "bộ", "quỹ", "viện",
     # International and foreign bodies, clubs of people: "sự hỗ trợ của Tổ chức Plan", "UNICEF", "CLB Doanh nhân".
     "tổ chức", "đại sứ quán", "tổng lãnh sự quán", "lãnh sự quán", "cơ quan", "unicef", "unesco", "undp", "who",
     "jica", "koica", "usaid", "giz", "clb", "câu lạc bộ",
     # The state's broadcasters and news agency by their initials ("Đài", "Báo" by their heads).
     "vtv", "vov", "ttxvn", "vnews",
     "đại học", "học viện", "liên đoàn", "liên hiệp", "thành đoàn", "tỉnh đoàn", "huyện đoàn", "công đoàn", "báo",
     "đài", "trung tâm giáo dục", "công an", "bệnh viện", "bảo tàng", "thư viện", "nhà văn hóa", "nhà văn hoá",
     "nhà thiếu nhi", "cung thiếu nhi", "mặt trận", "trung tâm y tế", "trung tâm văn hóa", "trung tâm văn hoá",
     "cục", "chi cục", "chi bộ", "đảng ủy", "đảng uỷ", "huyện ủy", "huyện uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy",
     "thành uỷ", "ngân hàng chính sách", "ngân hàng nhà nước", "ngân hàng phát triển việt nam",
     # Banks that are no business: international, of blood or milk, of questions or ideas.
     "ngân hàng thế giới", "ngân hàng phát triển châu á", "ngân hàng máu", "ngân hàng sữa mẹ", "ngân hàng mô",
     "ngân hàng gen", "ngân hàng tế bào", "ngân hàng đề", "ngân hàng đề thi", "ngân hàng câu hỏi", "ngân hàng dữ liệu",
     "ngân hàng ý tưởng", "ngân hàng thời gian", "ngân hàng bò", "ngân hàng học liệu", "ngân hàng tư liệu",
     # The school's own: "do Nhà trường tài trợ", "Liên đội", "Chi đội 7A", "Chi đoàn 10A1", "Ban giám hiệu".
     "nhà trường", "liên đội", "chi đội", "chi đoàn", "hiệu trưởng", "ban giám hiệu", "btc", "bgh", "lớp", "khối",
     "tổ chuyên môn", "tổ bộ môn",
     # An office's holder: "do Giám đốc Sở trao tặng", "do Bí thư Tỉnh đoàn tặng".
     "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "bí thư", "phó bí thư", "trưởng phòng",
     "phó trưởng phòng", "tổng phụ trách"]
)  # fmt: skip
# English names of public bodies and schools end so: "Sao Do University", "Kinh Mon High School", "Hai Duong
# Department of Education and Training", "the British Council", also before the country they serve ("the British
# Council Vietnam", "… in Viet Nam"). A name of a legal form is a business whatever it ends in, and one with a
# listed brand is its company's ("FPT University": ``party_names``). Not "International": "Brightwave
# International" is as likely a company's as "Plan International" is a charity's.
PUBLIC_TAIL = re.compile(
    r"(?<![^\W_])(?:University|College|(?:High|Primary|Secondary|Lower Secondary) School|Department(?: of [\w\s&]+)?"
    r"|People's Committee|(?:Youth|Women's) Union|Museum|Library|Council|Embassy|Consulate)"
    r"(?:,?\s+(?:in\s+)?(?:Vietnam|Viet Nam|Việt Nam))?$"
)


def _full_name(text: str, folded: str, start: int) -> bool:
    """Whether a person's full name begins at ``start`` (``_FULL_NAME``, then one or two given names, each a
    capitalised Vietnamese syllable, and nothing more capitalised: "Nguyễn Văn Hùng Group" is a business's)."""
    if _FULL_NAME.match(folded, start) is None:
        return False
    words = text[start : name_after(text, start)].split()
    return 3 <= len(words) <= 4 and all(w[:1].isupper() and is_syllable(w) for w in words)


def says_none(text: str, low: str, start: int) -> bool:
    """Whether ``text`` says at ``start`` that there is no sponsor ("không có", "None."): English "No" before a
    capitalised word is a name's first word instead ("No Limit Fitness"), unless the whole is in capitals."""
    none = _NONE.match(low, start)
    if none is None:
        return False
    after = _NEXT_WORD.match(text, none.end())
    if after is None or none.group() != "no" or not after.group(1)[0].isupper():
        return True
    return text[start : after.end()].isupper()


def names_a_person(text: str, low: str, folded: str, start: int) -> bool:
    """Whether the name at ``start`` is a person's or people's (see ``_TITLE``, ``_FULL_NAME``), not a business's:
    also a title before a name of one or two Vietnamese syllables and no more ("Cô Lan", "Thầy Minh Đức"; but "Cô
    Gái Hà Lan")."""
    if _PEOPLE.match(folded, start) or _full_name(text, folded, start):
        return True
    title = _TITLE.match(low, start)
    if title is None:
        return False
    given_names = text[title.end() : name_after(text, start)].split()
    if 0 < len(given_names) <= 2 and all(map(is_syllable, given_names)):
        return True
    family = _FAMILY.match(folded, title.end())
    if not family:
        return False
    given = _NEXT_WORD.match(text, family.end())
    return given is None or not given.group(1)[0].isupper() or is_syllable(given.group(1))
