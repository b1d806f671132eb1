"""The official report layouts as data."""

from .official import FORMAT_2019, FORMAT_2021, FORMATS, format_for, get_format
from .spec import (
                   AcrossYears,
                   Block,
                   Column,
                   FormatSpec,
                   Group,
                   Kind,
                   Row,
                   SectionSpec,
                   Sum,
                   TableSpec,
                   Term,
                   cell_key,
                   cell_names,
                   official_label_parts,
                   official_labels,
)

__all__ = [
                   "FORMATS",
                   "FORMAT_2019",
                   "FORMAT_2021",
                   "AcrossYears",
                   "Block",
                   "Column",
                   "FormatSpec",
                   "Group",
                   "Kind",
                   "Row",
                   "SectionSpec",
                   "Sum",
                   "TableSpec",
                   "Term",
                   "cell_key",
                   "cell_names",
                   "format_for",
                   "get_format",
                   "official_label_parts",
                   "official_labels",
]
