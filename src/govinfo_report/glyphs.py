"""Characters that look alike: radical code points in PDF text layers, and OCR look-alikes.

A CJK font draws 人 and the Kangxi radical ⼈ (U+2F08) with one glyph, so a PDF's ToUnicode
map may name the radical where the author typed the ideograph: ⼈⺠ for 人民, ⻔⼾⽹站 for
门户网站. Text compared, searched or shown must carry the ideograph a reader means. Unicode's
compatibility decompositions give it for the Kangxi block, except where they name a
traditional or variant form a simplified text does not mean (⼾ → 戶 where 户 is meant); the
CJK Radicals Supplement mostly has no decomposition at all (⺠ is 民, ⻔ is 门). The table is
built from the decompositions, then corrected by :data:`SIMPLIFIED_OVERRIDES`.

OCR and glyph-mapping slips replace a character by one that differs by a stroke or a dot
(沭 read as 沐). :data:`LOOK_ALIKES` groups such characters, so that a name which does not
exist can be folded to the one that does only where the slip is a plausible misreading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Kangxi Radicals and CJK Radicals Supplement, as Unicode assigns them.
RADICAL_BLOCKS = ((0x2F00, 0x2FD5), (0x2E80, 0x2EF3))

# What each radical means in simplified Chinese text where its compatibility decomposition
# is missing or names another form. Components that stand only inside a character (⺅, ⺡)
# map to their unified component ideographs (亻, 氵).
SIMPLIFIED_OVERRIDES: Mapping[str, str] = {
    # Kangxi radicals whose decomposition is the traditional or variant form.
    "\u2f3e": "户",  # ⼾ DOOR: decomposes to 戶
    "\u2fad": "青",  # ⾭ BLUE: decomposes to the variant 靑
    # CJK Radicals Supplement: no decomposition.
    "\u2e81": "厂",  # ⺁ CLIFF
    "\u2e85": "亻",  # ⺅ PERSON
    "\u2e8c": "小",  # ⺌ SMALL ONE
    "\u2e96": "忄",  # ⺖ HEART ONE
    "\u2e97": "心",  # ⺗ HEART TWO
    "\u2e98": "扌",  # ⺘ HAND
    "\u2e99": "攵",  # ⺙ RAP
    "\u2ea0": "民",  # ⺠ CIVILIAN
    "\u2ea1": "氵",  # ⺡ WATER ONE
    "\u2ea3": "灬",  # ⺣ FIRE
    "\u2ea8": "犭",  # ⺨ DOG
    "\u2ea9": "王",  # ⺩ JADE
    "\u2eab": "罒",  # ⺫ EYE
    "\u2ead": "礻",  # ⺭ SPIRIT TWO
    "\u2eaf": "糸",  # ⺯ SILK
    "\u2eb0": "纟",  # ⺰ C-SIMPLIFIED SILK
    "\u2eb2": "罒",  # ⺲ NET TWO
    "\u2eb9": "耂",  # ⺹ OLD
    "\u2ebc": "月",  # ⺼ MEAT
    "\u2ebe": "艹",  # ⺾ GRASS ONE
    "\u2ec1": "虎",  # ⻁ TIGER
    "\u2ec2": "衤",  # ⻂ CLOTHES
    "\u2ec4": "西",  # ⻄ WEST TWO
    "\u2ec5": "见",  # ⻅ C-SIMPLIFIED SEE
    "\u2ec6": "角",  # ⻆ SIMPLIFIED HORN
    "\u2ec8": "讠",  # ⻈ C-SIMPLIFIED SPEECH
    "\u2ec9": "贝",  # ⻉ C-SIMPLIFIED SHELL
    "\u2ecb": "车",  # ⻋ C-SIMPLIFIED CART
    "\u2ecc": "辶",  # ⻌ SIMPLIFIED WALK
    "\u2ecf": "阝",  # ⻏ CITY
    "\u2ed0": "钅",  # ⻐ C-SIMPLIFIED GOLD
    "\u2ed3": "长",  # ⻓ C-SIMPLIFIED LONG
    "\u2ed4": "门",  # ⻔ C-SIMPLIFIED GATE
    "\u2ed6": "阝",  # ⻖ MOUND TWO
    "\u2ed8": "青",  # ⻘ BLUE
    "\u2ed9": "韦",  # ⻙ C-SIMPLIFIED TANNED LEATHER
    "\u2eda": "页",  # ⻚ C-SIMPLIFIED LEAF
    "\u2edb": "风",  # ⻛ C-SIMPLIFIED WIND
    "\u2edc": "飞",  # ⻜ C-SIMPLIFIED FLY
    "\u2edd": "食",  # ⻝ EAT ONE
    "\u2ee0": "饣",  # ⻠ C-SIMPLIFIED EAT
    "\u2ee1": "首",  # ⻡ HEAD
    "\u2ee2": "马",  # ⻢ C-SIMPLIFIED HORSE
    "\u2ee3": "骨",  # ⻣ BONE
    "\u2ee4": "鬼",  # ⻤ GHOST
    "\u2ee5": "鱼",  # ⻥ C-SIMPLIFIED FISH
    "\u2ee6": "鸟",  # ⻦ C-SIMPLIFIED BIRD
    "\u2ee7": "卤",  # ⻧ C-SIMPLIFIED SALT
    "\u2ee8": "麦",  # ⻨ SIMPLIFIED WHEAT
    "\u2ee9": "黄",  # ⻩ SIMPLIFIED YELLOW
    "\u2eea": "黾",  # ⻪ C-SIMPLIFIED FROG
    "\u2eec": "齐",  # ⻬ C-SIMPLIFIED EVEN
    "\u2eee": "齿",  # ⻮ C-SIMPLIFIED TOOTH
    "\u2ef0": "龙",  # ⻰ C-SIMPLIFIED DRAGON
}


def is_unified_ideograph(char: str) -> bool:
    """A CJK Unified Ideograph (the basic block or Extension A)."""
    return len(char) == 1 and (0x4E00 <= ord(char) <= 0x9FFF or 0x3400 <= ord(char) <= 0x4DBF)


def _radical_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for first, last in RADICAL_BLOCKS:
        for code in range(first, last + 1):
            decomposed = unicodedata.normalize("NFKC", chr(code))
            if is_unified_ideograph(decomposed):
                table[code] = decomposed
    table.update({ord(k): v for k, v in SIMPLIFIED_OVERRIDES.items()})
    return table


RADICALS: Mapping[int, str] = _radical_table()
_FIRST_RADICAL = min(first for first, _ in RADICAL_BLOCKS)
_LAST_RADICAL = max(last for _, last in RADICAL_BLOCKS)


_ANY_RADICAL = re.compile(f"[{chr(_FIRST_RADICAL)}-{chr(_LAST_RADICAL)}]")


def has_radicals(text: str) -> bool:
    """Whether :func:`fold_radicals` would change ``text``'s radical code points, if any."""
    return _ANY_RADICAL.search(text) is not None


def fold_radicals(text: str) -> str:
    """``text`` with every radical code point replaced by the ideograph it stands for."""
    if not has_radicals(text):  # the common case, decided without a Python loop
        return text
    return text.translate(RADICALS)


# Characters OCR and glyph mapping mistake for one another: each string is one group.
LOOK_ALIKE_GROUPS: tuple[str, ...] = (
    "沭沐", "木术本未末", "己已巳", "土士", "戊戌戍", "日曰", "人入八", "大太犬", "天夭",
    "干千于", "刀力", "王玉主壬", "候侯", "崇祟", "汩汨", "淅浙", "泊洎", "栗粟", "毫亳",
    "杨扬", "拔拨", "徽微", "鸟乌", "兔免", "冶治", "邪那", "荥荣", "郏郊", "茌荏", "睢雎",
    "涞涑", "泌沁",
)


def _look_alikes(groups: Iterable[str]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in groups:
        for char in group:
            out.setdefault(char, set()).update(c for c in group if c != char)
    return {char: frozenset(others) for char, others in out.items()}


LOOK_ALIKES: Mapping[str, frozenset[str]] = _look_alikes(LOOK_ALIKE_GROUPS)


def look_alike(a: str, b: str) -> bool:
    """Whether one character is a known misreading of the other."""
    return b in LOOK_ALIKES.get(a, frozenset())
