"""Chinese or English for every message a person reads, through gettext catalogues.

Messages are written in the source in the language a reader of the reports speaks first
(findings and labels in Chinese, command-line words in English); both catalogues, ``zh`` and
``en``, translate every one of them, so a message looks the same whichever language it was
written in. Codes, keys and JSON field names are never translated. The catalogues live in
``locale/<lang>/LC_MESSAGES/govinfo_report.po`` beside their compiled ``.mo`` (see README:
Translations for the Babel commands that extract, update and compile them).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "govinfo_report"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")
DEFAULT = "zh"

_current: ContextVar[str | None] = ContextVar("govinfo_report_language", default=None)


def N_(msgid: str) -> str:
    """Marks a message for extraction where it is rendered later, in the reader's language."""
    return msgid


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGES)})")
    return lang


def language(lang: str | None = None) -> str:
    """``lang`` when given, else the language chosen for this context, else Chinese."""
    return check_language(lang) if lang is not None else (_current.get() or DEFAULT)


def set_language(lang: str | None) -> None:
    _current.set(None if lang is None else check_language(lang))


@contextmanager
def using(lang: str | None) -> Iterator[None]:
    """Render in ``lang`` inside the block (``None``: leave the choice as it is)."""
    token = _current.set(check_language(lang) if lang is not None else _current.get())
    try:
        yield
    finally:
        _current.reset(token)


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: English where the first of ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG`` and ``LANGUAGE`` that is set names English, Chinese otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith(("C.", "POSIX.")):
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[check_language(lang)], fallback=True)


def translate(msgid: str, lang: str | None = None) -> str:
    """``msgid`` in ``lang`` (by default the current language); itself where untranslated."""
    if not msgid:
        return msgid
    return catalogue(language(lang)).gettext(msgid)


def translate_plural(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return catalogue(language(lang)).ngettext(singular, plural, n)


def t(msgid: str, lang: str | None = None, **args: object) -> str:
    """``msgid`` translated, its ``{name}`` fields filled from ``args``."""
    text = translate(msgid, lang)
    return text.format(**args) if args else text


class MessageError(ValueError):
    """A ``ValueError`` whose message is a catalogue message (marked ``N_``) with its values:
    ``str()`` in English, for logs; :meth:`text` in the reader's language. A caller that wraps
    it (a reader's :class:`~govinfo_report.errors.ReadError`) keeps the message, not its text."""

    def __init__(self, template: str, values: Mapping[str, object] | None = None) -> None:
        self.template = template
        self.values = dict(values or {})
        super().__init__(template.format(**self.values))

    def text(self, lang: str | None = None) -> str:
        return t(self.template, lang, **self.values)

    def __reduce__(self) -> tuple[type[MessageError], tuple[str, dict[str, object]]]:
        return (type(self), (self.template, self.values))
