"""The PDF signature rule ids (``PDF0xx``), registered in the validation registry.

Importing this module is light (no pyHanko): ``vn-egov rules`` lists these rules whether or not
the ``pdf`` extra is installed.

* PDF001-PDF006: reading the file and its signatures.
* PDF010-PDF013: integrity and changes after signing (ISO 32000-1 §12.8).
* PDF020-PDF029: certificate path, revocation and algorithms (TT 15/2025/TT-BKHCN).
* PDF030-PDF032: timestamps and signing time (RFC 3161, ETSI EN 319 142-1).
* PDF040-PDF042: Vietnamese signing roles (TT 41/2017/TT-BTTTT, NĐ 30/2020/NĐ-CP).
* PDF050-PDF051: visible appearance (NĐ 30/2020/NĐ-CP Phụ lục I); only medium or low
  confidence in the exact rules, hence ``info`` by default.

>>> from vn_egov.validation import get_rule
>>> get_rule("PDF013").severity.value, get_rule("PDF050").severity.value
('error', 'info')
"""

from __future__ import annotations

from typing import Final

from vn_egov.validation import Rule, Severity, register_all

__all__ = ["APPEARANCE_RULES", "LAYER", "TRUST_RULES"]

LAYER: Final = "signature"
_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_ISO: Final = "ISO 32000-1 §12.8"
_TT15: Final = "TT 15/2025/TT-BKHCN"
_ETSI: Final = "ETSI EN 319 142-1"
_ROLES: Final = "TT 41/2017/TT-BTTTT; NĐ 30/2020/NĐ-CP Phụ lục I"
_VISIBLE: Final = "NĐ 30/2020/NĐ-CP Phụ lục I"


def _rule(rule_id: str, severity: Severity, title: str, hint: str, reference: str) -> Rule:
    return Rule(rule_id, severity, title, hint, reference, layer=LAYER)


PDF_RULES: Final = (
    _rule("PDF001", _E, "The file is not a readable PDF (damaged, truncated or not a PDF)",
          "obtain the original file from the issuer", "ISO 32000-1 §7.5"),
    _rule("PDF002", _E, "The PDF exceeds a safety limit (size, decompression, objects, "
          "nesting) and was not verified",
          "check where the file comes from; raise the limit only for trusted input",
          "ISO 32000-1 §7.5"),
    _rule("PDF003", _E, "The PDF is encrypted; its signatures cannot be verified",
          "ask the issuer for an unencrypted signed copy", "ISO 32000-1 §7.6"),
    _rule("PDF004", _W, "The PDF carries no signature",
          "sign it (vn-egov pdf sign) or obtain the signed copy from the issuer", _ISO),
    _rule("PDF005", _E, "A signature cannot be read (malformed CMS, ByteRange or Contents, "
          "unsupported SubFilter)", "sign the document again with a conforming tool", _ISO),
    _rule("PDF006", _I, "The signature uses the legacy adbe.pkcs7 format, not PAdES",
          "sign as PAdES (SubFilter ETSI.CAdES.detached)", _ETSI),
    _rule("PDF010", _E, "The signed bytes were changed: digest or signature value mismatch",
          "the document was altered after signing; obtain the original", _ISO),
    _rule("PDF011", _E, "The signature does not cover its whole revision (partial ByteRange)",
          "a signature must cover the whole file as it was when signed; re-sign", _ISO),
    _rule("PDF012", _I, "Changes after signing that the signature allows (validation data, "
          "later signatures, form filling, annotations)",
          "nothing to do; the listed changes keep the signature valid", _ISO),
    _rule("PDF013", _E, "Changes after signing that the signature does not allow",
          "the content was modified after signing; obtain the original", _ISO),
    _rule("PDF020", _W, "Certificate does not chain to a configured trust anchor",
          "configure the root and intermediates (--trust, --intermediates)", _TT15),
    _rule("PDF021", _W, "Certificate not valid at the time of check and no timestamp proves "
          "that the signature is older", "sign with a timestamp (PAdES B-T) or check --at",
          _TT15),
    _rule("PDF022", _E, "Certificate revoked before the proven signing time",
          "the certificate was revoked; the signature cannot be accepted", _TT15),
    _rule("PDF023", _I, "Revocation not checked: no CRL configured and none in the PDF",
          "give the CA's CRL (--crl) or sign with revocation data (PAdES B-LT)", _TT15),
    _rule("PDF024", _W, "Revocation status unknown: the CRLs and OCSP responses at hand do not "
          "cover every certificate of the path", "give the current CRL of each issuing CA (--crl)",
          _TT15),
    _rule("PDF025", _E, "Signer certificate key usage allows neither digitalSignature nor "
          "nonRepudiation", "sign with a certificate issued for signing", _TT15),
    _rule("PDF026", _E, "SHA-1 (or weaker) digest in the signature",
          "sign with SHA-256 or stronger; allow SHA-1 only to read legacy documents", _TT15),
    _rule("PDF027", _E, "RSA key shorter than 2048 bits or EC key shorter than 256 bits",
          "use an RSA key of at least 2048 bits or an EC key on P-256 or larger", _TT15),
    _rule("PDF028", _E, "Signature algorithm outside the allow-list (MD5, DSA, unknown)",
          "sign with RSA (PKCS#1 v1.5 or PSS) or ECDSA and SHA-256 or stronger", _TT15),
    _rule("PDF029", _W, "A certificate of the path or its revocation data uses a refused "
          "algorithm or key size", "the CA's material is too weak for the policy", _TT15),
    _rule("PDF030", _W, "The signature timestamp is invalid or not trusted",
          "configure the timestamp authority's root (--trust)", "RFC 3161; " + _ETSI),
    _rule("PDF031", _W, "A document timestamp is invalid or not trusted",
          "configure the timestamp authority's root (--trust)", "RFC 3161; " + _ETSI),
    _rule("PDF032", _I, "The signing time is only claimed by the signer (no trusted timestamp)",
          "sign with a timestamp (PAdES B-T) to prove the signing time", _ETSI),
    _rule("PDF040", _W, "Document issued by an agency without both a personal signature and "
          "an agency seal", "the competent person signs, then the clerk applies the agency "
          "seal certificate", _ROLES),
    _rule("PDF041", _I, "Signing role (person or agency seal) cannot be told from the "
          "certificate", "personal certificates name a person (CN with CCCD/CMND), agency "
          "seals an organisation (O with MST)", _ROLES),
    _rule("PDF042", _W, "Agency seal applied before the competent person's signature",
          "the competent person signs first; the clerk applies the seal last", _ROLES),
    _rule("PDF050", _I, "Signature without a visible appearance",
          "show the signature (signer) or the seal, agency name and time (agency)", _VISIBLE),
    _rule("PDF051", _I, "Agency seal appearance does not overlap the signer's appearance",
          "place the seal over about the left third of the signer's signature image",
          _VISIBLE),
)

#: Findings about certificates, revocation and timestamps: they decide ``trusted``, not
#: ``valid`` (as SIG017-SIG024 do for XML signatures).
TRUST_RULES: Final = frozenset({"PDF020", "PDF021", "PDF022", "PDF023", "PDF024", "PDF025",
                                "PDF029", "PDF030", "PDF031"})
#: Visible-appearance checks: medium or low confidence, may be switched off.
APPEARANCE_RULES: Final = frozenset({"PDF050", "PDF051"})

register_all(PDF_RULES)
