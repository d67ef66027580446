"""Vietnamese name order: given name first, Vietnamese alphabet, tones only break ties."""

import random

from app.vnsort import sort_key, split_name


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
