"""Docker and bubblewrap give the same verdicts and the same peaks for the same programs."""

from __future__ import annotations

import pytest

from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.result import RunResult

from .conftest import usable

pytestmark = pytest.mark.slow  # every test runs programs in the real sandboxes

PROGRAMS = {
    "sum": ("c", '#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);}\n'),
    "crash": ("c", "int main(void){ int *p = 0; return *p; }\n"),
    "exit3": ("python", "import sys\nsys.exit(3)\n"),
    "touch40": (
        "c",
        "#include <stdlib.h>\nint main(void){ volatile char *p = malloc(40 << 20);"
        " for (int i = 0; i < (40 << 20); i += 4096) p[i] = 1; return 0; }\n",
    ),
    "children": (
        "c",
        "#include <stdlib.h>\n#include <unistd.h>\n#include <sys/wait.h>\nint main(void){"
        " for (int k = 0; k < 4; k++) if (fork() == 0) { volatile char *p = malloc(30 << 20);"
        " for (int i = 0; i < (30 << 20); i += 4096) p[i] = 1; usleep(200000); return 0; }"
        " while (wait(0) > 0) {} return 0; }\n",
    ),
    "spin": ("c", "int main(void){ volatile unsigned long x = 0; for (;;) x++; }\n"),
    "sleep": ("c", "#include <unistd.h>\nint main(void){ sleep(30); }\n"),
    "flood": ("python", "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"),
    "threads": (
        "cpp",
        "#include <thread>\n#include <vector>\nint main(){ std::vector<std::thread> t;"
        " for (int i = 0; i < 8; i++) t.emplace_back([]{}); for (auto &x : t) x.join(); }\n",
    ),
}
LIMITS = Limits(cpu_ms=500, memory_kb=64 * 1024, output_bytes=1 << 20)


def _results(backend_name: str) -> dict[str, RunResult]:
    backend = usable(backend_name)
    results = {}
    for name, (language, source) in PROGRAMS.items():
        with backend.open_session() as session:
            assert session.compile(LANGUAGES[language], source.encode()).ok
            results[name] = session.run(LIMITS, stdin=b"20 22\n").result
    return results


@pytest.mark.docker
@pytest.mark.bwrap
def test_both_backends_agree() -> None:
    docker, bwrap = _results("docker"), _results("bwrap")
    for name in PROGRAMS:
        a, b = docker[name], bwrap[name]
        assert (a.status, a.exit_code, a.signal, a.stdout[:64]) == (b.status, b.exit_code, b.signal, b.stdout[:64]), (
            name,
            a,
            b,
        )
        assert abs(a.memory_kb - b.memory_kb) <= max(2048, a.memory_kb // 10), (name, a.memory_kb, b.memory_kb)
    assert [docker[n].status.value for n in PROGRAMS] == ["OK", "RE", "RE", "OK", "MLE", "TLE", "TLE", "OLE", "OK"]
