"""Vietnamese name order: given name first, Vietnamese alphabet, tones only break ties."""

import random

from app.vnsort import sort_key, split_name, title_key


def test_split_name_takes_the_last_word_as_given_name() -> None:
    assert split_name("Nguyễn Văn An") == ("An", "Nguyễn Văn")
    assert split_name("  Lê   Thị  ") == ("Thị", "Lê")


def test_sorts_by_given_name_then_the_rest() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Anh"]
    assert sorted(names, key=sort_key) == ["Lê Văn An", "Nguyễn Thị An", "Phạm Anh", "Trần Văn Bình"]


def test_vietnamese_alphabet_order() -> None:
    given = [
        "A",
        "Ă",
        "Â",
        "B",
        "C",
        "D",
        "Đ",
        "E",
        "Ê",
        "G",
        "H",
        "I",
        "K",
        "L",
        "M",
        "N",
        "O",
        "Ô",
        "Ơ",
        "P",
        "Q",
        "R",
        "S",
        "T",
        "U",
        "Ư",
        "V",
        "X",
        "Y",
    ]
    names = [f"Lê {g}" for g in given]
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == names


def test_a_word_sorts_before_its_extensions_and_tones_only_break_ties() -> None:
    names = ["Lê Anh", "Lê Ánh", "Lê An", "Lê Án", "Lê Ân", "Lê Ăn", "Lê Ba"]
    assert sorted(names, key=sort_key) == ["Lê An", "Lê Án", "Lê Anh", "Lê Ánh", "Lê Ăn", "Lê Ân", "Lê Ba"]


def test_tone_order_is_the_dictionary_order() -> None:
    names = ["Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma"]
    assert sorted(names, key=sort_key) == ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]


def test_d_before_dd_and_u_before_uw_in_the_middle_of_words() -> None:
    names = ["Trần Đức", "Trần Dung", "Trần Dũng", "Trần Dương", "Trần Duy"]
    assert sorted(names, key=sort_key) == ["Trần Dung", "Trần Dũng", "Trần Duy", "Trần Dương", "Trần Đức"]


def test_key_is_plain_ascii_so_any_database_collation_agrees() -> None:
    key = sort_key("Nguyễn Thị Ánh Hồng")
    assert key.isascii() and key == key.lower()
    assert all(c.isalnum() for c in key)


def test_decomposed_and_composed_input_give_the_same_key() -> None:
    import unicodedata

    name = "Nguyễn Văn Đức"
    assert sort_key(unicodedata.normalize("NFD", name)) == sort_key(name)


def test_numbers_in_names_sort_by_their_value() -> None:
    """A number was compared digit by digit: "số 10" sorted before "số 9", "Lớp 10A" before "Lớp 9A"."""
    classes = ["Lớp 10A", "Lớp 9A", "Lớp 9B", "Lớp 11A", "Lớp 1A", "Lớp 100A"]
    assert sorted(classes, key=title_key) == ["Lớp 1A", "Lớp 9A", "Lớp 9B", "Lớp 10A", "Lớp 11A", "Lớp 100A"]
    people = ["Nguyễn Văn An 10", "Nguyễn Văn An 9", "Nguyễn Văn An 2"]  # two namesakes told apart by a number
    assert sorted(people, key=sort_key) == ["Nguyễn Văn An 2", "Nguyễn Văn An 9", "Nguyễn Văn An 10"]
    long = ["Đội 1234567890", "Đội 999999999", "Đội 12345678901", "Đội 007"]
    assert sorted(long, key=title_key) == ["Đội 007", "Đội 999999999", "Đội 1234567890", "Đội 12345678901"]


def test_school_names_sort_word_by_word_from_the_first_the_vietnamese_way() -> None:
    """A unit's name is not a person's: it goes from its first word (no given name), numbers by value."""
    schools = [
        "Trường THCS số 10",
        "Trường THCS Đống Đa",
        "Trường THCS số 9",
        "Trường THCS Dương Xá",
        "Trường THCS số 2 Bảo Lộc",
        "Trường TH An Bình",
    ]
    assert sorted(schools, key=title_key) == [
        "Trường TH An Bình",
        "Trường THCS Dương Xá",
        "Trường THCS Đống Đa",
        "Trường THCS số 2 Bảo Lộc",
        "Trường THCS số 9",
        "Trường THCS số 10",
    ]
    for key in map(title_key, schools):
        assert key.isascii() and key.isalnum() and key == key.lower()
