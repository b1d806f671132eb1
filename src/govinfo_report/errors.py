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
        self.detail = detail
        message = f"{self.path}: {self.reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


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
    reason = "the PDF has no text layer (a scan); it needs OCR first"


class EncryptedFileError(ReadError):
    reason = "the file is encrypted and no password was given"


class TooLargeError(ReadError):
    reason = "the file expands beyond the safety limit (possible zip bomb)"


class ConverterMissingError(ReadError):
    reason = "the converter this format needs is not installed"


class WriteError(GovinfoReportError):
    """A report could not be written."""


class UnknownWriterError(WriteError):
    pass


class PluginError(GovinfoReportError):
    """A plugin broke its contract (raised only where continuing would be wrong)."""
