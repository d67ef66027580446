"""The programming languages the judge accepts and how each is compiled and run.

``LANGUAGES`` is the one list of them: the runner image's packages, the packages a bubblewrap host needs, the
API's enumeration, the contest settings and the editor's highlighting all come from it. ``python -m
sandbox.languages --debian-packages`` prints the Debian packages (it needs only the standard library, so a fresh
machine can ask before anything is installed).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from .scratch import LANGUAGE_KEY as SCRATCH
from .scratch import RUNNER as SCRATCH_RUNNER


@dataclass(frozen=True)
class Language:
    """How to build and start a program in one language inside a sandbox.

    Commands are argv lists run in the working directory; ``program`` names the files that ``compile``
    leaves there and ``execute`` needs (kept by the session between runs). Commands may hold placeholders,
    filled per program by ``fill``: ``{source}`` (the source's file name), ``{main}`` (the class that starts a
    Java program) and, in ``execute``, ``{memory_mib}`` (the run's memory limit in MiB).

    ``packages`` are the Debian packages that compile and run it; ``editor_mode`` is the CodeMirror mode (a MIME
    type) that highlights it, defined by ``editor_script`` (a file of CodeMirror's ``mode/`` folder).
    ``named_by_class``: the source file must be named after its public class (Java), not ``source_name``.
    ``binary``: the source is a file made by a tool, not text (a Scratch project); it is uploaded, never typed.
    """

    key: str
    name: str
    extensions: tuple[str, ...]
    source_name: str
    compile: tuple[str, ...] | None
    execute: tuple[str, ...]
    program: tuple[str, ...]
    packages: tuple[str, ...] = ()
    editor_mode: str = ""
    editor_script: str = ""
    named_by_class: bool = False
    binary: bool = False

    def names(self, source: bytes) -> dict[str, str]:
        """The placeholders' values for ``source``: ``source`` (the file name it is compiled under) and ``main``."""
        if not self.named_by_class:
            return {"source": self.source_name, "main": PurePath(self.source_name).stem}
        package, main = java_entry(source.decode("utf-8", errors="replace"))
        return {"source": f"{main}.java", "main": f"{package}.{main}" if package else main}

    @property
    def compiler(self) -> str | None:
        """The program that compiles it: its compile command's, or, for a script run in a shell (``sh -c
        'javac ... && jar ...' javac``), the name the script is given as its ``$0``; None without a compile step."""
        if self.compile is None:
            return None
        if self.compile[:2] == ("sh", "-c"):
            return self.compile[3]
        return self.compile[0]

    def source_name_for(self, source: bytes) -> str:
        """The file name ``source`` is compiled under."""
        return self.names(source)["source"]


def fill(argv: Sequence[str], values: Mapping[str, str | int]) -> tuple[str, ...]:
    """``argv`` with every ``{name}`` of ``values`` replaced (other braces are left alone)."""
    filled = []
    for arg in argv:
        for name, value in values.items():
            arg = arg.replace(f"{{{name}}}", str(value))
        filled.append(arg)
    return tuple(filled)


_JAVA_NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
_JAVA_TOKENS = re.compile(
    r"[{}]|\b(?P<public>public\s+)?(?:(?:abstract|final|static|strictfp|sealed|non-sealed)\s+)*"
    r"(?:class|interface|enum|record)\s+(?P<name>[A-Za-z_$][\w$]*)"
)
_JAVA_PACKAGE = re.compile(r"\A\s*(?:@[\w.]+\s*)*package\s+([\w.]+)\s*;")


def java_entry(text: str) -> tuple[str, str]:
    """The package (or "") and the class a Java source is named after, as judges choose it: its public top-level
    class, else its first top-level class, else ``Main``."""
    text = _JAVA_NOISE.sub(lambda m: " " if m.group().startswith("/") else '""', text)
    package = _JAVA_PACKAGE.match(text)
    depth, first = 0, None
    for token in _JAVA_TOKENS.finditer(text):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            if token.group("public"):
                return (package.group(1) if package else "", token.group("name"))
            first = first or token.group("name")
    return (package.group(1) if package else "", first or "Main")


PYTHON_CHECK = """import io, runpy, sys, tokenize
name = sys.argv[1]
with open(name, 'rb') as source:
    data = source.read()
try:
    encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    data.decode(encoding)
except SyntaxError as error:
    sys.exit(f'  File "{name}"\\nSyntaxError: {error}')
except LookupError:
    sys.exit(f'  File "{name}"\\nSyntaxError: encoding problem: {encoding}')
except UnicodeDecodeError as error:
    line = data[: error.start].count(b'\\n') + 1
    sys.exit(f'  File "{name}", line {line}\\nSyntaxError: Non-{encoding.upper()} code starting with '
             f'{data[error.start:error.start + 1]!r} (see PEP 263 to declare another encoding)')
runpy.run_module('py_compile', run_name='__main__', alter_sys=True)
"""
"""Python's compile step: the source decoded as the interpreter decodes a file it runs (its ``coding`` line, else
UTF-8), then ``py_compile``. ``py_compile`` alone reads the source as bytes, where Python 3.11 lets a byte that is
not UTF-8 pass in a comment and the run then fails: the references' compile step rejects such a source (CE). A
declared codec that is not one of text (``rot13``) is refused in the interpreter's words, "encoding problem"."""


CPP_COMPILE = """gxx() {  # $1: the dialect, $2: the file that keeps the first MiB of its messages (the rest is dropped)
  std=$1 kept=$2
  shift 2
  { (g++ -std="$std" "$@" 2>&1 >&3; echo $? >.status) | { head -c 1048576 >"$kept"; cat >/dev/null; }; } 3>&1
  status=$(cat .status 2>/dev/null || echo 137)
}
gxx gnu++23 .messages "$@"
if [ $status -ne 0 ] && [ $status -lt 128 ] && ! grep -q "signal terminated program" .messages; then
  gxx gnu++17 .messages17 "$@"
  [ $status -eq 0 ] && mv .messages17 .messages
fi
cat .messages >&2
exit $status
"""
"""C++ as the reference judges compile it: problemtools ``g++ -std=gnu++23 -static``, DOMjudge ``g++ -static`` in
the compiler's own dialect (GCC 12: gnu++17), both statically linked. A source that gnu++23 refuses and gnu++17
takes (an aggregate with a defaulted constructor, a variable named ``concept``) is compiled as gnu++17, so that
what either reference compiles compiles here; when neither takes it, the messages are gnu++23's. A compiler
killed by a limit is not tried again. Each g++'s messages pass through a pipe that keeps their first MiB in a file
and drops the rest: written to the file itself, a flood of them (``#pragma message`` in a macro) met the files'
cap, and g++, killed by SIGXFSZ, failed a source that both references compile (they cut the messages)."""


LANGUAGES: dict[str, Language] = {
    lang.key: lang
    for lang in (
        Language(
            "c",
            "C (gcc, C17)",
            (".c",),
            "main.c",
            # as problemtools compiles C (DOMjudge: the same in the compiler's own dialect, gnu17 for GCC 12)
            ("gcc", "-std=gnu17", "-O2", "-pipe", "-static", "-o", "main", "main.c", "-lm"),
            ("./main",),
            ("main",),
            packages=("gcc", "libc6-dev"),
            editor_mode="text/x-csrc",
            editor_script="clike",
        ),
        Language(
            "cpp",
            "C++ (g++, C++23)",
            (".cpp", ".cc", ".cxx", ".c++"),
            "main.cpp",
            ("sh", "-c", CPP_COMPILE, "g++", "-O2", "-pipe", "-static", "-o", "main", "main.cpp"),
            ("./main",),
            ("main",),
            packages=("g++", "libc6-dev"),
            editor_mode="text/x-c++src",
            editor_script="clike",
        ),
        Language(
            "pascal",
            "Pascal (Free Pascal)",
            (".pas", ".pp", ".dpr"),
            "main.pas",
            # Themis's own switches: Free Pascal's default mode (not objfpc: a variable named `result` is fine),
            # goto allowed, a static binary, a 63 MiB stack. Only Windows reserves that stack; on Linux the main
            # thread has the sandbox's, unlimited (bounded by memory: docs/judge.md)
            ("fpc", "-O2", "-XS", "-Sg", "-Cs66060288", "-omain", "main.pas"),
            ("./main",),
            ("main",),
            packages=("fp-compiler",),
            editor_mode="text/x-pascal",
            editor_script="pascal",
        ),
        Language(
            "python",
            "Python 3",
            (".py",),
            "main.py",
            ("python3", "-c", PYTHON_CHECK, "main.py"),
            ("python3", "main.py"),
            ("main.py",),
            packages=("python3",),
            editor_mode="python",
            editor_script="python",
        ),
        Language(
            "java",
            "Java (OpenJDK 17)",
            (".java",),
            "Main.java",
            # javac's classes (a source may hold several, and nested ones) packed into one jar, the program kept;
            # javac itself is a short-lived JVM: one GC thread, and only the quick compiler; a source without a main
            # method is refused as DOMjudge refuses it (a compile error, not a run-time error)
            (
                "sh",
                "-c",
                'javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -encoding UTF-8 -d classes "$1" && '
                '{ grep -Eq "static([[:space:]]+[a-z]+)*[[:space:]]+void[[:space:]]+main[[:space:]]*[(]" "$1" || '
                '{ echo "$1: no method public static void main(String[] args)" >&2; exit 1; }; } && '
                "jar -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 --create --file main.jar -C classes .",
                "javac",
                "{source}",
            ),
            # as Kattis runs Java: a 64 MiB stack for deep recursion, the heap up to the memory limit, one GC thread
            (
                "java",
                "-Dfile.encoding=UTF-8",
                "-XX:+UseSerialGC",
                "-Xss64m",
                "-Xmx{memory_mib}m",
                "-cp",
                "main.jar",
                "{main}",
            ),
            ("main.jar",),
            packages=("openjdk-17-jdk-headless",),
            editor_mode="text/x-java",
            editor_script="clike",
            named_by_class=True,
        ),
        Language(
            SCRATCH,
            "Scratch 3",
            (".sb3",),
            "main.sb3",
            # the check refuses what is not a Scratch 3 project (or needs a forbidden extension) as a compile error;
            # the run takes the task's output convention as arguments (judge.scratch)
            ("node", SCRATCH_RUNNER, "--check", "main.sb3"),
            ("node", SCRATCH_RUNNER, "main.sb3"),
            ("main.sb3",),
            packages=("nodejs",),
            binary=True,
        ),
    )
}


DEFAULT_KEYS: tuple[str, ...] = tuple(key for key, lang in LANGUAGES.items() if not lang.binary)
"""The languages a contest accepts until its organisers choose: every one but Scratch, which the primary board's
contests (Bảng A) turn on."""


def debian_packages() -> list[str]:
    """The Debian packages that compile and run every language, sorted."""
    return sorted({package for lang in LANGUAGES.values() for package in lang.packages})


class UnknownLanguage(ValueError):
    """The file's extension (or the given key) names no language we judge."""


def language_for(filename: str, override: str | None = None) -> Language:
    """The language named by ``override`` if given, else the one the file's extension implies."""
    if override:
        try:
            return LANGUAGES[override.lower()]
        except KeyError:
            raise UnknownLanguage(f"unknown language {override!r}; known: {', '.join(LANGUAGES)}") from None
    suffix = PurePath(filename).suffix.lower()
    for lang in LANGUAGES.values():
        if suffix in lang.extensions:
            return lang
    raise UnknownLanguage(f"{filename}: unknown extension {suffix or '(none)'!r}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--debian-packages"]:
        sys.exit("usage: python -m sandbox.languages --debian-packages")
    print(" ".join(debian_packages()))
