"""Brands the Sở does not want contests to advertise, and finding them in a proposal's text.

Matching ignores case and Vietnamese diacritics (``đ`` folds to ``d``) and takes whole words only: "HP" is
never found inside "THPT", nor "Intel" inside "Intelligence". A name of several words matches across any
whitespace, hyphens or dots between them, or none ("Google Classroom", "FPT\\nTelecom", "fx-580VNX"). A name is
found however it is disguised: split by invisible characters, in look-alike letters of other scripts or full-width
forms, spelt out ("V I E T T E L"), run into the next word in camel case ("ZaloPay"), or with digits and signs for
the letters they look like ("Zal0", "S@msung", "V1ettel").
A plain name of six letters or more is found at the start or the end of a hashtag typed all in one case
("#vinamilkvuoncao", "#HOCCUNGSAMSUNG"), where no capital shows where its words begin ("#IntelligenceDay" is no
Intel), and written as two words, as foreign names are split into syllables ("Tik Tok", "Vina-milk", "Viet.tel"),
where the first is capitalised and one of them cannot be a Vietnamese syllable, or both are capitalised and typed
without diacritics in a text typed with them, after a cue ("điện thoại Sam Sung", "ứng dụng Cap Cut"; "Học Mãi" is
no HOCMAI, "one note" no OneNote). Ambiguous names ("Word", "Teams", "Hồng Hà") count only where the text shows they
mean the product: after a cue, and after an English word that also comes before ordinary nouns ("on sheets of
paper", "using slides") only when written with a capital ("on Sheets", "using Slides").

Reading text as people type it (folding, phrases) is ``vietnamese_text``'s; the patterns that spell a name (whole,
spelt out, with digits for letters, words run together in camel case) ``brand_spellings``'s; whether the words
around an ambiguous name make it a person's, a school's or a place's name or a common noun, ``name_surroundings``'s;
what a sentence asks of a mention, ``mention_reading``'s.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .brand_spellings import (
    LEET_LETTERS,
    LEET_MIN,
    MISSPELT_MIN,
    camel_split,
    cues_regex,
    leet_regex,
    misspelt_name,
    name_key,
    name_tokens,
    names_regex,
)
from .name_surroundings import a_common_noun, in_a_proper_name
from .vietnamese_text import fold, has_diacritics, is_syllable, lower, typed_with_diacritics

if TYPE_CHECKING:
    from .known_companies import CompanyList
from .web_addresses import owner_words, public_mail_hosts

DEFAULT_BRANDS_FILE = Path(__file__).parent / "data" / "brands.yaml"

_CUE_WINDOW_WORDS = 3
# An English noun after a capitalised ambiguous name says what it is, as a cue before it does in Vietnamese ("the
# Elsa app", "a Galaxy tablet"; "ứng dụng Elsa").
_ENGLISH_HEAD = re.compile(
    r"\s+(?:app|apps|application|platform|software|website|account|device|phone|smartphone|laptop|tablet|camera)"
    r"(?![^\W_])",
    re.IGNORECASE,
)
# Cue words that come before any noun: no cue before an ambiguous name written as a common noun ("của kinh đô Huế").
_PREPOSITIONS = frozenset(["cua", "bang", "tren", "qua"])
# A hashtag in one case runs its words together: names this long are told in it at its start or its end ("intel"
# begins "#intelligence").
_HASHTAG_NAME_MIN = 6
_HASHTAG = re.compile(r"(?<![^\W_])#([^\W_]+)")
# A one-word name of _SPLIT_MIN letters or more written as two words ("Vina milk", "Tik Tok", "Viet-tel", "Xiao-Mi"):
# one space, hyphen or dot between two pieces of _SPLIT_PIECE letters or more (each pair of neighbouring words is
# tried).
_SPLIT_MIN = 6
_SPLIT_PIECE = 2
# A word long enough to misspell a name of MISSPELT_MIN letters or more by one left out.
_LONG_WORD = re.compile(rf"(?<![^\W_])[^\W\d_]{{{MISSPELT_MIN - 1},}}(?![^\W_])")
_TWO_WORDS = re.compile(rf"(?<![^\W_])(?=([^\W\d_]{{{_SPLIT_PIECE},}})[ .\-]([^\W\d_]{{{_SPLIT_PIECE},}})(?![^\W_]))")


# Characters that show nothing: a name split by them ("Vi\u200bettel") reads as one word.
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


@dataclass(frozen=True)
class Brand:
    """A brand: ``name`` for reviewers, ``aliases`` matched anywhere, ``ambiguous`` names matched on a cue."""

    name: str
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()

    def plain_names(self) -> list[str]:
        """The names that count wherever they appear: the name and the aliases, less the ambiguous ones."""
        ambiguous = {name_key(n) for n in self.ambiguous}
        return [n for n in (self.name, *self.aliases) if name_key(n) not in ambiguous]


@dataclass(frozen=True)
class Mention:
    """``brand`` named at ``text[start:end]`` of the searched text (``text`` as written there)."""

    brand: Brand
    start: int
    end: int
    text: str


class BrandList:
    """A list of brands with the cues that make an ambiguous name count; ``find`` searches a text."""

    def __init__(
        self,
        brands: Sequence[Brand],
        cues: Iterable[str] = (),
        capital_cues: Iterable[str] = (),
        companies: CompanyList | None = None,
    ) -> None:
        """``capital_cues`` count only before a name written with a capital ("on Sheets", not "on sheets of
        paper"); ``companies``: the known companies screened beside these brands (``known_companies.companies_of``:
        the shipped ones when None). Raises ValueError when two brands share a name (after folding), which would make
        matches ambiguous."""
        self.brands = tuple(brands)
        self.companies = companies
        self._plain: dict[str, Brand] = {}
        self._ambiguous: dict[str, Brand] = {}
        for brand in self.brands:
            for table, names in ((self._plain, brand.plain_names()), (self._ambiguous, brand.ambiguous)):
                for name in names:
                    key = name_key(name)
                    other = self._plain.get(key) or self._ambiguous.get(key)
                    if not key or (other is not None and other is not brand):
                        raise ValueError(f"brand name {name!r} is empty or belongs to two brands")
                    table[key] = brand
        self._plain_re = names_regex(_spellings(self._plain))
        self._ambiguous_re = names_regex(_spellings(self._ambiguous))
        self._leet_names = sorted(  # longest first, as in ``brand_spellings.names_regex``
            (
                (key, name_tokens(name))
                for brand in self.brands
                for name in brand.plain_names()
                if len(key := name_key(name)) >= LEET_MIN and key.isascii() and key.isalpha()
            ),
            key=lambda named: len(named[0]),
            reverse=True,
        )
        self._leet_re = leet_regex([tokens for _, tokens in self._leet_names])
        self._cue_re = cues_regex(cues)
        self._capital_cue_re = cues_regex(capital_cues)
        self._noun_cue_re = cues_regex(c for c in cues if fold(c.strip()) not in _PREPOSITIONS)
        self._split_names = {
            key: brand
            for brand in self.brands
            for name in brand.plain_names()
            if len(tokens := name_tokens(name)) == 1 and len(key := tokens[0]) >= _SPLIT_MIN and key.isalpha()
        }
        self._misspellable = [key for key in self._split_names if len(key) >= MISSPELT_MIN and key.isascii()]
        self._hashtag_names = sorted(
            ((key, brand) for key, brand in self._plain.items() if len(key) >= _HASHTAG_NAME_MIN and key.isalpha()),
            key=lambda named: len(named[0]),
            reverse=True,
        )

    @classmethod
    def from_yaml(cls, source: str | Path) -> BrandList:
        """The list in a YAML file (see data/brands.yaml); ValueError names what is wrong in it."""
        try:
            data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"cannot read the brand list {source}: {exc}") from exc
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Any) -> BrandList:
        """The list from parsed YAML: ``{"cues": [...], "capital_cues": [...], "brands": [{"name", "aliases",
        "ambiguous"}, ...]}``."""
        if not isinstance(data, dict) or not isinstance(data.get("brands"), list):
            raise ValueError("the brand list needs a 'brands' list")
        brands = []
        for i, item in enumerate(data["brands"]):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
                raise ValueError(f"brands[{i}]: name is required")
            lists = {f: item.get(f) or [] for f in ("aliases", "ambiguous")}
            for f, values in lists.items():
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise ValueError(f"brands[{i}] ({item['name']}): {f} must be a list of names")
            brands.append(Brand(item["name"].strip(), tuple(lists["aliases"]), tuple(lists["ambiguous"])))
        cue_lists = {key: data.get(key) or [] for key in ("cues", "capital_cues")}
        for key, cues in cue_lists.items():
            if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
                raise ValueError(f"{key} must be a list of words")
        return cls(brands, cue_lists["cues"], cue_lists["capital_cues"])

    def find(self, text: str) -> list[Mention]:
        """Every brand named in ``text``, in order of position, none overlapping.

        Offsets index ``text``; give it NFC-normalised (``ProposalText.from_json`` does).
        """
        visible = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
        folded = fold("".join(text[i] for i in visible))
        mentions = self._matches(self._plain_re, self._plain, text, folded, visible)
        # A name run into the next word in camel case ("ZaloPay", "logoViettel"): read again with the words apart.
        # Only the plain names: "LibreOffice" is a free tool, not Microsoft Office.
        split, at = camel_split(text, visible)
        if len(at) > len(visible):
            for m in self._matches(self._plain_re, self._plain, text, fold(split), at):
                if not any(m.start < t.end and t.start < m.end for t in mentions):
                    mentions.append(m)
        disguised = [
            *self._disguised(text, folded, visible),
            *self._in_hashtags(text, folded, visible),
            *self._split_in_two(text, folded, visible),
            *self._misspelt(text, folded, visible),
        ]
        for m in disguised:
            if not any(m.start < t.end and t.start < m.end for t in mentions):
                mentions.append(m)
        named = {m.brand.name for m in mentions}
        taken = [(m.start, m.end) for m in mentions]
        for m in self._matches(self._ambiguous_re, self._ambiguous, text, folded, visible):
            if any(m.start < end and start < m.end for start, end in taken):
                continue
            if in_a_proper_name(text, m.start):
                continue
            capitalised = m.text[:1].isupper()
            headed = capitalised and _ENGLISH_HEAD.match(text, m.end) is not None  # "the Elsa app"
            noun = a_common_noun(m.text)
            if m.brand.name in named or headed or self._cued(text, m.start, capitalised=capitalised, noun=noun):
                mentions.append(m)
        for word in owner_words(text):
            brand = self._ambiguous.get(word.word.replace("-", ""))
            if brand is not None and not any(word.start < t.end and t.start < word.end for t in mentions):
                mentions.append(Mention(brand, word.start, word.end, text[word.start : word.end]))
        mail_hosts = public_mail_hosts(text)
        mentions = [m for m in mentions if not any(start <= m.start and m.end <= end for start, end in mail_hosts)]
        return sorted(mentions, key=lambda m: m.start)

    @staticmethod
    def _matches(
        regex: re.Pattern[str] | None, table: dict[str, Brand], text: str, folded: str, at: list[int]
    ) -> list[Mention]:
        """The matches of ``regex`` in ``folded``, the folded visible characters of ``text`` (``at``: the offset in
        ``text`` of each), as mentions in ``text``."""
        if regex is None:
            return []
        found = []
        for m in regex.finditer(folded):
            start, end = at[m.start()], at[m.end() - 1] + 1
            found.append(Mention(table[name_key(m.group())], start, end, text[start:end]))
        return found

    def _disguised(self, text: str, folded: str, at: list[int]) -> list[Mention]:
        """The plain names written with digits or signs for some of their letters (``brand_spellings.leet_regex``)
        in ``folded``, the folded visible characters of ``text``: a spelling of digits alone, or keeping fewer than
        ``LEET_LETTERS`` letters of the name, is taken for a number, not a name."""
        if self._leet_re is None:
            return []
        found = []
        for m in self._leet_re.finditer(folded):
            spelling = m.group()
            stand_ins = sum(ch.isdigit() or ch in "@$" for ch in spelling)
            if not stand_ins or sum(map(str.isalpha, spelling)) < LEET_LETTERS:
                continue  # the name as written (found already), or too few of its letters to tell it from a number
            assert m.lastgroup is not None
            key, _ = self._leet_names[int(m.lastgroup[1:])]
            start, end = at[m.start()], at[m.end() - 1] + 1
            found.append(Mention(self._plain[key], start, end, text[start:end]))
        return found

    def _in_hashtags(self, text: str, folded: str, at: list[int]) -> list[Mention]:
        """The plain names of at least ``_HASHTAG_NAME_MIN`` letters that begin or end a hashtag written in one case
        in ``folded`` (the folded visible characters of ``text``) and are not the whole of it (found already):
        "#vinamilkvuoncao". A hashtag in camel case is read by its capitals (``brand_spellings.camel_split``), where
        a name written in camel case itself is two pieces or more of it run together ("#CungMobiFoneDenTruong")."""
        found = []
        for tag in _HASHTAG.finditer(folded):
            body = tag.group(1)
            written = "".join(text[at[i]] for i in range(tag.start(1), tag.end(1)))
            if written != written.lower() and written != written.upper():
                found += self._camel_pieces_run_together(text, written, tag.start(1), at)
                continue
            for key, brand in self._hashtag_names:
                if len(body) > len(key) and (body.startswith(key) or body.endswith(key)):
                    first = tag.start(1) if body.startswith(key) else tag.end(1) - len(key)
                    start, end = at[first], at[first + len(key) - 1] + 1
                    found.append(Mention(brand, start, end, text[start:end]))
                    break
        return found

    def _camel_pieces_run_together(self, text: str, written: str, first: int, at: list[int]) -> list[Mention]:
        """The plain names of at least ``_HASHTAG_NAME_MIN`` letters that are two pieces or more of a hashtag in
        camel case run together (``written``, which begins at ``at[first]``), as a name in camel case is written,
        where one piece at least cannot be a Vietnamese syllable: "Mobi" and "Fone" of "#CungMobiFoneDenTruong", not
        "Vui" and "Hoc" of "#VuiHocMoiNgay" (fun learning, not Vuihoc)."""
        capitals = [i for i in range(1, len(written)) if written[i].isupper() and written[i - 1].islower()]
        bounds = [0, *capitals, len(written)]
        found = []
        for i, j in itertools.combinations(range(len(bounds)), 2):
            key = fold(written[bounds[i] : bounds[j]])
            pieces = [written[bounds[k] : bounds[k + 1]] for k in range(i, j)]
            if j - i < 2 or len(key) < _HASHTAG_NAME_MIN or all(map(is_syllable, pieces)):
                continue
            if (brand := self._plain.get(key)) is not None:
                start, end = at[first + bounds[i]], at[first + bounds[j] - 1] + 1
                found.append(Mention(brand, start, end, text[start:end]))
        return found

    def _split_in_two(self, text: str, folded: str, at: list[int]) -> list[Mention]:
        """The one-word plain names written as two words (``_TWO_WORDS``) in ``folded``, the folded visible
        characters of ``text``, where the first word is capitalised in ``text`` and either one of the two cannot be
        a Vietnamese syllable ("Tik Tok") or both are capitalised and typed without diacritics, as foreign names
        split into syllables are, after a cue as an ambiguous name ("điện thoại Sam Sung", "đồng hồ thông minh
        Xiao-Mi"; not "chuyên mục Vui Hoc"); in a text typed without diacritics throughout, where that typing tells
        nothing, only right after its cue ("may tinh bang Sam Sung"; not "cua chuyen muc Vui Hoc"). Vietnamese
        words ("Vui Học", "Học Mãi") and English ones in lower case ("one note") are never a name."""
        found = []
        accented = None
        for m in _TWO_WORDS.finditer(folded):
            first, second = m.group(1), m.group(2)
            brand = self._split_names.get(first + second)
            start, end = at[m.start(1)], at[m.end(2) - 1] + 1
            if brand is None or not text[start].isupper():
                continue
            if is_syllable(first) and is_syllable(second):
                written = text[start:end]
                pieces = re.findall(r"[^\W\d_]+", written)
                if accented is None:
                    accented = typed_with_diacritics(text)
                foreign = all(p[0].isupper() and not has_diacritics(p) for p in pieces)
                if not foreign or not self._cued(text, start, capitalised=True, adjacent=not accented):
                    continue
            found.append(Mention(brand, start, end, text[start:end]))
        return found

    def _misspelt(self, text: str, folded: str, at: list[int]) -> list[Mention]:
        """The one-word plain names of ``MISSPELT_MIN`` letters or more misspelt by one letter inside them
        (``brand_spellings.misspelt_name``) in ``folded``, the folded visible characters of ``text``, where the word
        is written with a capital, as a name is, and is no name of the list itself: "Công ty Vinamik"."""
        found = []
        for m in _LONG_WORD.finditer(folded):
            word = m.group()
            start, end = at[m.start()], at[m.end() - 1] + 1
            if not text[start].isupper() or word in self._plain or word in self._ambiguous or is_syllable(word):
                continue
            key = misspelt_name(word, self._misspellable)
            if key is not None:
                found.append(Mention(self._split_names[key], start, end, text[start:end]))
        return found

    def _cued(self, text: str, start: int, capitalised: bool, adjacent: bool = False, noun: bool = False) -> bool:
        """Whether a cue stands among the few words before ``start`` (right before it when ``adjacent``), within
        the same sentence (a capital cue only before a ``capitalised`` name; no preposition before a name written
        as a common ``noun``, ``name_surroundings.a_common_noun``)."""
        before = re.split(r"[.!?;:\n()]", lower(text[max(0, start - 60) : start]))[-1]
        window = " ".join(before.split()[-_CUE_WINDOW_WORDS:])
        first = self._noun_cue_re if noun else self._cue_re
        cues = [c for c in (first, self._capital_cue_re if capitalised else None) if c is not None]
        return any(m.end() == len(window) or not adjacent for cue in cues for m in cue.finditer(window))


def _spellings(table: dict[str, Brand]) -> dict[str, list[str]]:
    """For each key of ``table``, the names of its brand that have that key (names alike but for their spaces:
    "MB Bank", "MBBank": each is matched), for ``brand_spellings.names_regex``."""
    spellings: dict[str, list[str]] = {}
    for brand in {id(b): b for b in table.values()}.values():
        for name in (brand.name, *brand.aliases, *brand.ambiguous):
            if name_key(name) in table and table[name_key(name)] is brand:
                spellings.setdefault(name_key(name), []).append(name)
    return spellings


@cache
def default_brands() -> BrandList:
    """The list shipped with hoithi (data/brands.yaml), read once."""
    return BrandList.from_yaml(DEFAULT_BRANDS_FILE)
