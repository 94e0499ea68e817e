"""The XML-DSig rule ids (``signature.md`` §3.3), registered in the validation registry.

SIG001-SIG021 are the ids and default severities of the specification. SIG022-SIG024 are
additions of this implementation for findings the table has no id for (revoked certificate,
key usage, unusable CRL); they are proposed to the specification.

>>> from vn_egov.validation import get_rule
>>> get_rule("SIG006").severity.value, get_rule("SIG015").severity.value
('error', 'warning')
"""

from __future__ import annotations

from typing import Final

from vn_egov.validation import Rule, Severity, register_all

__all__ = ["LAYER", "SIGNATURE_RULES"]

LAYER: Final = "signature"
_REF: Final = "signature.md §3.3"
_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _rule(rule_id: str, severity: Severity, title: str, hint: str) -> Rule:
    return Rule(rule_id, severity, title, hint, _REF, layer=LAYER)


SIGNATURE_RULES: Final = (
    _rule("SIG001", _E, "DTD or entity declarations in the input",
          "remove the <!DOCTYPE> declaration; signed packages never need one"),
    _rule("SIG002", _E, "More than one Signature, or duplicate SignedInfo/SignatureValue/KeyInfo",
          "keep exactly one Signature with one SignedInfo, SignatureValue and KeyInfo"),
    _rule("SIG003", _E, "edXML profile: not exactly one Reference URI=\"\" with one enveloped "
          "transform", "sign the whole package: one Reference URI=\"\" with the "
          "enveloped-signature transform"),
    _rule("SIG004", _E, "Unknown or disallowed Transform (XSLT, XPath, XPointer, ...)",
          "use only enveloped-signature and C14N transforms"),
    _rule("SIG005", _E, "Non-standard exc-c14n URI http://www.w3.org/TR/xml-exc-c14n#",
          "use http://www.w3.org/2001/10/xml-exc-c14n#, or allow the VPCP quirk explicitly"),
    _rule("SIG006", _E, "SHA-1 signature or digest method",
          "re-sign with SHA-256 or stronger; allow SHA-1 only to read legacy packages"),
    _rule("SIG007", _E, "Algorithm outside the allow-list (MD5, RIPEMD-160, DSA, HMAC, unknown)",
          "re-sign with RSA-SHA256, RSA-PSS or ECDSA and SHA-256 or stronger"),
    _rule("SIG008", _E, "RSA key shorter than 2048 bits or EC key shorter than 256 bits",
          "use an RSA key of at least 2048 bits or an EC key on P-256 or larger"),
    _rule("SIG009", _E, "An Id value resolves to more than one element (signature wrapping)",
          "make every Id/ID/id/xml:id value unique in the document"),
    _rule("SIG010", _E, "External or cid: reference without a configured resolver",
          "sign same-document content only (URI=\"\" or #id)"),
    _rule("SIG011", _E, "Too many References or Transforms",
          "keep at most 30 References and 5 Transforms per Reference"),
    _rule("SIG012", _E, "KeyValue does not match the certificate",
          "remove KeyValue or make it the certificate's public key"),
    _rule("SIG013", _E, "Digest mismatch: the signed content was changed",
          "the package was modified after signing; obtain the original or re-sign it"),
    _rule("SIG014", _E, "SignatureValue mismatch",
          "the SignedInfo or the certificate was changed after signing; re-sign"),
    _rule("SIG015", _W, "Signature is not in the XML-DSig namespace (placeholder, unverifiable)",
          "sign the package with a real XML-DSig signature (vn-egov sign)"),
    _rule("SIG016", _W, "No usable certificate in KeyInfo (unverifiable)",
          "put the signer's certificate in KeyInfo/X509Data/X509Certificate"),
    _rule("SIG017", _W, "Certificate does not chain to a configured trust anchor",
          "configure the issuing CA and root (--trust, --intermediates)"),
    _rule("SIG018", _W, "Certificate not valid at the verification time",
          "check the verification time (--at) or renew the certificate"),
    _rule("SIG019", _I, "Revocation not checked",
          "give the issuing CA's CRL (--crl) to check revocation"),
    _rule("SIG020", _I, "Signature is not the last child of edXMLHeader",
          "place the Signature as the last child of edXMLHeader"),
    _rule("SIG021", _W, "Schema-invalid SignatureProperty content (tolerated)",
          "write SignatureProperties as the XML-DSig schema requires"),
    _rule("SIG022", _E, "Certificate revoked by a configured CRL",
          "the certificate was revoked; sign again with a valid certificate"),
    _rule("SIG023", _E, "Signer certificate key usage allows neither digitalSignature nor "
          "nonRepudiation", "sign with a certificate issued for signing"),
    _rule("SIG024", _W, "A configured CRL could not be used (bad signature, issuer unknown, "
          "expired)", "give the current CRL signed by the certificate's issuer"),
)

register_all(SIGNATURE_RULES)
