"""Administrative document types and their abbreviations (NĐ 30/2020/NĐ-CP, công tác văn thư).

The 29 types of Điều 7, in that order, with the official abbreviations of Phụ lục III, plus the
three copy forms of the same table (bản sao y ``SY``, bản trích sao ``TrS``, bản sao lục ``SL``).
Casing is exact and significant (``QyĐ``, ``CTr``, ``TTr``, ``TrS``); ``Đ`` is U+0110 and is never
folded to ``D`` (``HĐ`` hợp đồng vs ``HD`` hướng dẫn). Công văn and thư công have **no**
abbreviation (``CV`` and ``TCG`` seen in the wild are not official).

>>> DocType.QUY_DINH.abbreviation
'QyĐ'
>>> from_abbreviation("HĐ").vietnamese_name, from_abbreviation("HD").vietnamese_name
('Hợp đồng', 'Hướng dẫn')
>>> from_abbreviation("CV") is None
True
"""

from __future__ import annotations

from enum import Enum

__all__ = ["ABBREVIATIONS", "DocType", "from_abbreviation", "from_abbreviation_casefold"]


class DocType(Enum):
    """A document type of NĐ 30/2020 Điều 7, or a copy form of Phụ lục III.

    ``article_7_number`` is the position in the Điều 7 list (not a code; ``None`` for copies).

    >>> DocType.TO_TRINH.abbreviation, DocType.TO_TRINH.article_7_number
    ('TTr', 16)
    >>> DocType.CONG_VAN.abbreviation is None, DocType.BAN_SAO_Y.is_copy
    (True, True)
    """

    NGHI_QUYET = ("Nghị quyết", "NQ", 1)
    QUYET_DINH = ("Quyết định", "QĐ", 2)
    CHI_THI = ("Chỉ thị", "CT", 3)
    QUY_CHE = ("Quy chế", "QC", 4)
    QUY_DINH = ("Quy định", "QyĐ", 5)
    THONG_CAO = ("Thông cáo", "TC", 6)
    THONG_BAO = ("Thông báo", "TB", 7)
    HUONG_DAN = ("Hướng dẫn", "HD", 8)
    CHUONG_TRINH = ("Chương trình", "CTr", 9)
    KE_HOACH = ("Kế hoạch", "KH", 10)
    PHUONG_AN = ("Phương án", "PA", 11)
    DE_AN = ("Đề án", "ĐA", 12)
    DU_AN = ("Dự án", "DA", 13)
    BAO_CAO = ("Báo cáo", "BC", 14)
    BIEN_BAN = ("Biên bản", "BB", 15)
    TO_TRINH = ("Tờ trình", "TTr", 16)
    HOP_DONG = ("Hợp đồng", "HĐ", 17)
    CONG_VAN = ("Công văn", None, 18)
    CONG_DIEN = ("Công điện", "CĐ", 19)
    BAN_GHI_NHO = ("Bản ghi nhớ", "BGN", 20)
    BAN_THOA_THUAN = ("Bản thỏa thuận", "BTT", 21)
    GIAY_UY_QUYEN = ("Giấy ủy quyền", "GUQ", 22)
    GIAY_MOI = ("Giấy mời", "GM", 23)
    GIAY_GIOI_THIEU = ("Giấy giới thiệu", "GGT", 24)
    GIAY_NGHI_PHEP = ("Giấy nghỉ phép", "GNP", 25)
    PHIEU_GUI = ("Phiếu gửi", "PG", 26)
    PHIEU_CHUYEN = ("Phiếu chuyển", "PC", 27)
    PHIEU_BAO = ("Phiếu báo", "PB", 28)
    THU_CONG = ("Thư công", None, 29)
    BAN_SAO_Y = ("Bản sao y", "SY", None)
    BAN_TRICH_SAO = ("Bản trích sao", "TrS", None)
    BAN_SAO_LUC = ("Bản sao lục", "SL", None)

    def __init__(self, vietnamese_name: str, abbreviation: str | None,
                 article_7_number: int | None) -> None:
        self.vietnamese_name = vietnamese_name
        self.abbreviation = abbreviation
        self.article_7_number = article_7_number

    @property
    def is_copy(self) -> bool:
        """True for the copy forms SY, TrS and SL."""
        return self.article_7_number is None


ABBREVIATIONS: dict[str, DocType] = {
    t.abbreviation: t for t in DocType if t.abbreviation is not None
}
"""Official abbreviation (exact casing) -> type: 27 types and 3 copy forms."""

_BY_CASEFOLD: dict[str, DocType] = {abbr.casefold(): t for abbr, t in ABBREVIATIONS.items()}


def from_abbreviation(text: str) -> DocType | None:
    """The type whose official abbreviation is exactly *text* (case-sensitive), else ``None``.

    >>> from_abbreviation("TTr"), from_abbreviation("TTR")
    (<DocType.TO_TRINH: ('Tờ trình', 'TTr', 16)>, None)
    """
    return ABBREVIATIONS.get(text)


def from_abbreviation_casefold(text: str) -> DocType | None:
    """Case-insensitive fallback (``QYĐ`` -> Quy định). Callers must report that it was used.

    Casefolding the 30 abbreviations causes no collisions; ``Đ`` still differs from ``D``.

    >>> from_abbreviation_casefold("QYĐ"), from_abbreviation_casefold("hd")
    (<DocType.QUY_DINH: ('Quy định', 'QyĐ', 5)>, <DocType.HUONG_DAN: ('Hướng dẫn', 'HD', 8)>)
    """
    return _BY_CASEFOLD.get(text.casefold())
