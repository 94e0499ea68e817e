"""Demonstration material for signed PDFs: the personal and agency-seal certificates of the demo
PKI, generated signature and seal images, and the plan's PDF signed by the signer and then by
the agency seal.

Everything here is FICTIONAL (names marked "DEMO", made-up identifiers); the document facts of
Kế hoạch 4547/KH-UBND are those of :mod:`vn_egov.edoc.demo`.

>>> from vn_egov.signature.certificates import identity_of
>>> from vn_egov.signature.pdf.roles import role_of
>>> from vn_egov.signature.pki import make_demo_pki
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> material = signing_material(pki)
>>> [role_of(identity_of(cert)).value for cert in (material.person[1], material.seal[1])]
['personal', 'agency_seal']
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from vn_egov.edoc.models import DocumentPackage
from vn_egov.signature.certificates import PrivateKey
from vn_egov.signature.pdf.appearance import VisibleSignature, font_path
from vn_egov.signature.pdf.document import AgencyDocument
from vn_egov.signature.pki import DEMO_P12_PASSWORD, DemoPKI

__all__ = [
    "SigningMaterial",
    "plan_document",
    "seal_image",
    "sign_plan_attachment",
    "signature_image",
    "signed_plan_pdf",
    "signing_material",
    "write_signing_material",
]

#: The competent person (fictional certificate; the name is the plan's signer).
DEMO_PERSON_SUBJECT: Final = (
    "CN=Lê Khắc Nam (DEMO),T=Phó Chủ tịch,O=UBND thành phố Hải Phòng (DEMO),L=Hải Phòng,"
    "ST=Hải Phòng,C=VN,UID=CCCD:031000000010")
#: The agency seal certificate: organisation only, tax code (fictional).
DEMO_SEAL_SUBJECT: Final = (
    "CN=UBND thành phố Hải Phòng (DEMO),O=UBND thành phố Hải Phòng (DEMO),L=Hải Phòng,"
    "ST=Hải Phòng,C=VN,UID=MST:0200000000")
_AGENCY: Final = "UBND thành phố Hải Phòng"

Pair = tuple[PrivateKey, x509.Certificate]


@dataclass(frozen=True)
class SigningMaterial:
    """The two signers of an agency document, issued by the demo PKI's issuing CA."""

    pki: DemoPKI
    person: Pair
    seal: Pair

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """The issuing CA (the root is the trust anchor)."""
        return (self.pki.issuing,)


def signing_material(pki: DemoPKI) -> SigningMaterial:
    """A personal and an agency-seal certificate from *pki*'s issuing CA."""
    return SigningMaterial(pki, pki.issue(DEMO_PERSON_SUBJECT), pki.issue(DEMO_SEAL_SUBJECT))


def write_signing_material(material: SigningMaterial, directory: str | Path) -> list[Path]:
    """Write ``person-key.pem``, ``person-cert.pem``, ``person.p12``, ``seal-key.pem``,
    ``seal-cert.pem`` and ``seal.p12`` (password ``DEMO_P12_PASSWORD``; keys unencrypted:
    demo material only)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (key, cert) in (("person", material.person), ("seal", material.seal)):
        files = {
            f"{name}-key.pem": key.private_bytes(serialization.Encoding.PEM,
                                                 serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()),
            f"{name}-cert.pem": cert.public_bytes(serialization.Encoding.PEM),
            f"{name}.p12": pkcs12.serialize_key_and_certificates(
                f"demo-{name}".encode(), key, cert, list(material.chain),
                serialization.BestAvailableEncryption(DEMO_P12_PASSWORD)),
        }
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
            written.append(folder / file_name)
    return written


def plan_document() -> AgencyDocument:
    """Kế hoạch 4547/KH-UBND as a one-page document (summary text, marked as a demo)."""
    from vn_egov.edoc.demo import PROMULGATION_DATE, SUBJECT

    return AgencyDocument(
        parent="", agency="Ủy ban nhân dân thành phố Hải Phòng", number="4547/KH-UBND",
        place="Hải Phòng", date=PROMULGATION_DATE, kind="Kế hoạch", subject=SUBJECT,
        paragraphs=(
            "Thực hiện Nghị quyết số 36a/NQ-CP ngày 14/10/2015 của Chính phủ về Chính phủ "
            "điện tử, Ủy ban nhân dân thành phố ban hành Kế hoạch ứng dụng công nghệ thông "
            "tin trong hoạt động của cơ quan nhà nước thành phố giai đoạn 2016-2020.",
            "Mục tiêu: các sở, ban, ngành, quận, huyện trao đổi văn bản điện tử có ký số; "
            "cung cấp dịch vụ công trực tuyến mức độ 3, 4; theo dõi hồ sơ một cửa từ khi "
            "tiếp nhận đến khi trả kết quả.",
            "Các cơ quan, đơn vị căn cứ Kế hoạch này xây dựng kế hoạch chi tiết của đơn vị "
            "và báo cáo kết quả thực hiện về Sở Thông tin và Truyền thông.",
        ),
        competence=("TM. Ủy ban nhân dân", "KT. Chủ tịch"), position="Phó Chủ tịch",
        signer="Lê Khắc Nam",
        recipients=("Thường trực Thành ủy, HĐND thành phố", "Các sở, ban, ngành thành phố",
                    "UBND các quận, huyện", "Lưu: VT"),
        note="Bản trình diễn do vn_egov tạo (DEMO): nội dung tóm tắt, chữ ký số thử nghiệm.")


def signature_image(width: int = 360, height: int = 160) -> bytes:
    """A handwritten-looking signature in blue on a transparent background (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + t * 3.1, height / 2 + 38 * math.sin(t / 7.0) * math.cos(t / 23.0)
               - 0.15 * t) for t in range(100)]
    draw.line(points, fill=(20, 40, 170, 255), width=5, joint="curve")
    draw.line([(60, height - 35), (width - 40, height - 55)], fill=(20, 40, 170, 255), width=4)
    return _png(image)


def seal_image(agency: str = _AGENCY, size: int = 400) -> bytes:
    """A round red seal with *agency* written along its rim and a star (PNG, transparent)."""
    from PIL import Image, ImageDraw, ImageFont

    red = (200, 20, 20, 235)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2
    for radius, line in ((centre - 6, 10), (centre - 62, 4)):
        draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius),
                     outline=red, width=line)
    star = [(centre + (55 if i % 2 == 0 else 22) * math.sin(i * math.pi / 5),
             centre - (55 if i % 2 == 0 else 22) * math.cos(i * math.pi / 5))
            for i in range(10)]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(font_path("sans"), 30)
    text = agency.upper()
    radius = centre - 36
    span = math.radians(300)
    for index, char in enumerate(text):
        angle = -span / 2 + span * (index + 0.5) / len(text)
        glyph = Image.new("RGBA", (40, 44), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((20, 22), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(angle) - 20
        y = centre - radius * math.cos(angle) - 22
        image.alpha_composite(glyph, (int(x), int(y)))
    return _png(image)


def _png(image: object) -> bytes:
    output = io.BytesIO()
    image.save(output, format="PNG")  # type: ignore[attr-defined]
    return output.getvalue()


def signed_plan_pdf(material: SigningMaterial, *,
                    signing_time: dt.datetime | None = None) -> bytes:
    """The plan's PDF signed visibly by the competent person, then by the agency seal (whose
    image covers the left third of the person's signature, with the agency name and time)."""
    from vn_egov.signature.pdf.sign import PdfSigner

    moment = signing_time or dt.datetime.now(dt.UTC)
    person = PdfSigner.from_key(material.person[0], (material.person[1], *material.chain))
    seal = PdfSigner.from_key(material.seal[0], (material.seal[1], *material.chain))
    signed = person.sign(plan_document().to_pdf(), signing_time=moment,
                         visible=VisibleSignature(image=signature_image()),
                         reason="Ký ban hành", location="Hải Phòng")
    return seal.sign(signed, signing_time=moment + dt.timedelta(minutes=1),
                     visible=VisibleSignature(image=seal_image()), agency_name=_AGENCY,
                     reason="Đóng dấu phát hành", location="Hải Phòng")


def sign_plan_attachment(package: DocumentPackage, material: SigningMaterial) -> DocumentPackage:
    """*package* (the demo plan) with its PDF attachment replaced by :func:`signed_plan_pdf`."""
    signed = signed_plan_pdf(material)
    attachments = [attachment.model_copy(update={"data": signed})
                   if (attachment.name or "").lower().endswith(".pdf") else attachment
                   for attachment in package.attachments]
    return package.model_copy(update={"attachments": attachments})
