"""How a source is named and its commands filled: a Java file after its public class, the run's memory limit
in the JVM's flags."""

from __future__ import annotations

import pytest

from sandbox.languages import LANGUAGES, fill, java_entry

JAVA = LANGUAGES["java"]


@pytest.mark.parametrize(
    ("source", "entry"),
    [
        ("import java.util.*;\npublic class Sum { }", ("", "Sum")),
        ("public final class Tong {}", ("", "Tong")),
        ("class A { public static class B {} }\npublic class Main2 {}", ("", "Main2")),
        ("interface Shape {}\nclass Solution { public static void main(String[] a) {} }", ("", "Shape")),
        ("// public class X\n/* public class Y */ class Q {}", ("", "Q")),
        ("public class Z { String s = \"public class W {\"; char c = '{'; }", ("", "Z")),
        ("package vn.hoithi;\n\npublic class P {}", ("vn.hoithi", "P")),
        ("int x;", ("", "Main")),
    ],
)
def test_java_is_named_after_its_public_class_else_its_first_else_main(source: str, entry: tuple[str, str]) -> None:
    assert java_entry(source) == entry


def test_the_names_a_java_program_is_compiled_and_started_under() -> None:
    assert JAVA.names(b"package a.b;\npublic class Bai1 {}") == {"source": "Bai1.java", "main": "a.b.Bai1"}
    assert JAVA.source_name_for(b"class Solution {}") == "Solution.java"
    assert LANGUAGES["c"].names(b"int main() {}") == {"source": "main.c", "main": "main"}


def test_the_memory_limit_reaches_the_jvm() -> None:
    argv = fill(JAVA.execute, {**JAVA.names(b"public class Sum {}"), "memory_mib": 256})
    assert "-Xmx256m" in argv and argv[-1] == "Sum"
    assert not any("{" in arg for arg in argv)


def test_each_compiler_is_named_for_the_hosts_check() -> None:
    # a bubblewrap host is checked for these: g++ and javac, not the shell their scripts run in
    assert {key: lang.compiler for key, lang in LANGUAGES.items()} == {
        "c": "gcc",
        "cpp": "g++",
        "pascal": "fpc",
        "python": "python3",
        "java": "javac",
        "scratch": "node",
    }
