"""Visible signatures as NĐ 30/2020/NĐ-CP Phụ lục I describes them.

* The competent person's signature: the image of the handwritten signature (blue, transparent
  PNG), no text, at the place of the paper signature: by default the lower right of the last
  page, above the signer's name.
* The agency seal: the red seal image at its real size (transparent PNG) covering about the left
  third of the person's signature image, with the agency name and the signing time (date, time,
  Vietnam time zone, ISO 8601, e.g. ``2025-03-12T09:30:00+07:00``).
* A digitised paper document gets the agency seal at the top right of the first page.

The text of the decree is known here from secondary sources (medium to low confidence), so every
position is a default that callers can change (:class:`VisibleSignature`).

>>> box = default_box("personal", (595, 842))
>>> box
(330.0, 120.0, 510.0, 200.0)
>>> seal = default_box("agency_seal", (595, 842), signer_box=box)
>>> seal[2] - box[0]   # the seal's right edge covers a third of the signer's image
60.0
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.signature.pdf.result import Appearance

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import BaseStampStyle

__all__ = [
    "VisibleSignature",
    "default_box",
    "find_appearance",
    "font_path",
    "iso_time",
    "stamp_style",
]

Box = tuple[float, float, float, float]
Role = Literal["personal", "agency_seal"]

#: Vietnam time (UTC+07:00, no daylight saving time).
VIETNAM_TIME: Final = dt.timezone(dt.timedelta(hours=7), "ICT")
#: Side of the seal image in points: about 40 mm, the size of a round agency seal.
SEAL_SIZE: Final = 113.0
#: Width of the text block beside the seal, in points.
_TEXT_WIDTH: Final = 170.0
#: Default size of the person's signature image, in points (about 64 x 28 mm).
_SIGNER_SIZE: Final = (180.0, 80.0)
#: The fonts shipped with the package (DejaVu, Latin and Vietnamese subsets; see fonts/LICENSE).
FONT_FILES: Final = {"sans": "DejaVuSans-VN.ttf", "serif": "DejaVuSerif-VN.ttf",
                     "serif-bold": "DejaVuSerif-Bold-VN.ttf"}


def font_path(kind: str = "sans") -> str:
    """Path of a shipped font (``sans``, ``serif``, ``serif-bold``).

    >>> font_path("serif").endswith("DejaVuSerif-VN.ttf")
    True
    """
    return str(resources.files("vn_egov.signature.pdf") / "fonts" / FONT_FILES[kind])


def iso_time(moment: dt.datetime) -> str:
    """*moment* in Vietnam time, ISO 8601 with the ``+07:00`` offset, to the second.

    >>> iso_time(dt.datetime(2015, 12, 25, 9, 30, tzinfo=dt.UTC))
    '2015-12-25T16:30:00+07:00'
    """
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(VIETNAM_TIME).replace(microsecond=0).isoformat()


def default_box(role: Role, page_size: tuple[float, float], *, signer_box: Box | None = None,
                digitised: bool = False) -> Box:
    """Where NĐ 30/2020 puts a signature of *role* on a page of *page_size* (points).

    The person signs at the lower right (right margin 85 pt, 120 pt from the bottom); the seal
    (with its text block on its left) covers the left third of *signer_box* (default: the
    person's default place); a *digitised* document has the seal at the top right.
    """
    width, height = page_size
    if role == "personal":
        x2, y1 = width - 85.0, 120.0
        return (x2 - _SIGNER_SIZE[0], y1, x2, y1 + _SIGNER_SIZE[1])
    if digitised:
        x2, y2 = width - 30.0, height - 30.0
        return (x2 - SEAL_SIZE - _TEXT_WIDTH, y2 - SEAL_SIZE, x2, y2)
    sx1, sy1, sx2, sy2 = signer_box or default_box("personal", page_size)
    seal_right = sx1 + (sx2 - sx1) / 3
    middle = (sy1 + sy2) / 2
    return (seal_right - SEAL_SIZE - _TEXT_WIDTH, middle - SEAL_SIZE / 2, seal_right,
            middle + SEAL_SIZE / 2)


@dataclass(frozen=True)
class VisibleSignature:
    """How a signature is shown.

    * ``page``: 1-based page number; negative counts from the end (``-1``: the last page).
    * ``box``: ``(x1, y1, x2, y2)`` in points from the lower left corner; ``None``: the
      default place for the role (:func:`default_box`).
    * ``image``: PNG bytes or path: the handwritten signature (person) or the seal (agency).
    * ``text``: the text block; ``None``: none for a person, the agency name and the signing
      time for an agency seal. ``{time}`` in the text is replaced by the signing time.
    * ``digitised``: the document is a digitised paper document (seal at the top right of the
      first page).
    """

    page: int = -1
    box: Box | None = None
    image: bytes | str | Path | None = None
    text: str | None = None
    digitised: bool = False

    def image_bytes(self) -> bytes | None:
        """The PNG, read from disk when given as a path."""
        if self.image is None or isinstance(self.image, bytes):
            return self.image
        try:
            return Path(self.image).read_bytes()
        except OSError as exc:
            raise ConfigurationError(tr("cannot read the signature image: {error}",
                                        error=exc.strerror or exc),
                                     source=str(self.image)) from None


def stamp_style(role: Role, *, image: bytes | None, text: str | None) -> BaseStampStyle:
    """The pyHanko stamp style: the image alone (person), or the seal image on the right with
    the text block on its left (agency)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    background = None
    if image is not None:
        from PIL import Image, UnidentifiedImageError

        try:
            picture = Image.open(io.BytesIO(image))
            picture.load()
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise ConfigurationError(tr("the signature image is not a readable PNG or JPEG: "
                                        "{error}", error=exc)) from None
        background = PdfImage(picture)
    if not text:
        return StaticStampStyle(border_width=0, background=background, background_opacity=1.0)
    fit = layout.InnerScaling.SHRINK_TO_FIT
    return TextStampStyle(
        border_width=0, background=background, background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MID,
            inner_content_scaling=fit),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(right=int(SEAL_SIZE)), inner_content_scaling=fit),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font_path("sans")),
                                    font_size=9, text_color=(0.1, 0.1, 0.5)),
        stamp_text=text.replace("%", "%%"))


def find_appearance(reader: PdfFileReader, sig_field: Any) -> Appearance | None:
    """The page and rectangle of the signature field's widget (the field itself or its first
    kid)."""
    from pyhanko.pdf_utils import generic

    widget = sig_field.get_object()
    if "/Rect" not in widget:
        kids = widget.get("/Kids")
        if not kids:
            return None
        widget = kids[0].get_object()
    rect_values = [float(value) for value in widget["/Rect"]]
    if len(rect_values) != 4:
        return None
    rect = (rect_values[0], rect_values[1], rect_values[2], rect_values[3])
    page_ref = widget.raw_get("/P") if "/P" in widget else None
    pages = page_refs(reader)
    page = 0
    if isinstance(page_ref, generic.IndirectObject) and page_ref.reference in pages:
        page = pages.index(page_ref.reference) + 1
    else:
        for number, ref in enumerate(pages, start=1):
            annots = ref.get_object().get("/Annots") or ()
            if any(isinstance(item, generic.IndirectObject) and item.get_object() is widget
                   for item in annots):
                page = number
                break
    return Appearance(page, rect)


def page_refs(reader: PdfFileReader, limit: int = 100_000) -> list[Any]:
    """References of the page objects in document order. Iterative, each node visited once:
    loops and deep trees in hostile files cannot exhaust the stack."""
    from pyhanko.pdf_utils import generic

    found: list[Any] = []
    seen: set[Any] = set()
    stack = [iter(reader.root.raw_get("/Pages").get_object().get("/Kids") or ())]
    while stack and len(found) < limit:
        kid = next(stack[-1], None)
        if kid is None:
            stack.pop()
            continue
        if not isinstance(kid, generic.IndirectObject) or kid.reference in seen:
            continue
        seen.add(kid.reference)
        node = kid.get_object()
        if node.get("/Type") == "/Pages":
            stack.append(iter(node.get("/Kids") or ()))
        else:
            found.append(kid.reference)
    return found
