"""Finding the six sections, the title, and what the title and body say about the report."""

from __future__ import annotations

import re
from functools import lru_cache

import attrs

from .. import labels
from ..formats.official import SECTIONS
from ..formats.spec import SectionSpec
from ..numbers import clean
from .tokens import Kind, Token


@attrs.define
class Heading:
    key: str
    token: Token


def _heading_match(text: str, spec: SectionSpec) -> bool:
    norm = labels.normalize(text)
    if len(norm) > 60:
        return False
    number = labels.numbering(text)
    core = labels.core(text)
    for label in spec.labels:
        if core == labels.core(label):
            return True  # the exact wording, whatever numbering the report gave it
        if labels.matches(text, label) and (not number or spec.number in number):
            return True
        # A heading run together with its first sentence ("一、总体情况。2023年…").
        if number and spec.number in number and core.startswith(labels.core(label)):
            return True
    return False


def find_headings(tokens: list[Token]) -> dict[str, Heading]:
    """The first heading of each section, in document order.

    Headings inside tables look alike (三、本年度办理结果, 四、结转下年度继续办理) but their
    wording differs, so matching the wording, not the numbering, tells them apart.
    """
    found: dict[str, Heading] = {}
    for i, token in enumerate(tokens):
        if token.kind is not Kind.TEXT or len(token.text) > 80:
            continue
        text = token.text.strip()
        # A numbered heading cut into pieces (wrapped, or split at a table label inside it)
        # is matched whole: up to three consecutive text pieces.
        pieces = range(i + 1, min(i + 3, len(tokens))) if labels.numbering(text) else range(0)
        for j in pieces:
            if tokens[j].kind is not Kind.TEXT or len(text) > 60:
                break
            key = section_of(text)
            if key is not None:
                break
            text += tokens[j].text.strip()
        key = section_of(text)
        if key is not None and key not in found:
            found[key] = Heading(key, token)
    return found


@lru_cache(maxsize=65536)
def section_of(text: str) -> str | None:
    """The section whose heading ``text`` is, if any (cached: headings repeat across reports)."""
    return next((spec.key for spec in SECTIONS if _heading_match(text, spec)), None)


# -- title and meta --------------------------------------------------------------------------
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_HINT = re.compile(r"政府信息公开.{0,6}(?:年度)?报告|信息公开.{0,4}年报|年度报告")
_TITLE_SUFFIX = re.compile(r"(?:度)?(?:政府)?(?:信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报)$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,12}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
_PERIOD = re.compile(
    r"(?:统计期限|统计时限|统计期间|统计时间)[^。；\n]{0,8}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)


def find_title(tokens: list[Token], metadata_title: str | None) -> tuple[str | None, Token | None]:
    for token in tokens[:40]:
        if token.kind is Kind.TEXT and len(token.text) <= 80 and _TITLE_HINT.search(labels.normalize(token.text)):
            return clean(token.text).lstrip("#* ").rstrip("*"), token
    if metadata_title and _TITLE_HINT.search(metadata_title):
        return metadata_title.strip(), None
    return None, None


_FIELD_LABEL = re.compile(r"^\s*(?:标题|题目|文章标题|名称|title)\s*[:：]\s*", re.IGNORECASE)


def agency_from_title(title: str) -> str | None:
    title = _FIELD_LABEL.sub("", title)  # "标题: …" as crawlers and CMS exports write it
    quoted = re.search(r"《([^》]+)》", title)
    if quoted and _TITLE_HINT.search(quoted.group(1)):
        title = quoted.group(1)  # a cover letter: 关于印发《…年度报告》的通知
    text = _YEAR.sub(" ", title)
    text = re.sub(r"[\s\u3000]+", " ", text).strip()
    text = _TITLE_SUFFIX.sub("", text.replace(" ", " ")).strip()
    parts = [p for p in text.split(" ") if p]
    if not parts:
        return None
    agency = parts[0]
    agency = _TITLE_SUFFIX.sub("", agency).strip("《》“”\"' ")
    return agency or None


def year_from_title(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def statistics_period(text: str) -> tuple[int, int] | None:
    m = _PERIOD.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def publication_date(tokens: list[Token]) -> str | None:
    """The date the report was issued: printed near the title or at the end (…印发)."""
    candidates = [t for t in tokens[:15] if len(t.text) < 60] + [t for t in tokens[-25:] if len(t.text) < 60]
    for token in candidates:
        m = _DATE.search(token.text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def document_number(tokens: list[Token]) -> str | None:
    for token in tokens[:20]:
        m = _DOC_NUMBER.search(token.text)
        if m:
            return re.sub(r"\s+", "", m.group(0))
    return None


def first_year_in(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
