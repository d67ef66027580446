"""What the conformance tests share: a source compiled in a session, and run once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Execution, Session

#: A greeting in every language the judge runs.
HELLO = {
    "c": '#include <stdio.h>\nint main(void) { printf("Xin chao\\n"); return 0; }\n',
    "cpp": '#include <iostream>\nint main() { std::cout << "Xin chao" << std::endl; }\n',
    "pascal": "program hello;\nbegin\n  writeln('Xin chao');\nend.\n",
    "python": 'print("Xin chao")\n',
}


def compiled(session: Session, language: str, source: str) -> Session:
    """``session`` with ``source`` compiled in it (the test fails with the compiler's messages otherwise)."""
    result = session.compile(LANGUAGES[language], source.encode())
    assert result.ok, result.output
    return session


def run(
    session: Session,
    language: str,
    source: str,
    limits: Limits | None = None,
    *,
    stdin: bytes = b"",
    files: Mapping[str, bytes] | None = None,
    collect: Sequence[str] = (),
) -> Execution:
    """Compile ``source`` in ``session`` and run it once."""
    return compiled(session, language, source).run(limits or Limits(), stdin=stdin, files=files, collect=collect)
