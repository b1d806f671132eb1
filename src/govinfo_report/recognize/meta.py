"""What a report says about itself: its title, the body that issued it, its year, and the
date and number it was issued under.

The agency comes from the most trusted place that names one: the title (often wrapped over
two lines, the body's name on the first); the signature line (落款) above the issue date;
the document's metadata (PDF /Title and /Author, Word core properties) where it names a
body rather than a clerk; the first page's heading. The gazetteer then places the body in
its division, which gives researchers a key that stays the same across years and spellings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from .. import gazetteer, labels
from ..formats.bodies import BODY_ENDINGS, BODY_SYNONYMS, GOVERNMENT
from ..model import Meta
from ..numbers import clean
from .sections import Heading, section_of
from .tokens import TEXT, Token

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_HINT = re.compile(r"政府信息公开.{0,6}(?:年度)?报告|信息公开.{0,4}年报|年度报告")
_TITLE_SUFFIX = re.compile(r"(?:度)?(?:政府)?(?:信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报)$")
_DOC_NUMBER = re.compile(r"^[(（]?[\u4e00-\u9fa5]{1,12}[〔\[［(（【](?:19|20)\d{2}[〕\]］)）】]\d{1,4}号[)）]?$")
_PERIOD = re.compile(
    r"(?:统计期限|统计时限|统计期间|统计时间)[^。；\n]{0,8}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_FIELD_LABEL = re.compile(r"^\s*(?:标题|题目|文章标题|名称|title)\s*[:：]\s*", re.IGNORECASE)
# Punctuation that ends or joins clauses: a line holding it is prose, not a title or a name.
_PROSE_MARK = re.compile(r"[。，,；;：:、！!？?]")
# How far from each end of the document a title, a signature or an issue date is printed.
HEAD_TOKENS, TAIL_TOKENS = 15, 25

# Dates, in the folded text (no spaces, ASCII digits), in Arabic or Chinese numerals.
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0, "o": 0, "0": 0}
_NUMERAL = "〇○零Oo一二三四五六七八九"
_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_NUMERAL}]{{4}})年"
    r"(?P<m>\d{1,2}|元|十[一二]?|[一二三四五六七八九])月"
    r"(?P<d>\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
)
_DATE_LINE = re.compile(
    r"^[(（]?(?P<label>(?:发布|印发|成文|公开)(?:日期|时间)[:：]?)?(?P<date>.+?)(?:印发|发布|公布)?[)）]?$")
_ISO_DATE = re.compile(r"^((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def read_meta(tokens: Sequence[Token], texts: Sequence[Token], metadata: Mapping[str, str],
              headings: Mapping[str, Heading]) -> tuple[Meta, list[Token]]:
    """The report's meta, and the tokens its title was printed on (not part of any section);
    ``texts`` are the text tokens among ``tokens``."""
    title, title_tokens = find_title(tokens, metadata.get("title"))
    meta = Meta(title=title)
    if title:
        meta.year = year_from_title(title)
        if meta.year is not None:
            meta.provenance["year"] = "title"
    _read_agency(meta, tokens, metadata)
    body = "\n".join([t.text for t in texts])  # a list: a generator costs more
    period = statistics_period(body)
    if period:
        meta.statistics_period = f"{period[0]}-01-01/{period[1]}-12-31"
    published = publication_date(tokens, metadata)
    if published is not None:
        meta.published, meta.provenance["published"] = published
    meta.document_number = document_number(tokens)
    if meta.year is None:
        overview = headings.get("overview")
        _year_from_body(meta, tokens, overview.token.index if overview else 0, period)
    return meta, title_tokens


# -- title -----------------------------------------------------------------------------------
def _title_piece(token: Token) -> bool:
    """A short line that can be part of a wrapped title: no clause punctuation, no heading."""
    text = labels.normalize(token.text)
    return (token.kind is TEXT and 0 < len(text) <= 40 and not _PROSE_MARK.search(text)
            and section_of(token.text) is None)


def _joined(lines: Sequence[Token]) -> str:
    return "".join(clean(t.text).strip("#* ") for t in lines)


def find_title(tokens: Sequence[Token], metadata_title: str | None) -> tuple[str | None, list[Token]]:
    """The title, joined over the lines it wraps onto when its first lines hold the body."""
    for token in tokens[:40]:
        if token.kind is not TEXT or len(token.text) > 80 or not _TITLE_HINT.search(labels.normalize(token.text)):
            continue
        lines = [token]
        while len(lines) < 3 and lines[0].index > 0 and not names_body(agency_from_title(_joined(lines)) or ""):
            before = tokens[lines[0].index - 1]
            agency = agency_from_title(_joined([before, *lines])) if _title_piece(before) else None
            if agency is None or not names_body(agency):
                break
            lines.insert(0, before)
        return _joined(lines), lines
    if metadata_title and _TITLE_HINT.search(metadata_title):
        return metadata_title.strip(), []
    return None, []


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


# -- agency ----------------------------------------------------------------------------------
def names_body(text: str) -> bool:
    """Whether ``text`` is the name of a body (a government, an office, a bureau …)."""
    name = labels.normalize(text)
    return (1 < len(name) <= 30 and not _PROSE_MARK.search(name) and not any(c.isdigit() for c in name)
            and "报告" not in name and name.endswith(BODY_ENDINGS) and section_of(text) is None)


def _tail(tokens: Sequence[Token]) -> tuple[int, int]:
    """Where the end of the document lies: its last lines, after the head in a short one."""
    return max(HEAD_TOKENS, len(tokens) - TAIL_TOKENS), len(tokens)


def _signature(tokens: Sequence[Token]) -> str | None:
    """The body named on the line just above a date line: the 落款, at the end or under the title."""
    for i in [*reversed(range(*_tail(tokens))), *range(min(HEAD_TOKENS, len(tokens)))]:
        if _date_line(tokens[i].text) is None:
            continue
        before = next((t for t in reversed(tokens[max(i - 3, 0):i]) if t.kind is TEXT), None)
        if before is not None and names_body(before.text):
            return labels.normalize(before.text)
    return None


def _from_metadata(metadata: Mapping[str, str]) -> str | None:
    title = metadata.get("title")
    if title and _TITLE_HINT.search(title) and (agency := agency_from_title(title)) and names_body(agency):
        return agency
    author = metadata.get("author")
    return labels.normalize(author) if author and names_body(author) else None


def _first_heading(tokens: Sequence[Token]) -> str | None:
    first = [t for t in tokens[:HEAD_TOKENS] if t.kind is TEXT][:5]
    return next((labels.normalize(t.text) for t in first if names_body(t.text)), None)


def _read_agency(meta: Meta, tokens: Sequence[Token], metadata: Mapping[str, str]) -> None:
    sources: tuple[tuple[str, Callable[[], str | None]], ...] = (
        ("title", lambda: agency_from_title(meta.title) if meta.title else None),
        ("signature", lambda: _signature(tokens)),
        ("metadata", lambda: _from_metadata(metadata)),
        ("heading", lambda: _first_heading(tokens)),
    )
    for source, find in sources:  # in order of trust; the later ones are looked at only if needed
        agency = find()
        if agency:
            meta.agency, meta.provenance["agency"] = agency, source
            break
    if meta.agency is None:
        return
    reading = gazetteer.read(meta.agency)
    if reading is None:
        return
    if reading.folds:
        meta.agency = reading.name
        slips = "、".join(f"{printed} read as {name}" for printed, name in reading.folds)
        meta.provenance["division"] = f"gazetteer ({slips})"
    elif reading.division is not None:
        meta.provenance["division"] = "gazetteer"
    meta.division_level = reading.level
    if reading.division is not None and reading.township is None:
        meta.division_code = reading.division.code
    meta.body = body_key(reading)


def body_key(reading: gazetteer.Reading) -> str | None:
    """``code:name``: the lowest division's code and the body's name inside it, normalised,
    so 洪泽区人民政府 and 淮安市洪泽区人民政府 share one key. None when no code is sure."""
    division = reading.division
    if division is None:
        return None
    name = reading.rest
    for canonical, *others in BODY_SYNONYMS:
        for other in others:
            name = name.replace(other, canonical)
    government, short = GOVERNMENT
    if name.startswith(short):
        name = government + name[len(short):]  # 政府办公室 is 人民政府办公室
    name = name or government
    return f"{division.code}:{reading.township or ''}{name}"


# -- dates, numbers, period ------------------------------------------------------------------
def _numeral(text: str) -> int:
    """A number written in Arabic digits or in Chinese numerals up to 三十一 (元 = 1)."""
    if text.isdigit():
        return int(text)
    if text == "元":
        return 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as an ISO date, however its digits are written or padded."""
    m = _DATE.search(labels.fold(text))
    if m is None:
        return None
    year, month, day = (_numeral(m.group(g)) for g in ("y", "m", "d"))
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _iso(text: str) -> str | None:
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


@lru_cache(maxsize=8192)
def _date_line(text: str) -> str | None:
    """The date a line holds when the line is that date and nothing more (a 落款 date,
    "2024年1月23日印发", "发布时间：2024-01-23"). Cached: the signature and the publication
    date each ask it of the same lines, most of them cells that recur in every report."""
    folded = labels.fold(text)
    if len(folded) > 30:
        return None
    m = _DATE_LINE.match(folded)
    if m is None:
        return None
    if _DATE.fullmatch(m.group("date")):
        return parse_date(m.group("date"))
    return _iso(m.group("date")) if m.group("label") else None


def publication_date(tokens: Sequence[Token], metadata: Mapping[str, str]) -> tuple[str, str] | None:
    """The date the report was issued, and where it was found: the signature date at the end,
    a date line under the title, or the page's metadata. Dates inside sentences (a statistics
    period, a deadline) are never taken for it."""
    for token in reversed(tokens[slice(*_tail(tokens))]):
        if (date := _date_line(token.text)) is not None:
            return date, "signature"
    for token in tokens[:HEAD_TOKENS]:
        if (date := _date_line(token.text)) is not None:
            return date, "heading"
    date = _iso(labels.fold(metadata.get("published", "")))
    return (date, "metadata") if date is not None else None


def document_number(tokens: Sequence[Token]) -> str | None:
    """The report's own number (X政办〔2024〕3号), printed on a line of its own near the top;
    numbers cited in sentences belong to other documents."""
    for token in tokens[:20]:
        folded = labels.fold(token.text)
        if _DOC_NUMBER.match(folded):
            return folded.strip("()（）")
    return None


def statistics_period(text: str) -> tuple[int, int] | None:
    m = _PERIOD.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _year_from_body(meta: Meta, tokens: Sequence[Token], start: int, period: tuple[int, int] | None) -> None:
    if period:
        meta.year, meta.provenance["year"] = period[0], "statistics period"
        return
    for token in tokens[start:start + 12]:
        if token.kind is TEXT and (m := _YEAR.search(token.text)):
            meta.year, meta.provenance["year"] = int(m.group(1)), "body"
            return
    if meta.published:
        meta.year, meta.provenance["year"] = int(meta.published[:4]) - 1, "publication date"
