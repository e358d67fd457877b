"""``kinerja compute FILE --unit U --year Y --json`` run as a user runs it (a separate process),
its JSON read back: for the tests of the contract's extensions (``skm``, ``budget``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def compute_json(path: Path, unit: str, year: int = 2022) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinerja.cli",
            "compute",
            str(path),
            "--unit",
            unit,
            "--year",
            str(year),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out: dict[str, Any] = json.loads(proc.stdout)
    return out
