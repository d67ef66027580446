"""A compiled program given back by one session runs in another without compiling again (on every backend)."""

from __future__ import annotations

import pytest

from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Backend

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

SOURCES = {
    "c": b'#include <stdio.h>\nint main(void) { long a, b; scanf("%ld %ld", &a, &b); printf("%ld\\n", a + b); }\n',
    "java": b"import java.util.Scanner;\npublic class Tong { public static void main(String[] x) {\n"
    b"  Scanner in = new Scanner(System.in); System.out.println(in.nextLong() + in.nextLong()); } }\n",
}


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_a_program_compiled_in_one_session_runs_in_another(backend: Backend, key: str) -> None:
    language = LANGUAGES[key]
    with backend.open_session() as first:
        compiled = first.compile(language, SOURCES[key], give_program=True)
        assert compiled.ok, compiled.output
        assert compiled.program is not None and set(compiled.program.files) == set(language.program)
    with backend.open_session() as second:
        second.install(compiled.program)
        result = second.run(Limits(cpu_ms=5000), stdin=b"40 2\n").result
    assert (result.status, result.stdout) == ("OK", b"42\n")


def test_a_program_is_given_back_only_when_asked(backend: Backend) -> None:
    with backend.open_session() as session:
        assert session.compile(LANGUAGES["c"], SOURCES["c"]).program is None
        assert session.compile(LANGUAGES["c"], b"int main( {", give_program=True).program is None
