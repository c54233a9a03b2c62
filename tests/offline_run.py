"""`python -m tests.offline_run ATTEMPTS_FILE ARGS…` runs `scenehub ARGS…` under the tests'
offline guard (tests/offline.py): a connection to any host but this machine is refused and
written to ATTEMPTS_FILE, which the browser tests read (the demo server they drive is a
subprocess, outside the guard of the test process)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests import offline


def main() -> None:
    attempts = Path(sys.argv[1])
    attempts.touch()
    offline.install(record_to=attempts)
    sys.argv = ["scenehub", *sys.argv[2:]]
    from scenehub.cli import app

    app()


if __name__ == "__main__":
    main()
