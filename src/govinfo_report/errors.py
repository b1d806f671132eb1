"""Typed errors: every failure names the file and says what is wrong in one line.

The CLI turns each of these into exit status 3 and a single line on stderr; a batch records
them per file and carries on with the rest.
"""

from __future__ import annotations

from pathlib import Path


class GovinfoReportError(Exception):
    """Base of every error this library raises on purpose."""


class ReadError(GovinfoReportError):
    """A file could not be turned into a report."""

    reason = "cannot be read"

    def __init__(self, path: str | Path, detail: str = "") -> None:
        self.path = str(path)
        # Dependencies' messages may span lines (lxml's do); a reason is one line.
        self.detail = " ".join(detail.split())
        detail = self.detail
        message = f"{self.path}: {self.reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # Rebuilt from path and detail, so the error crosses a process boundary intact.
        return (type(self), (self.path, self.detail))


class UnsupportedFormatError(ReadError):
    reason = "no reader claims this file type"


class EmptyDocumentError(ReadError):
    reason = "the file holds no text"


class NotAReportError(ReadError):
    reason = "no annual-report tables or sections were found"


class DecodeError(ReadError):
    reason = "the text encoding could not be determined"


class CorruptFileError(ReadError):
    reason = "the file is damaged or not of the type its name says"


class NeedsOCRError(ReadError):
    reason = ("the PDF has no text layer (a scan); it needs OCR first: "
              "pip install govinfo-report-ocr reads scans offline")


class EncryptedFileError(ReadError):
    reason = "the file is encrypted and no password was given"


class TooLargeError(ReadError):
    reason = "the file is larger, or expands to more, than the safety limits allow"


class TooComplexError(ReadError):
    reason = "the file is more complex, or takes longer to read, than the safety limits allow"


class NotARegularFileError(ReadError):
    reason = "not a regular file (a directory, device, pipe or socket is never read as a report)"


class ConverterMissingError(ReadError):
    reason = "the converter this format needs is not installed"


class UnknownRuleError(GovinfoReportError):
    """A ``select``/``ignore`` code or tag that names no rule (a usage error: exit 2)."""

    def __init__(self, pattern: str, close: list[str]) -> None:
        self.pattern = pattern
        self.close = close
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `govinfo-report rules`"
        super().__init__(f"no rule code or tag matches {pattern!r}{hint}")


class InternalError(GovinfoReportError):
    """A fault of this library or a plugin, not of the input (the command line exits 4)."""


class WriteError(GovinfoReportError):
    """A report could not be written."""


class UnknownWriterError(WriteError):
    pass


class PluginError(GovinfoReportError):
    """A plugin broke its contract (raised only where continuing would be wrong)."""
