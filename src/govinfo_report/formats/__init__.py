"""The official report layouts as data."""

from .official import FORMAT_2019, FORMAT_2021, FORMATS, get_format
from .spec import Block, Column, FormatSpec, Kind, Row, SectionSpec

__all__ = ["FORMATS", "FORMAT_2019", "FORMAT_2021", "Block", "Column", "FormatSpec", "Kind", "Row",
           "SectionSpec", "get_format"]
