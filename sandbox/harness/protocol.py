"""The harness's line protocol: one JSON command per stdin line, one JSON answer per stdout line.

Commands (``b64`` marks base64-encoded bytes):

- ``{"op": "run", "argv": [...], "limits": {...}, "stdin": b64, "files": {name: b64}, "collect": [names],
  "with_program": bool, "keep": [names], "trace": bool, "stdout_cap": int, "stderr_cap": int}`` ->
  ``{"ok": true, "status", "exit_code", "signal", "cpu_ms", "wall_ms", "memory_kb", "stdout": b64,
  "stderr": b64, "files": {name: b64}, "kept": bool}``. ``keep`` names the files that become the stored
  program when the run succeeds (a compilation); ``with_program`` puts the stored program in place first.
- ``{"op": "install", "files": {name: b64}}`` -> ``{"ok": true}``: store files as the program directly.

Any fault of the harness itself is answered with ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

from .common import libc
from .memwatch import PR_SET_DUMPABLE
from .runner import Harness


def _answer(message: dict[str, Any]) -> None:
    sys.stdout.buffer.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
    sys.stdout.buffer.flush()


def main() -> None:
    """Serve commands until stdin closes."""
    if os.getpid() != 1:
        _answer({"ok": False, "error": f"the harness must be PID 1 of its namespace, not {os.getpid()}"})
        sys.exit(1)
    # Signals reach PID 1 from inside its namespace only when it handles them: handle none.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Not dumpable: a program running under the same uid can neither ptrace us nor open /proc/1/fd or mem.
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    harness = Harness(sys.argv[1])
    _answer({"ok": True, "ready": True})
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "run":
                _answer(harness.run(request))
            elif op == "install":
                _answer(harness.install(request))
            else:
                _answer({"ok": False, "error": f"unknown op {op!r}"})
        except Exception as exc:  # reported to the host, which ends the session
            _answer({"ok": False, "error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    main()
