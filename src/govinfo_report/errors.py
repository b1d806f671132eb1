"""Typed errors: every failure names the file and says what is wrong in one line.

The CLI turns each of these into exit status 3 and a single line on stderr; a batch records
them per file and carries on with the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeGuard

from .i18n import N_, language, t, translate


class GovinfoReportError(Exception):
    """Base of every error this library raises on purpose."""

    def text(self, lang: str | None = None) -> str:
        """The error as a person reads it, in ``lang`` (by default the current language);
        ``str()`` stays English, for logs and tracebacks."""
        return translate(str(self), lang)


class ReadError(GovinfoReportError):
    """A file could not be turned into a report."""

    reason = N_("cannot be read")

    def __init__(self, path: str | Path, detail: str = "", args: Mapping[str, object] | None = None) -> None:
        """``detail`` says what in the file is wrong: as it stands (a dependency's message), or,
        with ``args``, a catalogue message (marked ``N_``, in English) whose fields they fill,
        told in the reader's language by :meth:`text`. A value that is itself a message
        (``{"template": N_("..."), "args": {...}}``) is told in that language too, so a wrapped
        error keeps its own words."""
        self.path = str(path)
        # Dependencies' messages may span lines (lxml's do); a reason is one line.
        self.template = " ".join(detail.split()) if args is not None else None
        # Not ``args``: an exception's own holds what it was raised with.
        self.values = dict(args or {})
        self.detail = (_filled(self.template, self.values, None) if self.template is not None
                       else " ".join(detail.split()))
        message = f"{self.path}: {self.reason}"
        if self.detail:
            message += f" ({self.detail})"
        super().__init__(message)

    def text(self, lang: str | None = None) -> str:
        message = f"{self.path}: {translate(self.reason, lang)}"
        if not self.detail:
            return message
        # A detail from the file or a dependency is quoted as it is, in any language.
        detail = (_filled(self.template, self.values, language(lang)) if self.template is not None
                  else translate(self.detail, lang))
        return message + t(" ({detail})", lang, detail=detail)

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str, dict[str, object] | None]]:
        # Rebuilt from path and detail, so the error crosses a process boundary intact.
        if self.template is not None:
            return (type(self), (self.path, self.template, self.values))
        return (type(self), (self.path, self.detail, None))


def as_value(template: str, **args: object) -> dict[str, object]:
    """A catalogue message with its values, to stand as one value of another (told in the
    same language as the message around it); a plain mapping, so a finding holding it stays
    plain data."""
    return {"template": template, "args": args}


def is_message(value: object) -> TypeGuard[Mapping[str, Any]]:
    """Whether ``value`` is a message standing as a value (:func:`as_value`)."""
    return isinstance(value, Mapping) and isinstance(value.get("template"), str)


def _filled(template: str, values: Mapping[str, object], lang: str | None) -> str:
    """``template`` in ``lang`` (``None``: English, as written) with its fields filled, on one line."""
    text = template if lang is None else translate(template, lang)
    fields = {name: _filled(value["template"], value.get("args", {}), lang) if is_message(value) else value
              for name, value in values.items()}
    return " ".join(text.format(**fields).split())


class UnsupportedFormatError(ReadError):
    reason = N_("no reader claims this file type")


class EmptyDocumentError(ReadError):
    reason = N_("the file holds no text")


class NotAReportError(ReadError):
    reason = N_("no annual-report tables or sections were found")


class DecodeError(ReadError):
    reason = N_("the text encoding could not be determined")


class CorruptFileError(ReadError):
    reason = N_("the file is damaged or not of the type its name says")


class NeedsOCRError(ReadError):
    reason = N_("the PDF has no text layer (a scan); it needs OCR first: "
               "pip install govinfo-report-ocr reads scans offline")


class EncryptedFileError(ReadError):
    reason = N_("the file is encrypted and no password was given")


class TooLargeError(ReadError):
    reason = N_("the file is larger, or expands to more, than the safety limits allow")


class TooComplexError(ReadError):
    reason = N_("the file is more complex, or takes longer to read, than the safety limits allow")


class NotARegularFileError(ReadError):
    reason = N_("not a regular file (a directory, device, pipe or socket is never read as a report)")


class ConverterMissingError(ReadError):
    reason = N_("the converter this format needs is not installed")


class UnknownRuleError(GovinfoReportError):
    """A ``select``/``ignore`` code or tag that names no rule (a usage error: exit 2)."""

    def __init__(self, pattern: str, close: list[str]) -> None:
        self.pattern = pattern
        self.close = close
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        hint = (t("; did you mean {codes}?", lang, codes=", ".join(self.close)) if self.close
                else translate("; see `govinfo-report rules`", lang))
        return t("no rule code or tag matches {pattern}", lang, pattern=repr(self.pattern)) + hint


class InternalError(GovinfoReportError):
    """A fault of this library or a plugin, not of the input (the command line exits 4)."""


class WriteError(GovinfoReportError):
    """A report could not be written."""


class UnknownWriterError(WriteError):
    pass


class PluginError(GovinfoReportError):
    """A plugin broke its contract (raised only where continuing would be wrong)."""
