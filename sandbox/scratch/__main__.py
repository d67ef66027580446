"""``python -m sandbox.scratch [dest]``: install the Scratch runtime (default ``/usr/local/lib/hoithi-scratch``)."""

import sys
from pathlib import Path

from . import RUNTIME_DIR, ScratchInstallError, install

if __name__ == "__main__":
    try:
        print(install(Path(sys.argv[1] if len(sys.argv) > 1 else RUNTIME_DIR)))
    except ScratchInstallError as error:
        sys.exit(str(error))
