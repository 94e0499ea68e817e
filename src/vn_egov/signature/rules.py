"""The XML-DSig rule ids, registered in the validation registry.

SIG001-SIG021 cover the signature itself and its placement in an edXML package; SIG022-SIG028
the signer's certificate, its path and its binding to the sending agency; SIG029 is the
verdict of the validation layer. Rule ids are stable:
a released id keeps its meaning. Each rule cites the public text it enforces.

>>> from vn_egov.validation import get_rule
>>> get_rule("SIG006").severity.value, get_rule("SIG015").severity.value
('error', 'warning')
>>> get_rule("SIG024").severity.value
'error'
"""

from __future__ import annotations

from typing import Final

from vn_egov.validation import Rule, Severity, register_all

__all__ = ["LAYER"]

LAYER: Final = "signature"
_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

# Public references (never internal documents).
_XMLDSIG: Final = "W3C XML Signature Syntax and Processing Version 1.1"
_XMLDSIG_SECURITY: Final = "W3C XML Signature Best Practices (2013), §2"
_ALGORITHMS: Final = "TT 15/2025/TT-BKHCN; RFC 6931"
_QCVN: Final = "QCVN 102:2016/BTTTT"
_RFC5280: Final = "RFC 5280 §6.1"
_REVOCATION: Final = "RFC 5280 §6.3"
_USAGE: Final = "RFC 5280 §4.2.1.3, §4.2.1.12"
_IDENTITY: Final = "TT 41/2017/TT-BTTTT; QCVN 102:2016/BTTTT"


def _rule(rule_id: str, severity: Severity, title: str, hint: str, reference: str) -> Rule:
    return Rule(rule_id, severity, title, hint, reference, layer=LAYER)


SIGNATURE_RULES: Final = (
    _rule("SIG001", _E, "DTD or entity declarations in the input",
          "remove the <!DOCTYPE> declaration; signed packages never need one", _XMLDSIG_SECURITY),
    _rule("SIG002", _E, "More than one Signature, or duplicate SignedInfo/SignatureValue/KeyInfo",
          "keep exactly one Signature with one SignedInfo, SignatureValue and KeyInfo",
          _XMLDSIG_SECURITY),
    _rule("SIG003", _E, "edXML profile: not exactly one Reference URI=\"\" with one enveloped "
          "transform", "sign the whole package: one Reference URI=\"\" with the "
          "enveloped-signature transform", _QCVN),
    _rule("SIG004", _E, "Unknown or disallowed Transform (XSLT, XPath, XPointer, ...)",
          "use only enveloped-signature and C14N transforms", _XMLDSIG_SECURITY),
    _rule("SIG005", _E, "Non-standard exc-c14n URI http://www.w3.org/TR/xml-exc-c14n#",
          "use http://www.w3.org/2001/10/xml-exc-c14n#, or allow the VPCP quirk explicitly",
          "W3C Exclusive XML Canonicalization Version 1.0"),
    _rule("SIG006", _E, "SHA-1 signature or digest method",
          "re-sign with SHA-256 or stronger; allow SHA-1 only to read legacy packages",
          _ALGORITHMS),
    _rule("SIG007", _E, "Algorithm or key type outside the allow-list (MD5, RIPEMD-160, DSA, "
          "EdDSA, HMAC, a curve such as secp256k1, unknown)",
          "re-sign with RSA-SHA256, RSA-PSS or ECDSA on P-256/P-384 and SHA-256 or stronger",
          _ALGORITHMS),
    _rule("SIG008", _E, "RSA key shorter than 2048 bits or EC key shorter than 256 bits",
          "use an RSA key of at least 2048 bits or an EC key on P-256 or larger", _ALGORITHMS),
    _rule("SIG009", _E, "An Id value resolves to more than one element (signature wrapping)",
          "make every Id/ID/id/xml:id value unique in the document", _XMLDSIG_SECURITY),
    _rule("SIG010", _E, "External or cid: reference without a configured resolver",
          "sign same-document content only (URI=\"\" or #id)", _XMLDSIG_SECURITY),
    _rule("SIG011", _E, "Too many References, Transforms or certificates",
          "keep at most 30 References, 5 Transforms per Reference and 16 certificates",
          _XMLDSIG_SECURITY),
    _rule("SIG012", _E, "KeyValue does not match the certificate",
          "remove KeyValue or make it the certificate's public key", _XMLDSIG),
    _rule("SIG013", _E, "Digest mismatch: the signed content was changed",
          "the package was modified after signing; obtain the original or re-sign it",
          _XMLDSIG),
    _rule("SIG014", _E, "SignatureValue mismatch",
          "the SignedInfo or the certificate was changed after signing; re-sign", _XMLDSIG),
    _rule("SIG015", _W, "Signature is not in the XML-DSig namespace (placeholder, unverifiable)",
          "sign the package with a real XML-DSig signature (vn-egov sign)", _QCVN),
    _rule("SIG016", _W, "No usable certificate in KeyInfo (unverifiable)",
          "put the signer's certificate in KeyInfo/X509Data/X509Certificate", _XMLDSIG),
    _rule("SIG017", _W, "Certificate does not chain to a configured trust anchor",
          "configure the issuing CA and root (--trust, --intermediates)", _RFC5280),
    _rule("SIG018", _W, "Certificate not valid at the verification time",
          "check the verification time (--at) or renew the certificate", _RFC5280),
    _rule("SIG019", _I, "Revocation not checked",
          "give the CRL of each CA of the path (--crl) to check revocation", _REVOCATION),
    _rule("SIG020", _I, "Signature is not the last child of edXMLHeader",
          "place the Signature as the last child of edXMLHeader", _QCVN),
    _rule("SIG021", _W, "Schema-invalid SignatureProperty content (tolerated)",
          "write SignatureProperties as the XML-DSig schema requires", _XMLDSIG),
    _rule("SIG022", _E, "Certificate revoked", "the certificate was revoked; sign again with a "
          "valid certificate", _REVOCATION),
    _rule("SIG023", _E, "Signer certificate is not meant for signing documents (key usage or "
          "extended key usage)", "sign with a certificate issued for signing", _USAGE),
    _rule("SIG024", _E, "Revocation status unknown: no usable, current CRL for a certificate "
          "of the path", "give the current CRL signed by each certificate's issuer (--crl), or "
          "accept an unknown status explicitly (--revocation soft-fail)", _REVOCATION),
    _rule("SIG025", _E, "A certificate of the path uses a key or algorithm the policy refuses",
          "the CA must use RSA >= 2048 bits or ECDSA on P-256/P-384 with SHA-256 or stronger",
          _ALGORITHMS),
    _rule("SIG026", _E, "The certificate path is not valid (signature, CA flag, path length, "
          "name constraints, critical extensions, policies)",
          "the chain was not issued as RFC 5280 requires; check the certificates given",
          _RFC5280),
    _rule("SIG027", _E, "The signer does not belong to the sending agency (From)",
          "map the agency's OrganId to its certificates' tax code or name (sender map), or "
          "have the package signed by the sending agency", _IDENTITY),
    _rule("SIG028", _I, "More findings of one rule than are listed",
          "fix the reported findings first; the rest are of the same kind", _XMLDSIG_SECURITY),
    _rule("SIG029", _E, "Signature verification was requested and the package is not valid "
          "and trusted", "see the findings named in the message; 'vn-egov verify' gives the "
          "same verdict", _IDENTITY),
)

register_all(SIGNATURE_RULES)
