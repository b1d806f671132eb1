"""Start-up loads what listing the plugins needs and nothing heavier: the rest loads on first use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# What reading, hashing or writing a report needs, and listing the plugins does not.
FIRST_USE = ("govinfo_report.api", "govinfo_report.recognize", "pdfminer", "lxml", "cattrs", "openpyxl", "docx",
             "hashlib")


@pytest.mark.parametrize("argv", [["--version"], ["plugins"]])
def test_a_command_that_reads_nothing_loads_nothing_heavy(argv: list[str]) -> None:
    script = ("import contextlib, io, json, sys\n"
              "from govinfo_report.cli import main\n"
              "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
              f"    main({argv!r})\n"
              "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "govinfo_report.cli" in loaded
    assert [name for name in loaded if any(name == heavy or name.startswith(f"{heavy}.") for heavy in FIRST_USE)] == []
