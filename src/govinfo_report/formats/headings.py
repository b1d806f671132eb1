"""Section headings that reports word freely around a fixed subject.

Section 五 names the problems and then whatever the body does about them: 改进情况,
改进措施, 明年工作计划, 下一步工作打算 … Listing each wording would never end; the family
says what such a heading is made of (an optional scope, the subject, a joining word and a
short tail ending in a plan-like word), so every member is recognised by one rule.
"""

from __future__ import annotations

import re
from functools import cached_property

import attrs


@attrs.frozen
class HeadingFamily:
    key: str
    subjects: tuple[str, ...]
    scopes: tuple[str, ...] = ()
    joins: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    # At most this many characters between the joining word and the ending word.
    max_tail: int = 12

    @cached_property
    def _parts(self) -> tuple[str, str]:
        def alt(words: tuple[str, ...]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        head = f"(?:{alt(self.scopes)})?(?:{alt(self.subjects)})" if self.scopes else f"(?:{alt(self.subjects)})"
        tail = f"(?:{alt(self.joins)})[^,.;:，。；：]{{0,{self.max_tail}}}?(?:{alt(self.endings)})"
        return head, tail

    @cached_property
    def _whole(self) -> re.Pattern[str]:
        head, tail = self._parts
        return re.compile(f"{head}{tail}")

    @cached_property
    def _opening(self) -> re.Pattern[str]:
        head, tail = self._parts
        return re.compile(f"{head}(?:{tail})?(?=$|[,.;:，。；：])")

    def names(self, core: str) -> bool:
        """Whether ``core`` (a heading without its numbering) is a member of the family."""
        return self._whole.fullmatch(core) is not None

    def opens(self, core: str) -> bool:
        """Whether ``core`` begins with the subject, alone or with its tail, then ends or
        runs into a sentence: said of a heading numbered as the section, where that is enough."""
        return self._opening.match(core) is not None


FAMILIES = (
    HeadingFamily(
        "problems",
        subjects=("存在的主要问题", "存在主要问题", "存在的问题", "存在问题", "主要问题", "存在的不足", "存在不足"),
        scopes=("政府信息公开工作", "政府信息公开", "政务公开工作", "政务公开"),
        joins=("以及", "及", "和", "与"),
        endings=("情况", "措施", "计划", "打算", "安排", "举措", "方向", "思路", "设想", "方案"),
    ),
)
