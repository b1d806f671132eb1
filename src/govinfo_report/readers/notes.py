"""What readers note about a file they could read only in part, as catalogue messages.

Each note becomes an uncertain-reading finding; kept as a template and its values, it is told
in Chinese or English like every other finding. Plugins that read fixed-layout pages (OCR of
scans) note what they did in the same words.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_
from ..layout import Note

__all__ = ["damaged_characters", "images_only", "read_by_ocr", "truncated", "unmapped_glyphs"]


def unmapped_glyphs(count: int) -> Note:
    return Note(N_("{count} 个字符无法映射为 Unicode（字体缺少 ToUnicode 映射表），显示为 U+FFFD"), {"count": count})


def images_only(pages: list[int]) -> Note:
    return Note(N_("第 {pages} 页只有图像（可能是扫描件），其中的文字未读出"), {"pages": pages})


def truncated() -> Note:
    return Note(N_("文件末尾没有 PDF 的结束标记 EOF（文件可能不完整），已读出能解析的部分"))


def damaged_characters(count: int, encoding: str, offset: int) -> Note:
    """``offset``: where the first damaged byte stands, counted from 0 as a program counts."""
    return Note(N_("{count} 个字符已损坏，无法按 {encoding} 解码（第一个位于字节偏移 {offset} 处）；"
                   "显示为 U+FFFD，该处内容未读出"),
                {"count": count, "encoding": encoding, "offset": offset})


def read_by_ocr(pages: list[int], turns: list[tuple[int, float]]) -> Note:
    """Pages read from images by OCR; ``turns``: each page turned level, with the angle in degrees."""
    if not turns:
        return Note(N_("第 {pages} 页由图像经文字识别（OCR）读出"), {"pages": pages})
    levelled: list[dict[str, Any]] = [
        {"template": N_("第 {page} 页 {angle}"), "args": {"page": page, "angle": f"{angle:+.2f}°"}}
        for page, angle in turns]
    return Note(N_("第 {pages} 页由图像经文字识别（OCR）读出，并校正了倾斜：{turns}"),
                {"pages": pages, "turns": levelled})
