"""Built-in example data: Hải Phòng's IT plan for 2016-2020 (Kế hoạch số 4547/KH-UBND).

The document facts (number, notation, date, subject, signer) are those of the real plan. The
agency identifiers are **illustrative**: Hải Phòng's QCVN 102 code is not verified (H24 is only
only an alphabetical hypothesis), and the departments' lower levels are
invented. :data:`ILLUSTRATIVE_IDS` lists them so that every output can say so.

>>> package = plan_package()
>>> package.header.document_id
'000.00.00.H24,2015/12/25,4547/KH-UBND'
>>> package.attachments[0].data[:8]
b'%PDF-1.4'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from vn_egov.edoc.attachments import attachment_from_bytes
from vn_egov.edoc.builders import new_document
from vn_egov.edoc.models import DocumentPackage, Organization, OtherInfo, SignerInfo, StaffInfo

__all__ = ["ILLUSTRATIVE_IDS", "SUBJECT", "minimal_pdf", "plan_package"]

CITY: Final = Organization(
    organ_id="000.00.00.H24", organization_in_charge="Thành phố Hải Phòng",
    organ_name="Ủy ban nhân dân thành phố Hải Phòng",
    organ_add="18 Hoàng Diệu, Hồng Bàng, Hải Phòng")
DEPARTMENTS: Final = (
    Organization(organ_id="000.00.01.H24", organization_in_charge="UBND thành phố Hải Phòng",
                 organ_name="Sở Thông tin và Truyền thông thành phố Hải Phòng"),
    Organization(organ_id="000.00.02.H24", organization_in_charge="UBND thành phố Hải Phòng",
                 organ_name="Sở Nội vụ thành phố Hải Phòng"),
    Organization(organ_id="000.00.03.H24", organization_in_charge="UBND thành phố Hải Phòng",
                 organ_name="Sở Tài chính thành phố Hải Phòng"),
    Organization(organ_id="000.00.04.H24", organization_in_charge="UBND thành phố Hải Phòng",
                 organ_name="Sở Kế hoạch và Đầu tư thành phố Hải Phòng"),
)
ILLUSTRATIVE_IDS: Final = (CITY.organ_id, *(d.organ_id for d in DEPARTMENTS))
SUBJECT: Final = ("Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước thành phố "
                  "Hải Phòng giai đoạn 2016-2020")
PROMULGATION_DATE: Final = date(2015, 12, 25)
SENT_AT: Final = datetime(2015, 12, 25, 16, 30, 0)


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing *text* (ASCII), with a correct cross-reference table.

    >>> minimal_pdf("x").startswith(b"%PDF-1.4") and minimal_pdf("x").endswith(b"%%EOF\\n")
    True
    """
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def plan_package() -> DocumentPackage:
    """The document package of Kế hoạch 4547/KH-UBND, deterministic (fixed timestamp)."""
    pdf = minimal_pdf("Ke hoach so 4547/KH-UBND ngay 25/12/2015 - UBND thanh pho Hai Phong")
    attachment = attachment_from_bytes(pdf, "4547-KH-UBND.pdf", content_id="kh-4547-ubnd",
                                       description="Kế hoạch số 4547/KH-UBND (bản điện tử)")
    return new_document(
        sender=CITY, recipients=list(DEPARTMENTS), number="4547", notation="KH-UBND",
        promulgation_date=PROMULGATION_DATE, place="Hải Phòng", subject=SUBJECT,
        type_name="Kế hoạch", document_type=1, steering_type=1,
        signer_info=SignerInfo(competence="TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
                               position="Phó Chủ tịch", full_name="Lê Khắc Nam"),
        to_places=["Thường trực Thành ủy, HĐND thành phố", "Các sở, ban, ngành thành phố",
                   "UBND các quận, huyện", "Lưu: VT"],
        other_info=OtherInfo(priority=0, promulgation_amount=1),
        staff=StaffInfo(department="Văn phòng UBND thành phố", staff="Văn thư"),
        attachments=[attachment], timestamp=SENT_AT)
