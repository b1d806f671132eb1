"""Finding the six sections, the title, and what the title and body say about the report."""

from __future__ import annotations

import re
from functools import lru_cache

import attrs

from .. import labels
from ..formats.headings import FAMILIES
from ..formats.official import FORMATS, SECTIONS, T2_HEADERS
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
    numbered_as_spec = bool(number) and spec.number in number
    for label in spec.labels:
        if core == labels.core(label):
            return True  # the exact wording, whatever numbering the report gave it
        if labels.matches(text, label) and (not number or numbered_as_spec):
            return True
        # A heading run together with its first sentence ("一、总体情况。2023年…").
        if numbered_as_spec and core.startswith(labels.core(label)):
            return True
    family = _FAMILIES.get(spec.key)
    return family is not None and (family.names(core) or (numbered_as_spec and family.opens(core)))


_FAMILIES = {family.key: family for family in FAMILIES}


@attrs.frozen
class _Candidate:
    key: str
    token: Token


def _candidates(tokens: list[Token]) -> list[_Candidate]:
    """Every text that reads as a section heading, in document order."""
    found: list[_Candidate] = []
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
        if key is not None:
            found.append(_Candidate(key, token))
    return found


def find_headings(tokens: list[Token]) -> dict[str, Heading]:
    """The heading of each section, in document order.

    Wording alone misleads: 一、总体情况 often has sub-headings （一）主动公开政府信息情况 and
    （二）依申请公开政府信息情况 that read like the headings of 二 and 三, and table rows
    (三、本年度办理结果) look like headings too. Of the texts whose wording fits, the one
    numbered at the document's top level is taken, then the one its section's table follows,
    then the first.
    """
    candidates = _candidates(tokens)
    top = _top_level(candidates)
    boundaries = frozenset(c.token.index for c in candidates)
    chosen: list[_Candidate] = []
    for spec in SECTIONS:
        mine = [c for c in candidates if c.key == spec.key]
        if mine:
            chosen.append(min(mine, key=lambda c: (
                level(c.token.text) != top, not _table_follows(tokens, c, boundaries), c.token.index)))
    chosen.sort(key=lambda c: c.token.index)
    return {c.key: Heading(c.key, c.token) for c in chosen}


# Numbering styles, one per level of headings; 一、 and 一. are the same style.
_LEVELS = (
    ("第一部分", re.compile(r"^第[一二三四五六七八九十]+部分")),
    ("（一）", re.compile(r"^\([一二三四五六七八九十]+\)")),
    ("一、", re.compile(r"^[一二三四五六七八九十]+[、.]")),
    ("(1)", re.compile(r"^\(\d{1,2}\)")),
    ("1、", re.compile(r"^\d{1,2}[、.]")),
)


def level(text: str) -> str:
    """The numbering style of a heading ("一、", "（一）", "1、" …), "" when it has none."""
    number = labels.numbering(text)
    return next((name for name, pattern in _LEVELS if pattern.match(number)), "")


def _top_level(candidates: list[_Candidate]) -> str | None:
    """The level of the section headings: that of the first 总体情况 heading, or else the one
    most sections have a heading at (sub-headings only echo a few sections)."""
    overview = next((c for c in candidates if c.key == SECTIONS[0].key), None)
    if overview is not None:
        return level(overview.token.text)
    keys: dict[str, set[str]] = {}
    for c in candidates:
        keys.setdefault(level(c.token.text), set()).add(c.key)
    return max(keys, key=lambda lv: len(keys[lv])) if keys else None


# Texts (paragraphs or cells) after a heading within which its table's labels must show.
_TABLE_WINDOW = 6


def _table_follows(tokens: list[Token], candidate: _Candidate, boundaries: frozenset[int]) -> bool:
    """Whether the labels of the section's own table follow its heading, before any other."""
    seen = 0
    for token in tokens[candidate.token.index + 1:]:
        if token.kind is not Kind.TEXT:
            continue
        if token.index in boundaries or seen >= _TABLE_WINDOW:
            return False
        if _is_label_of(token.text, candidate.key):
            return True
        seen += 1
    return False


@lru_cache(maxsize=65536)
def _is_label_of(text: str, key: str) -> bool:
    core = labels.core(text)
    return bool(core) and any(labels.matches(text, label) for label in _table_labels().get(key, ()))


@lru_cache(maxsize=1)
def _table_labels() -> dict[str, tuple[str, ...]]:
    """The labels that open each section's table, in either format: 二 → 表二, 三 → 表三, 四 → 表四."""
    active: list[str] = [*T2_HEADERS]
    requests: list[str] = []
    appeals: list[str] = []
    for spec in FORMATS.values():
        for block in spec.t2_blocks:
            active.append(block.item)
            active.extend(label for c in block.columns for label in c.labels)
            active.extend(label for r in block.rows for label in r.labels)
        requests.extend(label for r in spec.t3_rows for label in r.labels)
        requests.extend(spec.t3_headers)
        appeals.extend(spec.t4_headers)
    return {"active": tuple(dict.fromkeys(active)), "requests": tuple(dict.fromkeys(requests)),
            "appeals": tuple(dict.fromkeys(appeals))}


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
