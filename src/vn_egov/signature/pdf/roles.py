"""Signing roles of Vietnamese agency documents, read from the certificate subject.

TT 41/2017/TT-BTTTT gives an agency document two kinds of signature: the competent person
(*người có thẩm quyền*) signs with a personal certificate, then the clerk (*văn thư*) applies
the agency's "seal" certificate (*chữ ký số của cơ quan, tổ chức*). Vietnamese CAs write the
holder's identifiers in ``UID`` with a type prefix: a personal certificate names a person
(``CCCD:``, ``CMND:``, ``HC:``, ``PID:``...), possibly with the tax code of the organisation they
act for; an organisation certificate carries only the organisation (``MST:``, the common name
being the organisation's name). When the subject follows neither convention the role is
``unknown``.

>>> from vn_egov.signature.certificates import parse_subject_name
>>> role_of(parse_subject_name("CN=Nguyễn Văn A,O=UBND,UID=CCCD:031000000001")).value
'personal'
>>> role_of(parse_subject_name("CN=UBND thành phố Hải Phòng,O=UBND thành phố Hải Phòng,"
...                            "UID=MST:0200000000")).value
'agency_seal'
>>> role_of(parse_subject_name("CN=user05,O=Ban Co yeu Chinh phu")).value
'unknown'
"""

from __future__ import annotations

import unicodedata
from typing import Final

from vn_egov.signature.certificates import SubjectIdentity
from vn_egov.signature.pdf.result import SignerRole

__all__ = ["role_of"]

#: Identifier types that name a natural person.
PERSONAL_IDENTIFIERS: Final = frozenset({"CCCD", "CMND", "HC", "PID", "PPID", "BHXH"})
#: Identifier types that name an organisation.
ORGANISATION_IDENTIFIERS: Final = frozenset({"MST"})


def _same_name(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    return (unicodedata.normalize("NFC", first).casefold().strip()
            == unicodedata.normalize("NFC", second).casefold().strip())


def role_of(identity: SubjectIdentity) -> SignerRole:
    """The role the certificate subject *identity* gives its holder.

    Personal: a personal identifier, or a title (X.520 ``T``) with a common name other than the
    organisation. Agency seal: an organisation identifier (``MST``) and no personal one, or a
    common name equal to the organisation name.
    """
    kinds = {kind for kind, _ in identity.identifiers}
    if kinds & PERSONAL_IDENTIFIERS:
        return SignerRole.PERSONAL
    if kinds & ORGANISATION_IDENTIFIERS or _same_name(identity.common_name,
                                                      identity.organization):
        return SignerRole.AGENCY_SEAL
    if identity.title and identity.common_name:
        return SignerRole.PERSONAL
    return SignerRole.UNKNOWN
