"""Read .doc, .wps, .odt and .rtf reports by converting them to DOCX with LibreOffice.

Many agencies still attach their annual reports as Word 97-2003 or WPS files. Parsing those
binary formats ourselves would be a project of its own; LibreOffice converts them faithfully,
including table merges, and the built-in DOCX reader does the rest. LibreOffice is a heavy
external program, which is why this reader is a separate plugin rather than a built-in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from govinfo_report import Reader, hookimpl
from govinfo_report.errors import ConverterMissingError, CorruptFileError, EmptyDocumentError, ReadError, as_value
from govinfo_report.files import file_bytes
from govinfo_report.i18n import N_
from govinfo_report.layout import Layout
from govinfo_report.readers.docx import read_docx

__version__ = "0.1.0"

INSTALL_HINT = N_(
    "install LibreOffice: apt-get install libreoffice-writer-nogui "
    "(dnf install libreoffice-writer, brew install --cask libreoffice), "
    "or set GOVINFO_SOFFICE to the soffice binary"
)
DEFAULT_TIMEOUT = 120.0
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIME = b"mimetypeapplication/vnd.oasis.opendocument.text"


def find_soffice() -> str | None:
    """The LibreOffice binary: ``GOVINFO_SOFFICE`` if set, else ``soffice``/``libreoffice`` on PATH."""
    configured = os.environ.get("GOVINFO_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _timeout() -> float:
    try:
        return float(os.environ.get("GOVINFO_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def convert_to_docx(path: Path, workdir: Path, timeout: float | None = None) -> Path:
    """Convert ``path`` to DOCX inside ``workdir`` and return the new file.

    The input is copied under a plain ASCII name first: soffice names its output after the
    input and mishandles some non-ASCII and shell-special names. Each call gets its own
    LibreOffice profile so parallel conversions do not fight over one profile lock.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissingError(path, INSTALL_HINT, {})
    suffix = path.suffix.lower() if path.suffix else ".doc"
    source = workdir / f"input{suffix}"
    source.write_bytes(file_bytes(path))  # the bytes read: those the report's sha256 names
    outdir = workdir / "out"
    outdir.mkdir()
    profile = (workdir / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)]
    limit = timeout if timeout is not None else _timeout()
    try:
        done = subprocess.run(command, capture_output=True, timeout=limit, check=False,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise CorruptFileError(path, N_("LibreOffice did not finish converting within {limit} s"),
                               {"limit": f"{limit:g}"}) from None
    except OSError as exc:
        raise ConverterMissingError(path, N_("{program} could not be started ({error}); {hint}"),
                                    {"program": soffice, "error": str(exc), "hint": as_value(INSTALL_HINT)}) from None
    result = outdir / "input.docx"
    if not result.is_file():
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        tail = detail[-1] if detail else as_value(N_("exit status {status}"), status=done.returncode)
        raise CorruptFileError(path, N_("LibreOffice could not convert it: {error}"), {"error": tail})
    return result


class LibreOfficeReader(Reader):
    """Converts legacy and OpenDocument word-processor files, then reads them as DOCX."""

    name = "libreoffice"
    extensions = (".doc", ".wps", ".odt", ".rtf", ".dot", ".wpt", ".fodt")
    version = __version__

    def sniff(self, head: bytes, path: Path) -> float:
        if head.startswith(OLE_MAGIC):
            return 0.6  # Word 97-2003 and WPS; also other OLE files, hence not higher
        if head.startswith(b"{\\rtf"):
            return 0.8
        if head.startswith(b"PK\x03\x04") and ODT_MIME in head[:100]:
            return 0.9
        return 0.0

    def read(self, path: Path) -> Layout:
        path = Path(path)
        try:
            data = file_bytes(path)
        except FileNotFoundError:
            raise CorruptFileError(path, N_("no such file")) from None
        except OSError as exc:
            raise CorruptFileError(path, exc.strerror or str(exc)) from None
        if not data:
            raise EmptyDocumentError(path)
        with tempfile.TemporaryDirectory(prefix="govinfo-lo-") as tmp:
            converted = convert_to_docx(path, Path(tmp))
            try:
                layout = read_docx(converted)
            except ReadError as exc:  # name the original file, not the temporary DOCX
                detail = exc.detail if exc.template is None else as_value(exc.template, **exc.values)
                raise type(exc)(path, N_("after conversion: {detail}"), {"detail": detail}) from None
        return attrs.evolve(layout, source=str(path), reader=self.name)


@hookimpl
def register_readers(register: Callable[[Reader], Any]) -> None:
    register(LibreOfficeReader())
