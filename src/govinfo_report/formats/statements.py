"""Figures the prose of a report states about its own tables, and how each is worded.

Declared here once, with the rest of the report's knowledge. Two readers need them: the run
splitter, where a stated figure picks one split among several that satisfy every identity,
and the text-vs-table rule, where a stated figure that differs from the table is a finding.
A wrong figure is worse than none (it would steer a split or raise a false finding), so
every pattern demands the figure's own noun (申请, 行政复议, 规范性文件) close to the number and
stops at sentence and clause punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

__all__ = ["STATEMENTS", "SUBJECTS", "Stated", "Statement", "number", "quote", "sentences", "statements",
           "subject_of"]

_N = r"(\d[\d,，]*)\s*"
_DIGIT = re.compile(r"\d")
_GAP = r"[^。；;，,\d]{0,12}?"
_NEAR = r"[^。；;，,\d]{0,6}?"
_APPLICATION = r"(?:(?:政府信息公开|依申请公开)?申请)?"


# What a figure counts is decided by its subject: the noun just after its unit ("70件申请"),
# else the last noun before it in the sentence. Longer names come first in each alternation,
# so "行政复议申请" is a review and "被申请行政复议和提起行政诉讼" both kinds together.
_BOTH = r"行政复议(?:案件)?[^。；;，,\d]{0,6}?(?:和|及|与|、|或)[^。；;，,\d]{0,6}?行政诉讼(?:案件)?"
SUBJECTS: tuple[tuple[str, str], ...] = (
    ("行政复议和行政诉讼", _BOTH),
    ("行政复议", r"行政复议(?:案件|申请)?|复议案件"),
    ("行政诉讼", r"行政诉讼(?:案件)?|诉讼案件|应诉案件"),
    ("申请", r"(?:政府信息公开|依申请公开|信息公开)?申请"),
    ("行政规范性文件", r"(?:行政)?规范性文件"),
    # Things counted in 件 that none of the tables counts: a figure about them is never compared.
    ("其他", r"案件|诉求|投诉|举报|信访|来信|来访|来电|留言|咨询|建议|提案|议案|工单"),
)
_SUBJECT = re.compile("|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(SUBJECTS)))
_UNIT = re.compile(r"\s*(?:件|个|条|份|起|宗)?\s*")


@attrs.frozen
class Statement:
    """One kind of figure the prose states, and the sums of cells it may equal.

    ``scopes`` lists the cell sets whose sum the figure may mean, the strictest first: a
    "received" figure is sometimes 本年新收 alone and sometimes 本年新收 + 上年结转. A figure
    is read only where its subject (see ``SUBJECTS``) is the statement's or is not named.
    """

    name: str
    subject: str
    patterns: tuple[re.Pattern[str], ...]
    scopes: tuple[tuple[str, ...], ...]
    # Words every match of ``patterns`` holds one of: a sentence holding none of them is not
    # searched, which spares most sentences with a figure the statement's patterns.
    words: tuple[str, ...]
    template: str | None = None  # the format whose keys the scopes use; None: both

    @property
    def cells(self) -> tuple[str, ...]:
        return self.scopes[0]


@attrs.frozen
class Stated:
    """A figure found in one sentence."""

    statement: Statement
    value: int
    sentence: str


_REVIEW = ("t4.review.total",)
_LITIGATION = ("t4.litigation_direct.total", "t4.litigation_after_review.total")

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "本年收到申请", "申请",
        (
            re.compile(r"(?:收到|受理|接收|新收|接到)" + _GAP + r"(?:公开)?申请" + _NEAR + r"(?:共计|共)?" + _N
                       + r"(?:件|个|条|份)"),
            re.compile(r"(?:收到|受理|接收|新收|接到)" + _NEAR + _N
                       + r"(?:件|个|条|份)(?:政府信息公开|依申请公开)?申请"),
        ),
        (("t3.new_received.total",), ("t3.new_received.total", "t3.carried_over.total")),
        ("收到", "受理", "接收", "新收", "接到"),
    ),
    Statement(
        "上年结转申请", "申请",
        (
            re.compile(r"(?:上一?年度?|去年)结转(?:的|而来的?)?" + _APPLICATION + _NEAR + r"(?:共计|共)?" + _N
                       + r"(?:件|个|条|份)"),
            re.compile(r"结转(?:自)?上一?年度?(?:的)?" + _APPLICATION + _NEAR + r"(?:共计|共)?" + _N
                       + r"(?:件|个|条|份)"),
            re.compile(_N + r"(?:件|个|条|份)(?:申请)?(?:为|系|是)?(?:上一?年度?|去年)结转"),
        ),
        (("t3.carried_over.total",),),
        ("结转",),
    ),
    Statement(
        "本年办结申请", "申请",
        (re.compile(r"(?:办结|办理完毕|已办理|共办理)" + r"[^。；;，,\d]{0,10}?" + _N + r"件"),),
        (("t3.total.total",),),
        ("办结", "办理完毕", "已办理", "共办理"),
    ),
    Statement(
        "结转下年度", "申请",
        (
            re.compile(r"(?<!上年)(?<!上一年)(?<!上年度)(?<!上一年度)结转(?:至|到)?(?:下一?年度?|下年|\d{4}\s*年度?)"
                       r"[^。；;，,\d]{0,8}?" + _N + r"件"),
            re.compile(_N + r"件(?:申请)?结转(?:至|到)?下"),
        ),
        (("t3.carried_forward.total",),),
        ("结转",),
    ),
    Statement(
        "行政复议和行政诉讼", "行政复议和行政诉讼",
        (re.compile(_BOTH + r"[^。；;，,\d、]{0,4}?" + _N + r"(?:件|起|宗|个)"),),
        ((*_REVIEW, *_LITIGATION),),
        ("行政复议",),
    ),
    Statement(
        "行政复议", "行政复议",
        (re.compile(r"行政复议(?:案件|申请)?[^。；;，,\d、]{0,4}?" + _N + r"(?:件|起|宗|个)"),),
        (_REVIEW,),
        ("行政复议",),
    ),
    Statement(
        "行政诉讼", "行政诉讼",
        (re.compile(r"行政诉讼(?:案件)?[^。；;，,\d、]{0,4}?" + _N + r"(?:件|起|宗|个)"),),
        (_LITIGATION, _LITIGATION[:1], _LITIGATION[1:]),
        ("行政诉讼",),
    ),
    Statement(
        "现行有效行政规范性文件", "行政规范性文件",
        (re.compile(r"现行有效(?:的)?(?:行政)?规范性文件[^。；;，,\d]{0,4}?" + _N + r"件"),),
        (("t2.normative_documents.in_force",),),
        ("规范性文件",),
        "2021",
    ),
    Statement(
        "制发行政规范性文件", "行政规范性文件",
        (re.compile(r"制发(?:的)?(?:行政)?规范性文件[^。；;，,\d]{0,4}?" + _N + r"件"),),
        (("t2.normative_documents.issued",),),
        ("规范性文件",),
        "2021",
    ),
    Statement(
        "废止行政规范性文件", "行政规范性文件",
        (re.compile(r"(?<!宣布)废止(?:的)?(?:行政)?规范性文件[^。；;，,\d]{0,4}?" + _N + r"件"),),
        (("t2.normative_documents.repealed",),),
        ("规范性文件",),
        "2021",
    ),
)


# Every statement's words, found where they overlap too ("新收到" holds 新收 and 收到).
_WORDS = re.compile("(?=({}))".format("|".join(sorted({re.escape(w) for s in STATEMENTS for w in s.words},
                                                        key=len, reverse=True))))


def subject_of(sentence: str, start: int, end: int) -> str | None:
    """The subject of the figure at ``sentence[start:end]``; None where the sentence names none."""
    after = _SUBJECT.match(sentence, _UNIT.match(sentence, end).end())  # type: ignore[union-attr]
    if after is not None:
        return _name(after)
    named = list(_SUBJECT.finditer(sentence, 0, start))
    return _name(named[-1]) if named else None


def _name(match: re.Match[str]) -> str:
    return SUBJECTS[int((match.lastgroup or "s0")[1:])][0]


def sentences(text: str) -> Iterator[str]:
    for part in re.split(r"[。；;\n]", text):
        if part.strip():
            yield part.strip()


def number(text: str) -> int:
    return int(text.replace(",", "").replace("，", ""))


def statements(text: str, template: str | None = None) -> Iterator[Stated]:
    """Every figure the prose states, once per statement kind and value, sentence by sentence."""
    seen: set[tuple[str, int]] = set()
    for sentence in sentences(text):
        if not _DIGIT.search(sentence):
            continue  # most prose states no figure at all
        words = set(_WORDS.findall(sentence))
        if not words:
            continue
        for statement in STATEMENTS:
            if template is not None and statement.template not in (None, template):
                continue
            if words.isdisjoint(statement.words):
                continue
            for pattern in statement.patterns:
                for m in pattern.finditer(sentence):
                    subject = subject_of(sentence, m.start(1), m.end(1))
                    if subject not in (None, statement.subject):
                        continue
                    value = number(m.group(1))
                    if (statement.name, value) not in seen:
                        seen.add((statement.name, value))
                        yield Stated(statement, value, sentence)


def quote(sentence: str) -> str:
    """A sentence short enough to quote in a finding."""
    return sentence if len(sentence) <= 60 else sentence[:57] + "…"
