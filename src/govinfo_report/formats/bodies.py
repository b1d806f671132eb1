"""How the name of a reporting body is written: the words a body's name ends with, and the
spellings of one body that mean the same.

Only a name that ends like a body is taken as the agency from a signature line, document
metadata or a bare heading: a metadata /Author is as often a clerk's name as a body's.
"""

from __future__ import annotations

# A name ends with one of these (longest first, so 人民政府 is seen before 政府).
BODY_ENDINGS: tuple[str, ...] = (
    "街道办事处", "管理委员会", "人民政府", "办事处", "委员会", "管委会", "办公厅", "办公室",
    "检察院", "政府", "法院", "中心", "委", "局", "厅", "部", "署", "院", "办", "处", "所",
    "站", "队", "会", "馆", "镇", "乡", "街道", "区", "县", "市", "省", "旗", "州", "盟",
)

# One body, several spellings: each is replaced by the first form on normalising a name.
BODY_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("管委会", "管理委员会"),
    ("街道办事处", "街道办"),
)

# The government of a division: its full name, and the short one that means the same.
GOVERNMENT: tuple[str, str] = ("人民政府", "政府")
