"""Helpers of the hub tests: the connected systems and valid packages to exchange."""

from __future__ import annotations

from datetime import date, datetime

from vn_egov.edoc.builders import new_document
from vn_egov.edoc.models import Organization
from vn_egov.edoc.writer import write
from vn_egov.hub.server import parse_systems
from vn_egov.hub.server.config import Systems

CITY = "000.00.00.H24"
DEPT_1, DEPT_2, DEPT_3 = "000.00.01.H24", "000.00.02.H24", "000.00.03.H24"
SYSTEMS = {
    "vxp.hp.01": ("secret-city-01", [CITY]),
    "vxp.hp.02": ("secret-dept-02", [DEPT_1, DEPT_2]),
    "vxp.hp.03": ("secret-dept-03", [DEPT_3]),
}


def systems_config(extra: dict[str, tuple[str, list[str]]] | None = None) -> Systems:
    rows = [{"id": system_id, "secret": secret, "organ_ids": organs}
            for system_id, (secret, organs) in {**SYSTEMS, **(extra or {})}.items()]
    return parse_systems({"system": rows}, "systems.toml")


def document_bytes(*, sender: str = CITY, recipients: tuple[str, ...] = (DEPT_1,),
                   number: int = 1, subject: str = "Kế hoạch ứng dụng công nghệ thông tin",
                   attachment: bytes | None = None) -> bytes:
    """A valid document package; *number* makes its bytes distinct."""
    from vn_egov.edoc.attachments import attachment_from_bytes
    from vn_egov.edoc.demo import minimal_pdf

    pdf = attachment if attachment is not None else minimal_pdf(f"Van ban so {number}")
    return write(new_document(
        sender=Organization(organ_id=sender, organ_name="Ủy ban nhân dân thành phố Hải Phòng",
                            organization_in_charge="Thành phố Hải Phòng"),
        recipients=[Organization(organ_id=r, organ_name=f"Sở {r}",
                                 organization_in_charge="UBND thành phố Hải Phòng")
                    for r in recipients],
        number=str(number), notation="KH-UBND", promulgation_date=date(2015, 12, 25),
        place="Hải Phòng", subject=subject, type_name="Kế hoạch", document_type=1,
        steering_type=1, attachments=[attachment_from_bytes(pdf, f"van-ban-{number}.pdf")],
        timestamp=datetime(2015, 12, 25, 16, 30)))


