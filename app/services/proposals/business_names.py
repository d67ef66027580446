"""Where a business's name ends in a text, read from its first word: its words are capitalised or of a legal form
("Công ty TNHH Minh Long"), or say what the business does in sentence case ("Công ty CP Văn phòng phẩm Sao Khuê"),
or join two parts of it ("Ngân hàng Nông nghiệp và Phát triển Nông thôn"); a lower-case word that says whose or
where ("của", "tại"), another business's head ("Công ty X và Công ty Y") or punctuation ends it. ``text_businesses``
finds where names begin; this reads how far they go.
"""

from __future__ import annotations

import re

from .vietnamese_text import any_phrase, fold, lower

# "Doanh nghiệp Việt Nam" is most often businesses in general: only a sole proprietorship is named so.
# A bank with a name is a commercial bank ("Ngân hàng TMCP Á Châu", "Ngân hàng Nông nghiệp và Phát triển Nông thôn",
# state-owned or not), unless it is the State Bank or a policy bank (``_PUBLIC``: "Ngân hàng Chính sách xã hội");
# "ngân hàng câu hỏi" (a question bank) has no name.
_HEAD_WORDS = ["công ty", "cty", "ctcp", "tập đoàn", "doanh nghiệp tư nhân", "ngân hàng"]
HEADS = any_phrase(_HEAD_WORDS)
KIND_HEADS = (
    "siêu thị", "nhà sách", "cửa hàng", "đại lý", "trung tâm", "hệ thống", "chuỗi", "nhà thuốc", "nhà hàng", "tiệm",
    "ngân hàng", "nhà xuất bản", "thương hiệu", "hãng", "doanh nghiệp", "studio", "cửa hiệu", "showroom", "rạp",
    "rạp chiếu phim", "cụm rạp", "nhà mạng", "shop", "khách sạn",
)  # fmt: skip
"""What a business is, at the start of its name ("Nhà sách Minh Khai", "siêu thị Thế Giới Di Động"): in lower case
before a capitalised name after a sponsor's title, and the words the text may later call it by ("fanpage của nhà
sách")."""
# Where another business's name begins, a name ends: "Công ty X và Công ty Y", "cửa hàng Hoa Mai và Nhà sách Minh
# Khai".
_ANOTHER_NAME = any_phrase(_HEAD_WORDS + list(KIND_HEADS))

TRADE_WORDS = (
    "giao duc", "cong nghe", "thuong mai", "dich vu", "dau tu", "phat trien", "vien thong", "truyen thong",
    "phan mem", "giai phap", "tin hoc", "ky thuat", "san xuat", "xuat nhap khau", "dien tu", "quoc te", "va",
    "cong nghiep", "tu van", "hoc lieu", "thiet bi", "lap trinh", "ngoai ngu", "hoc truc tuyen", "truc tuyen",
    "xuat ban", "sach", "stem", "robotics", "anh ngu", "tieng anh", "noi that", "van phong pham", "viet nam", "vn",
    "nhiep anh", "duoc pham", "thuc pham", "my pham", "thoi trang", "do choi", "du lich", "xay dung", "van tai",
    "thiet bi giao duc", "thiet bi truong hoc", "do dung hoc tap",
)  # fmt: skip
"""What a business does, folded, as its name says before its own name ("Công ty CP Văn phòng phẩm Sao Khuê"): read
as part of the name even in lower case, and left off to find the name people call it by."""
# Words of a legal form that may follow the head in lower case: "công ty cổ phần …", "cong ty tnhh …".
_LEGAL = {"tnhh", "cp", "co phan", "mtv", "mot thanh vien", "trach nhiem huu han", "tu nhan", "hop danh"}
_MAX_NAME_WORDS = 10
# Lower-case words that end a name rather than join two of its words: "Công ty Michelin của Pháp" is Michelin, of
# France; "thuộc Tập đoàn X tại Hà Nội".
_NOT_IN_NAMES = {"cua", "tai", "o", "thuoc"}


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def name_after(text: str, pos: int) -> int:
    """Where the name that begins at ``pos`` ends (``pos`` if none does): its words are capitalised or of a legal
    form, and a lower-case word counts only between two that are ("Công nghệ Giáo dục Sao Việt"), unless another
    business's name begins after it ("Công ty X và Công ty Y") or it says whose or where (``_NOT_IN_NAMES``);
    punctuation ends it."""
    words = list(re.finditer(r"[^\W_][\w&'-]*", text[pos:]))
    end = last = pos
    i = 0
    while i < len(words) and i < _MAX_NAME_WORDS:
        word = words[i]
        if not re.fullmatch(r"\s*" if i == 0 else r"\s+", text[last : pos + word.start()]):
            break
        legal = next((n for n in (3, 2, 1) if " ".join(fold(w.group()) for w in words[i : i + n]) in _LEGAL), 0)
        if legal:
            end = last = pos + words[i + legal - 1].end()
            i += legal
            continue
        trade = next(
            (n for n in (3, 2, 1) if end > pos and i + n <= len(words) and _trade_phrase(words[i - 1 : i + n])), 0
        )
        if trade and not _is_name_word(word.group()):
            last = pos + words[i + trade - 1].end()  # "Văn phòng phẩm": kept once a name word follows
            i += trade
            continue
        if _is_name_word(word.group()):
            end = last = pos + word.end()
        elif (
            end > pos
            and fold(word.group()) not in _NOT_IN_NAMES
            and i + 1 < len(words)
            and _is_name_word(words[i + 1].group())
            and not _ANOTHER_NAME.match(lower(text[pos + words[i + 1].start() :]))
        ):
            last = pos + word.end()  # a lower-case word inside the name, kept once a name word follows
        elif end > pos and _joins_two_parts(text, pos, words[i : i + 3]):
            last = pos + words[i + 1].end()  # "Nông nghiệp và Phát triển": kept once a name word follows
            i += 1
        else:
            break
        i += 1
    return end


def _joins_two_parts(text: str, pos: int, words: list[re.Match[str]]) -> bool:
    """Whether ``words`` (in ``text[pos:]``) are a lower-case word and "và" before a name word that begins no other
    business's name: the end of one part of a name and the joint to the next ("Ngân hàng Nông nghiệp và Phát triển
    Nông thôn", "Công ty CP Đầu tư và Phát triển Sao Mai"; but "Công ty X và Công ty Y")."""
    return (
        len(words) == 3
        and not _is_name_word(words[0].group())
        and fold(words[1].group()) in ("va", "and")
        and _is_name_word(words[2].group())
        and not _ANOTHER_NAME.match(lower(text[pos + words[2].start() :]))
    )


def _trade_phrase(words: list[re.Match[str]]) -> bool:
    """Whether ``words``, a capitalised word and the lower-case words after it, say what a business does in
    sentence case ("Văn phòng phẩm", "Thiết bị giáo dục"): a phrase of ``TRADE_WORDS``."""
    return (
        len(words) > 1
        and _is_name_word(words[0].group())
        and not any(_is_name_word(w.group()) for w in words[1:])
        and " ".join(fold(w.group()) for w in words) in TRADE_WORDS
    )
