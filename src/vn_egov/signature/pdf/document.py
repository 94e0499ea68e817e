"""A one-page administrative document as a real PDF, laid out after NĐ 30/2020/NĐ-CP Phụ lục I.

Written with pyHanko's own PDF writer and the shipped DejaVu fonts (Latin and Vietnamese
subsets, embedded again as subsets): Vietnamese text is real text (searchable, copyable), not
an image. The layout follows the paper format: the issuing agency top left, the national motto
top right, number and notation, place and date, the kind and summary of the document, the body,
the signature block (competence, position, space for the signature image, name) on the right
and the recipients on the left. The space left for the signature is where
:func:`~vn_egov.signature.pdf.appearance.default_box` puts the signer's image.

>>> pdf = AgencyDocument(agency="ỦY BAN NHÂN DÂN", parent="", number="1/KH-UBND",
...                      place="Hải Phòng", date=__import__("datetime").date(2025, 1, 2),
...                      kind="KẾ HOẠCH", subject="Thử nghiệm", paragraphs=("Nội dung.",),
...                      signer="Nguyễn Văn A").to_pdf()
>>> pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
True
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from vn_egov.signature.pdf.appearance import font_path

__all__ = ["A4", "AgencyDocument"]

#: A4 in points.
A4: Final = (595.0, 842.0)
_LEFT, _RIGHT = 85.0, 510.0  # margins of about 30 mm and 30 mm (NĐ 30/2020: 30-35 and 15-20)
_MOTTO: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class AgencyDocument:
    """The parts of a one-page agency document (all text as it is printed)."""

    agency: str
    parent: str
    number: str
    place: str
    date: dt.date
    kind: str
    subject: str
    paragraphs: Sequence[str]
    signer: str
    competence: Sequence[str] = ()
    position: str = ""
    recipients: Sequence[str] = ()
    note: str = ""

    def to_pdf(self) -> bytes:
        """The document as PDF bytes (deterministic for the same content)."""
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

        writer = PdfFileWriter(stream_xrefs=False)
        page = _Page(writer)
        self._draw(page)
        resources = generic.DictionaryObject({generic.pdf_name("/Font"): page.font_resources()})
        content = generic.StreamObject(stream_data=page.content())
        writer.insert_page(PageObject(contents=writer.add_object(content),
                                      media_box=generic.ArrayObject(
                                          [generic.NumberObject(0), generic.NumberObject(0),
                                           generic.NumberObject(int(A4[0])),
                                           generic.NumberObject(int(A4[1]))]),
                                      resources=resources))
        page.finish()
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    def _draw(self, page: _Page) -> None:
        top = A4[1] - 60
        left_middle, right_middle = 165.0, 412.0
        y_left = top
        if self.parent:
            page.centred(self.parent.upper(), left_middle, y_left, 11)
            y_left -= 14
        for line in page.wrap(self.agency.upper(), 11, 190, bold=True):
            page.centred(line, left_middle, y_left, 11, bold=True)
            y_left -= 14
        page.centred(f"Số: {self.number}", left_middle, top - 48, 12)
        page.centred(_MOTTO[0], right_middle, top, 11, bold=True)
        page.centred(_MOTTO[1], right_middle, top - 14, 12, bold=True)
        page.centred(f"{self.place}, ngày {self.date.day:02d} tháng {self.date.month:02d} "
                     f"năm {self.date.year}", right_middle, top - 48, 12)
        y = top - 85
        page.centred(self.kind.upper(), A4[0] / 2, y, 14, bold=True)
        for line in page.wrap(self.subject, 13, _RIGHT - _LEFT - 60, bold=True):
            y -= 17
            page.centred(line, A4[0] / 2, y, 13, bold=True)
        y -= 28
        for paragraph in self.paragraphs:
            for number, line in enumerate(page.wrap(paragraph, 13, _RIGHT - _LEFT - 28)):
                page.text(line, _LEFT + (28 if number == 0 else 0), y, 13)
                y -= 18
            y -= 6
        block_x = 420.0
        block_y = 290.0
        for line in self.competence:
            page.centred(line.upper(), block_x, block_y, 12, bold=True)
            block_y -= 15
        if self.position:
            page.centred(self.position.upper(), block_x, block_y, 12, bold=True)
        page.centred(self.signer, block_x, 100, 13, bold=True)
        if self.recipients:
            page.text("Nơi nhận:", _LEFT, 290, 11, bold=True)
            for number, recipient in enumerate(self.recipients):
                page.text(f"- {recipient};", _LEFT, 276 - 12 * number, 10)
        if self.note:
            for number, line in enumerate(page.wrap(self.note, 8, _RIGHT - _LEFT)):
                page.text(line, _LEFT, 50 - 10 * number, 8)


class _Page:
    """Text drawing on one page with the shipped fonts (regular and bold serif)."""

    def __init__(self, writer: Any) -> None:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

        self._engines = {
            bold: GlyphAccumulatorFactory(font_path("serif-bold" if bold else "serif"))
            .create_font_engine(writer) for bold in (False, True)}
        self._names = {False: "/F1", True: "/F2"}
        self._ops: list[bytes] = []

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        return float(self._engines[bold].shape(text, with_actual_text=False).x_advance) * size

    def text(self, text: str, x: float, y: float, size: float, *, bold: bool = False) -> None:
        ops = self._engines[bold].shape(text).graphics_ops
        self._ops.append(b"BT %s %g Tf %.2f %.2f Td %s ET" % (
            self._names[bold].encode(), size, x, y, ops))

    def centred(self, text: str, middle: float, y: float, size: float, *,
                bold: bool = False) -> None:
        self.text(text, middle - self.width(text, size, bold=bold) / 2, y, size, bold=bold)

    def wrap(self, text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.width(candidate, size, bold=bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def content(self) -> bytes:
        return b"\n".join(self._ops)

    def font_resources(self) -> Any:
        from pyhanko.pdf_utils import generic

        return generic.DictionaryObject({generic.pdf_name(self._names[bold]): engine.as_resource()
                                         for bold, engine in self._engines.items()})

    def finish(self) -> None:
        for engine in self._engines.values():
            engine.prepare_write()
