"""A JSON-ready summary of a package: the ``vn-egov inspect --format json`` contract.

Each attachment shows the file the official parser hands over (``name``, ``size``,
``sha256``) and the bytes as transferred (``encoded_size``, ``encoded_sha256``); they differ
when ``compressed`` is true (transport compression: the file is the first ZIP member).

>>> from datetime import date
>>> from vn_egov.edoc.builders import new_document
>>> doc = new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"], number="5",
...     notation="UBND-VP", promulgation_date=date(2025, 1, 2), subject="V/v", timestamp=None)
>>> s = summarize(doc)
>>> s["kind"], s["code"], s["promulgation_date"], s["to"][0]["organ_id"]
('document', {'number': '5', 'notation': 'UBND-VP'}, '2025-01-02', '000.00.05.H99')
"""

from __future__ import annotations

from typing import Any

from vn_egov.edoc.models import Attachment, DocumentPackage, Organization, StatusPackage
from vn_egov.errors import VnEgovError
from vn_egov.validation.issue import Issue

__all__ = ["summarize"]


def _organization(org: Organization) -> dict[str, Any]:
    return {"organ_id": org.organ_id, "organ_name": org.organ_name}


def _issues(issues: list[Issue]) -> list[dict[str, Any]]:
    return [{"rule": i.rule, "severity": i.severity.value, "message": i.message,
             "xpath": i.xpath, "line": i.line} for i in issues]


def _attachment(attachment: Attachment) -> dict[str, Any]:
    try:
        size: int | None = attachment.size
        sha256: str | None = attachment.sha256
    except VnEgovError:  # a compressed attachment that is not a readable ZIP (built in code)
        size = sha256 = None
    return {"name": attachment.name, "content_type": attachment.content_type, "size": size,
            "sha256": sha256, "compressed": attachment.compressed,
            "encoded_size": attachment.encoded_size,
            "encoded_sha256": attachment.encoded_sha256}


def summarize(package: DocumentPackage | StatusPackage) -> dict[str, Any]:
    """The key fields of *package* (ISO dates), plus the issues met when it was read."""
    if isinstance(package, StatusPackage):
        return _status(package)
    header = package.header
    business = package.business
    other = header.other_info
    signer = header.signer_info
    return {
        "kind": "document",
        "from": _organization(header.sender),
        "to": [_organization(o) for o in header.recipients],
        "code": {"number": header.code.number, "notation": header.code.notation},
        "promulgation_date": header.promulgation_info.date.isoformat(),
        "subject": header.subject,
        "document_type": {
            "type": header.document_type.type if header.document_type else None,
            "name": header.document_type.type_name if header.document_type else None},
        "steering_type": header.steering_type,
        "document_id": header.document_id,
        "due_date": header.due_date.isoformat() if header.due_date else None,
        "priority": other.priority if other else None,
        "signer": {"full_name": signer.full_name if signer else None,
                   "position": signer.position if signer else None,
                   "competence": signer.competence if signer else None},
        "business": {"doc_type": int(business.doc_type) if business else None,
                     "reason": business.reason if business else None},
        "trace": [{"organ_id": t.organ_id,
                   "timestamp": t.timestamp.isoformat() if t.timestamp else None}
                  for t in (package.trace.trace_headers if package.trace else [])],
        "attachments": [_attachment(a) for a in package.attachments],
        "signature": package.signature.kind if package.signature else None,
        "issues": _issues(package.issues),
    }


def _status(package: StatusPackage) -> dict[str, Any]:
    header = package.header
    target = header.response_for
    staff = header.staff_info
    return {
        "kind": "status",
        "from": _organization(header.sender),
        "response_for": {
            "organ_id": target.organ_id, "code": target.code, "document_id": target.document_id,
            "promulgation_date": (target.promulgation_date.isoformat()
                                  if target.promulgation_date else None)},
        "status_code": header.status_code,
        "status_label": header.status.label if header.status else None,
        "description": header.description,
        "timestamp": header.timestamp.isoformat() if header.timestamp else None,
        "staff": {"department": staff.department if staff else None,
                  "staff": staff.staff if staff else None},
        "signature": package.signature.kind if package.signature else None,
        "issues": _issues(package.issues),
    }
