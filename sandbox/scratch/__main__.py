"""``python -m sandbox.scratch [dest]``: install the Scratch runtime (default ``HOITHI_SCRATCH_RUNTIME``, else
``/usr/local/lib/hoithi-scratch``)."""

import sys
from pathlib import Path

from . import ScratchInstallError, host_runtime, install

if __name__ == "__main__":
    try:
        print(install(Path(sys.argv[1]) if len(sys.argv) > 1 else host_runtime()))
    except ScratchInstallError as error:
        sys.exit(str(error))
