"""Verify every signature of a PDF: :class:`PdfVerifier`.

Each approval signature goes through the ETSI EN 319 102-1 process that fits what it carries,
as implemented by pyHanko: the basic validation, the validation with time when it has a
signature timestamp (so a certificate that expired or was revoked *after* the trusted time is
still accepted), and the long-term validation when document timestamps follow it (B-LTA, with
the DSS as validation data). Document timestamps are verified as RFC 3161 tokens. The
certificate path, revocation and algorithm rules come from the same
:class:`~vn_egov.signature.SignaturePolicy` as XML signatures (see :mod:`.context`).

The file is read from disk as needed (never loaded whole), within limits: its size, pyHanko's
decompression limits for untrusted input, the number of signatures. Whatever the input, the
result is a :class:`~.result.PdfVerificationResult` with findings, never an exception from the
PDF's content.

>>> from vn_egov.edoc.demo import minimal_pdf
>>> result = PdfVerifier().verify(minimal_pdf("x"))
>>> result.valid, result.rule_ids()
(False, ['PDF004'])
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from cryptography import x509

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.signature._aio import run_sync
from vn_egov.signature.certificates import identity_of, subject_string
from vn_egov.signature.pdf.appearance import find_appearance, iso_time
from vn_egov.signature.pdf.context import (
    ALLOWED_DIGESTS,
    validation_context,
    validation_spec,
)
from vn_egov.signature.pdf.result import (
    Appearance,
    Coverage,
    Modification,
    PadesLevel,
    PdfSignatureResult,
    PdfVerificationResult,
    RevocationStatus,
    SignatureKind,
    SignerRole,
    TimeSource,
    TimestampInfo,
    TrustState,
)
from vn_egov.signature.pdf.roles import role_of
from vn_egov.signature.pdf.rules import APPEARANCE_RULES, LAYER
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.validation import Issue, Severity, get_rule

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

__all__ = ["DEFAULT_MAX_BYTES", "PdfVerifier"]

PdfSource = bytes | str | os.PathLike[str]
#: Largest PDF verified (bytes); larger files get PDF002.
DEFAULT_MAX_BYTES: Final = 512 * 1024 * 1024
#: Most signatures and document timestamps verified in one PDF; more get PDF002.
DEFAULT_MAX_SIGNATURES: Final = 64
#: Most objects (cross-reference entries) a verified PDF may declare; more get PDF002. Reading
#: a cross-reference entry costs pyHanko about 12 µs and 250 bytes: 500 000 entries stay
#: within seconds and 150 MB, where real documents of hundreds of pages have tens of thousands.
DEFAULT_MAX_OBJECTS: Final = 500_000
_MAX_XREF_SECTIONS: Final = 1024
_PADES: Final = "/ETSI.CAdES.detached"


def _issue(rule: str, message: str, severity: Severity | None = None) -> Issue:
    definition = get_rule(rule)
    from vn_egov.i18n import translate

    return Issue(rule=rule, severity=severity or definition.severity, message=message,
                 hint=translate(definition.hint) if definition.hint else None, layer=LAYER)


@contextmanager
def _opened(source: PdfSource, max_bytes: int) -> Iterator[IO[bytes]]:
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise _TooLarge(len(source))
        yield io.BytesIO(source)
        return
    path = Path(source)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(tr("cannot read the PDF: {error}", error=exc.strerror or exc),
                         source=str(path)) from None
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if size > max_bytes:
            raise _TooLarge(size)
        yield stream


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _failure(exc: BaseException) -> Issue:
    """The finding for an exception raised while reading hostile or damaged content."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError

    if isinstance(exc, PdfDecodeLimitError | RecursionError | MemoryError):
        return _issue("PDF002", tr("the PDF was not verified: {detail}",
                                   detail=_detail(exc)))
    return _issue("PDF001", tr("the PDF cannot be read: {detail}", detail=_detail(exc)))


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True)
class PdfVerifier:
    """Verifies the signatures of PDF documents under a :class:`SignaturePolicy`.

    * ``agency_document``: the PDF is a document issued by an agency, which needs a personal
      signature and the agency seal (PDF040).
    * ``appearance_checks``: report the visible-appearance findings (PDF050, PDF051; only
      medium or low confidence in the exact rules of NĐ 30/2020/NĐ-CP Phụ lục I).
    * ``strict``: refuse syntax that hides changes from the analysis (hybrid cross-reference
      files, duplicate keys); turn off only to read known legacy files.
    * ``max_bytes``, ``max_signatures``, ``max_objects``: limits for untrusted input (PDF002).
    """

    policy: SignaturePolicy = field(default_factory=SignaturePolicy)
    agency_document: bool = False
    appearance_checks: bool = True
    strict: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    max_signatures: int = DEFAULT_MAX_SIGNATURES
    max_objects: int = DEFAULT_MAX_OBJECTS

    def verify(self, source: PdfSource, *, name: str | None = None) -> PdfVerificationResult:
        """Verify every signature of *source* (PDF bytes or a path, read from disk as needed).

        Raises :class:`~vn_egov.errors.InputError` only when a path cannot be opened; problems
        with the content are findings of the result.
        """
        label = name if name is not None else (None if isinstance(source, bytes)
                                               else str(source))
        try:
            with _opened(source, self.max_bytes) as stream:
                return self._verify_stream(stream, label)
        except _TooLarge as exc:
            return PdfVerificationResult(label, issues=(_issue("PDF002", tr(
                "the PDF has {size} bytes, above the limit of {limit}", size=exc.size,
                limit=self.max_bytes)),))

    def _verify_stream(self, stream: IO[bytes], label: str | None) -> PdfVerificationResult:
        from pyhanko.pdf_utils.reader import PdfFileReader

        head = stream.read(1024)
        stream.seek(0)
        if b"%PDF-" not in head:
            return PdfVerificationResult(label, issues=(_issue(
                "PDF001", tr("the file does not start with a PDF header")),))
        declared = declared_objects(stream)
        if declared > self.max_objects:
            return PdfVerificationResult(label, issues=(_issue("PDF002", tr(
                "the PDF declares {count} objects, above the limit of {limit}", count=declared,
                limit=self.max_objects)),))
        try:
            reader = PdfFileReader(stream, strict=self.strict)
            if reader.encrypted:
                return PdfVerificationResult(label, issues=(_issue(
                    "PDF003", tr("the PDF is encrypted")),))
            embedded = self._embedded(reader)
        except Exception as exc:  # hostile or damaged content: a finding, never a traceback
            return PdfVerificationResult(label, issues=(_failure(exc),))
        if isinstance(embedded, Issue):
            return PdfVerificationResult(label, issues=(embedded,))
        if not embedded:
            return PdfVerificationResult(label, issues=(_issue(
                "PDF004", tr("the PDF carries no signature")),))
        try:
            context = self._context(reader, [sig for sig in embedded if not isinstance(
                sig, Issue)])
        except Exception as exc:
            return PdfVerificationResult(label, issues=(_failure(exc),))
        signatures = run_sync(lambda: self._validate_all(reader, embedded, context))
        return PdfVerificationResult(label, signatures, self._document_issues(signatures))

    def _embedded(self, reader: PdfFileReader
                  ) -> list[EmbeddedPdfSignature | Issue] | Issue:
        """The filled signature fields in signing order; unreadable ones as PDF005 findings."""
        from pyhanko.sign.fields import enumerate_sig_fields
        from pyhanko.sign.validation import EmbeddedPdfSignature

        found: list[tuple[int, EmbeddedPdfSignature | Issue]] = []
        for count, (name, _value, field_ref) in enumerate(
                enumerate_sig_fields(reader, filled_status=True), start=1):
            if count > self.max_signatures:
                return _issue("PDF002", tr("the PDF has more than {limit} signatures",
                                           limit=self.max_signatures))
            try:
                embedded = EmbeddedPdfSignature(reader, field_ref, name)
                found.append((embedded.signed_revision, embedded))
            except Exception as exc:
                found.append((reader.xrefs.total_revisions, _issue("PDF005", tr(
                    "signature field {field}: the signature cannot be read: {detail}",
                    field=name, detail=_detail(exc)))))
        found.sort(key=lambda item: item[0])
        return [item for _, item in found]

    def _context(self, reader: PdfFileReader,
                 embedded: list[EmbeddedPdfSignature]) -> ValidationContext:
        crls, ocsps, certs = _document_validation_data(reader)
        for sig in embedded:
            archived_crls, archived_ocsps = _archived_revocation_data(sig)
            crls += archived_crls
            ocsps += archived_ocsps
        return validation_context(self.policy, extra_crls=crls, extra_ocsps=ocsps,
                                  extra_certs=certs)

    async def _validate_all(self, reader: PdfFileReader,
                            embedded: list[EmbeddedPdfSignature | Issue],
                            context: ValidationContext) -> tuple[PdfSignatureResult, ...]:
        # Document timestamps first: the level of a signature depends on the trusted ones
        # that follow it (B-T, B-LTA).
        order = sorted(range(len(embedded)), key=lambda position: not (
            not isinstance(embedded[position], Issue)
            and embedded[position].sig_object_type == "/DocTimeStamp"))  # type: ignore[union-attr]
        results: dict[int, PdfSignatureResult] = {}
        timestamps: dict[int, bool] = {}
        for position in order:
            sig = embedded[position]
            index = position + 1
            if isinstance(sig, Issue):
                results[position] = _unreadable(index, sig)
                continue
            later = {other.field_name for other in embedded[position + 1:]
                     if not isinstance(other, Issue)}
            try:
                result = await _SignatureCheck(
                    self, reader, sig, index=index, context=context, timestamps=timestamps,
                    later_fields=later).result()
            except Exception as exc:  # hostile or damaged content: a finding
                result = _unreadable(index, _issue("PDF005", tr(
                    "signature field {field}: the signature cannot be verified: {detail}",
                    field=sig.field_name, detail=_detail(exc))), sig.field_name)
            if result.kind is SignatureKind.DOCUMENT_TIMESTAMP:
                timestamps[result.revision] = result.trusted
            results[position] = result
        return tuple(results[position] for position in range(len(embedded)))

    def _document_issues(self, signatures: tuple[PdfSignatureResult, ...]) -> tuple[Issue, ...]:
        approvals = [sig for sig in signatures if sig.kind is SignatureKind.SIGNATURE]
        roles = [sig.role for sig in approvals]
        issues: list[Issue] = []
        if self.agency_document and not (SignerRole.PERSONAL in roles
                                         and SignerRole.AGENCY_SEAL in roles):
            missing = [tr("a personal signature of the competent person")
                       if SignerRole.PERSONAL not in roles else None,
                       tr("the agency seal") if SignerRole.AGENCY_SEAL not in roles else None]
            issues.append(_issue("PDF040", tr("the document issued by an agency lacks {missing}",
                                              missing=tr(" and ").join(
                                                  m for m in missing if m))))
        first_personal = next((i for i, role in enumerate(roles)
                               if role is SignerRole.PERSONAL), None)
        first_seal = next((i for i, role in enumerate(roles)
                           if role is SignerRole.AGENCY_SEAL), None)
        if first_personal is not None and first_seal is not None and first_seal < first_personal:
            issues.append(_issue("PDF042", tr(
                "the agency seal ({seal}) was applied before the personal signature ({person})",
                seal=approvals[first_seal].field, person=approvals[first_personal].field)))
        if self.appearance_checks:
            issues += _overlap_issues(approvals)
        return tuple(issues)


_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)\s*\r?\n?")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_PREV = re.compile(rb"/Prev\s+(\d+)")


def declared_objects(stream: IO[bytes]) -> int:
    """The most objects any cross-reference section of the file declares (its ``/Size`` or
    the entries of its subsections), found by following ``startxref`` and ``/Prev`` and
    reading only the section headers: a cheap bound checked before pyHanko reads every entry.
    0 when the structure cannot be followed (pyHanko then reports the damage).

    >>> from vn_egov.edoc.demo import minimal_pdf
    >>> declared_objects(io.BytesIO(minimal_pdf("x")))
    6
    """
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 1024))
    markers = _STARTXREF.findall(stream.read())
    offset = int(markers[-1]) if markers else -1
    most, seen = 0, set[int]()
    while 0 <= offset < size and offset not in seen and len(seen) < _MAX_XREF_SECTIONS:
        seen.add(offset)
        stream.seek(offset)
        head = stream.read(4096)
        if head.startswith(b"xref"):
            entries, position = 0, offset + 4
            while True:
                stream.seek(position)
                line = stream.read(64)
                sub = _SUBSECTION.match(line)
                if sub is None:
                    break
                count = int(sub.group(2))
                entries += count
                if entries > DEFAULT_MAX_OBJECTS * 64:  # no need to look further
                    break
                position += sub.end() + 20 * count
            stream.seek(position)
            head = stream.read(4096)
            most = max(most, entries)
        found = _SIZE.search(head)
        most = max(most, int(found.group(1)) if found else 0)
        previous = _PREV.search(head)
        offset = int(previous.group(1)) if previous else -1
    stream.seek(0)
    return most


def _unreadable(index: int, issue: Issue, field_name: str = "") -> PdfSignatureResult:
    return PdfSignatureResult(
        index=index, field=field_name, kind=SignatureKind.SIGNATURE, subfilter=None,
        revision=-1, intact=False, signature_valid=False, coverage=Coverage.PARTIAL,
        modification=Modification.DISALLOWED, trust=TrustState.UNTRUSTED,
        indication="TOTAL-FAILED", subindication="FORMAT_FAILURE", issues=(issue,))


def _overlap_issues(approvals: list[PdfSignatureResult]) -> list[Issue]:
    personal = [sig.appearance for sig in approvals if sig.role is SignerRole.PERSONAL
                and sig.appearance is not None and sig.appearance.visible]
    issues = []
    for seal in approvals:
        if (seal.role is SignerRole.AGENCY_SEAL and seal.appearance is not None
                and seal.appearance.visible and personal
                and not any(seal.appearance.overlaps(other) for other in personal)):
            issues.append(_issue("PDF051", tr(
                "{field}: the agency seal does not overlap any personal signature on the page",
                field=seal.field)))
    return issues


def _document_validation_data(reader: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """CRLs, OCSP responses and certificates of the document security store (DSS) of *reader*
    (a reader or a historical revision)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.sign.validation import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], [], []
    crls = [asn1_crl.CertificateList.load(item.get_object().read_data(DecodePurpose.CRL))
            for item in dss.crls]
    ocsps = [asn1_ocsp.OCSPResponse.load(item.get_object().read_data(
        DecodePurpose.OCSP_RESPONSE)) for item in dss.ocsps]
    return crls, ocsps, list(dss.load_certs())


def _archived_revocation_data(sig: EmbeddedPdfSignature) -> tuple[list[Any], list[Any]]:
    """CRLs and OCSP responses of the signature's adbe-revocationInfoArchival attribute."""
    from pyhanko.sign.general import (
        MultivaluedAttributeError,
        NonexistentAttributeError,
        find_unique_cms_attribute,
    )

    try:
        archival = find_unique_cms_attribute(sig.signer_info["signed_attrs"],
                                             "adobe_revocation_info_archival")
    except (NonexistentAttributeError, MultivaluedAttributeError):
        return [], []
    return list(archival["crl"] or ()), list(archival["ocsp"] or ())


def _to_crypto(cert: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _name(cert: x509.Certificate) -> str:
    return subject_string(cert) or f"serial {cert.serial_number:x}"


class _SignatureCheck:
    """The verification of one embedded signature (one object per signature and run)."""

    def __init__(self, verifier: PdfVerifier, reader: PdfFileReader, sig: EmbeddedPdfSignature,
                 *, index: int, context: ValidationContext, timestamps: dict[int, bool],
                 later_fields: set[str]) -> None:
        self.verifier, self.reader, self.sig, self.index = verifier, reader, sig, index
        self.context, self.timestamps, self.later_fields = context, timestamps, later_fields
        self.policy = verifier.policy
        self.field = sig.field_name
        self.issues: list[Issue] = []

    def add(self, rule: str, message: str, severity: Severity | None = None) -> None:
        self.issues.append(_issue(rule, tr("{field}: {message}", field=self.field,
                                           message=message), severity))

    async def result(self) -> PdfSignatureResult:
        sig = self.sig
        is_timestamp = sig.sig_object_type == "/DocTimeStamp"
        subfilter = str(sig.sig_object.get("/SubFilter", "")) or None
        sig.compute_integrity_info()
        coverage = self._coverage()
        modification = self._modification()
        if is_timestamp:
            return await self._timestamp_result(subfilter, coverage, modification)
        algorithm_refused = self._algorithm_checks()
        outcome = await self._ades()
        status = outcome.api_status
        subindication = outcome.ades_subindic
        indication = _indication(subindication)
        intact = bool(status.intact) if status is not None else False
        valid_value = bool(status.valid) if status is not None else False
        certificate = _to_crypto(sig.signer_cert)
        chain = self._chain(status, certificate)
        trust = self._trust(indication)
        revocation = self._revocation(status, subindication, trust)
        if indication != "TOTAL-PASSED":
            self._subindication_issue(subindication, outcome.failure_msg, certificate,
                                      algorithm_refused=algorithm_refused,
                                      verified=intact and valid_value)
        timestamp = self._signature_timestamp(status)
        claimed = sig.self_reported_timestamp
        signing_time, source = claimed, TimeSource.CLAIMED if claimed else None
        if timestamp is not None and timestamp.valid and timestamp.trusted:
            signing_time, source = timestamp.time, TimeSource.TIMESTAMP
        elif timestamp is not None:
            self.add("PDF030", tr("the signature timestamp of {time} does not verify or its "
                                  "authority is not trusted", time=iso_time(timestamp.time)))
        if source is not TimeSource.TIMESTAMP:
            self.add("PDF032", tr("the signing time {time} is the signer's claim",
                                  time=iso_time(claimed) if claimed else "?"))
        if subfilter != _PADES:
            self.add("PDF006", tr("SubFilter {subfilter} is not PAdES",
                                  subfilter=subfilter or "?"))
        identity = identity_of(certificate)
        role = role_of(identity)
        if role is SignerRole.UNKNOWN:
            self.add("PDF041", tr("the certificate subject {subject!r} names neither a person "
                                  "nor an organisation by the Vietnamese conventions",
                                  subject=_name(certificate)))
        appearance = self._appearance()
        if self.verifier.appearance_checks and (appearance is None or not appearance.visible):
            self.add("PDF050", tr("the signature has no visible appearance"))
        level = self._level(subfilter, intact and valid_value, timestamp, certificate)
        key = sig.signer_cert.public_key
        return PdfSignatureResult(
            index=self.index, field=self.field, kind=SignatureKind.SIGNATURE,
            subfilter=subfilter, revision=sig.signed_revision, intact=intact,
            signature_valid=valid_value, coverage=coverage, modification=modification,
            trust=trust, indication=indication, subindication=_subindication(subindication),
            certificate=certificate, chain=chain, identity=identity, role=role,
            revocation=revocation, signing_time=signing_time, time_source=source,
            claimed_time=claimed, timestamp=timestamp, level=level,
            digest_algorithm=sig.md_algorithm,
            signature_algorithm=str(sig.signer_info["signature_algorithm"]["algorithm"].native),
            key=f"{key.algorithm.upper()}-{key.bit_size}", appearance=appearance,
            issues=tuple(self._filtered(self.issues)))

    def _filtered(self, issues: list[Issue]) -> list[Issue]:
        if self.verifier.appearance_checks:
            return issues
        return [issue for issue in issues if issue.rule not in APPEARANCE_RULES]

    # -- integrity ------------------------------------------------------------------------

    def _coverage(self) -> Coverage:
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        level = self.sig.coverage
        if level == SignatureCoverageLevel.ENTIRE_FILE:
            return Coverage.ENTIRE_FILE
        if level == SignatureCoverageLevel.ENTIRE_REVISION:
            return Coverage.ENTIRE_REVISION
        byte_range = list(self.sig.byte_range)
        self.add("PDF011", tr("the ByteRange {byte_range} does not cover the whole signed "
                              "revision", byte_range=byte_range))
        return Coverage.PARTIAL

    def _modification(self) -> Modification:
        from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

        result = self.sig.diff_result
        if not isinstance(result, DiffResult):
            if self.sig.coverage is not None and self._covered():
                self.add("PDF013", tr("changes after signing are not allowed: {detail}",
                                      detail=str(result) or type(result).__name__))
            return Modification.DISALLOWED
        level = result.modification_level
        docmdp = self.sig.docmdp_level
        if level == ModificationLevel.OTHER or (docmdp is not None
                                                and level.value > docmdp.value):
            self.add("PDF013", tr("changes after signing exceed what the signature allows "
                                  "({level})", level=level.name.lower()))
            return Modification.DISALLOWED
        if level == ModificationLevel.NONE:
            return Modification.NONE
        if level == ModificationLevel.LTA_UPDATES:
            kind = Modification.VALIDATION_DATA
        elif level == ModificationLevel.FORM_FILLING:
            changed = set(result.changed_form_fields)
            kind = (Modification.LATER_SIGNATURES if changed <= self.later_fields
                    else Modification.FORM_FILLING)
        else:
            kind = Modification.ANNOTATIONS
        self.add("PDF012", tr("allowed changes after signing: {kind}", kind=kind.describe()))
        return kind

    def _covered(self) -> bool:
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        return bool(self.sig.coverage >= SignatureCoverageLevel.ENTIRE_REVISION)

    # -- algorithms -----------------------------------------------------------------------

    def _algorithm_checks(self) -> bool:
        """Findings on the signer's own digest, mechanism and key; True when the policy refuses
        them (the generic cryptographic failure is then not reported again)."""
        digest = self.sig.md_algorithm
        mechanism_field = self.sig.signer_info["signature_algorithm"]
        try:
            mechanism = mechanism_field.signature_algo
        except ValueError:
            mechanism = str(mechanism_field["algorithm"].native)
        key = self.sig.signer_cert.public_key
        refused = False
        if digest not in ALLOWED_DIGESTS:
            if digest == "sha1":
                legacy = self.policy.allow_sha1
                self.add("PDF026", tr("the signature digest is SHA-1"),
                         Severity.WARNING if legacy else None)
                refused = not legacy
            else:
                self.add("PDF028", tr("digest algorithm {name} is not allowed", name=digest))
                refused = True
        if mechanism not in {"rsassa_pkcs1v15", "rsassa_pss", "ecdsa"}:
            self.add("PDF028", tr("signature algorithm {name} is not allowed", name=mechanism))
            refused = True
        minimum = self.policy.min_rsa_bits if key.algorithm == "rsa" else self.policy.min_ec_bits
        if key.algorithm in {"rsa", "ec"} and key.bit_size < minimum:
            weak_ok = self.policy.allow_weak_keys
            self.add("PDF027", tr("the signer key is {kind}-{bits}, below {minimum} bits",
                                  kind=key.algorithm.upper(), bits=key.bit_size,
                                  minimum=minimum), Severity.WARNING if weak_ok else None)
            refused = refused or not weak_ok
        return refused

    # -- ETSI processes -------------------------------------------------------------------

    async def _ades(self) -> Any:
        from pyhanko.sign.validation import ades, generic_cms
        from pyhanko.sign.validation.policy_decl import PdfSignatureValidationSpec

        spec = validation_spec(self.context, key_usage=sorted(self.policy.required_key_usage))
        timing = self.context.timing_params.timing_info
        digest = self.sig.compute_digest()
        if any(revision > self.sig.signed_revision for revision in self.timestamps):
            return await ades.ades_lta_validation(
                self.sig, PdfSignatureValidationSpec(spec), timing_info=timing)
        if next(generic_cms.extract_tst_data_iter(self.sig.signer_info, signed=False), None):
            return await ades.ades_with_time_validation(
                self.sig.signed_data, spec, timing_info=timing, raw_digest=digest)
        return await ades.ades_basic_validation(
            self.sig.signed_data, spec, timing_info=timing, raw_digest=digest)

    def _trust(self, indication: str) -> TrustState:
        if not self.policy.trust_anchors:
            return TrustState.NOT_CHECKED
        return TrustState.TRUSTED if indication == "TOTAL-PASSED" else TrustState.UNTRUSTED

    def _chain(self, status: Any, certificate: x509.Certificate) -> tuple[x509.Certificate, ...]:
        path = getattr(status, "validation_path", None)
        if path is None:
            return (certificate,)
        # pyhanko-certvalidator lists the anchor first; results list the leaf first.
        return tuple(_to_crypto(cert) for cert in reversed(list(path.iter_certs(
            include_root=True))))

    def _revocation(self, status: Any, subindication: Any, trust: TrustState
                    ) -> RevocationStatus:
        if getattr(status, "revocation_details", None) is not None:
            return RevocationStatus.REVOKED
        if _subindication(subindication) in {"REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"}:
            return RevocationStatus.REVOKED
        if not self.policy.checks_revocation(self.context.crls, self.context.ocsps):
            self.add("PDF023", tr("revocation of the certificate path was not checked"))
            return RevocationStatus.NOT_CHECKED
        if trust is TrustState.TRUSTED:
            return RevocationStatus.GOOD
        return RevocationStatus.UNKNOWN

    def _subindication_issue(self, subindication: Any, detail: str | None,
                             certificate: x509.Certificate, *, algorithm_refused: bool,
                             verified: bool) -> None:
        name = _subindication(subindication) or "GENERIC"
        text = detail or name
        subject = _name(certificate)
        if name in {"HASH_FAILURE", "SIG_CRYPTO_FAILURE"} or not verified:
            if not algorithm_refused:
                self.add("PDF010", tr("the signature does not verify ({detail})",
                                      detail=name))
        elif name in {"REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"}:
            self.add("PDF022", tr("a certificate of the path of {subject!r} was revoked before "
                                  "any proven signing time", subject=subject))
        elif name in {"OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED",
                      "NOT_YET_VALID", "NO_POE"}:
            self.add("PDF021", tr("certificate {subject!r} (valid {start} to {end}) is not "
                                  "valid at {time} and no timestamp proves an earlier "
                                  "signature", subject=subject,
                                  start=iso_time(certificate.not_valid_before_utc),
                                  end=iso_time(certificate.not_valid_after_utc),
                                  time=iso_time(self.context.moment)))
        elif name in {"TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"} or (
                name == "CERTIFICATE_CHAIN_GENERAL_FAILURE" and self._without_revocation_data(
                    certificate)):
            missing = ", ".join(repr(_name(cert)) for cert in self._without_revocation_data(
                certificate)) or subject
            self.add("PDF024", tr("the revocation status of {missing} is unknown: no CRL or "
                                  "OCSP response from the issuer at hand", missing=missing))
        elif name in {"CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"}:
            if not algorithm_refused:
                self.add("PDF029", tr("refused algorithm in the path of {subject!r}: {detail}",
                                      subject=subject, detail=text))
        elif name == "CHAIN_CONSTRAINTS_FAILURE" and _key_usage_refused(
                certificate, self.policy.required_key_usage):
            self.add("PDF025", tr("certificate {subject!r} is not issued for signing",
                                  subject=subject))
        elif name == "TIMESTAMP_ORDER_FAILURE":
            self.add("PDF030", tr("the timestamps are in an impossible order: {detail}",
                                  detail=text))
        elif name in {"FORMAT_FAILURE", "SIGNED_DATA_NOT_FOUND", "SIG_CONSTRAINTS_FAILURE"}:
            self.add("PDF005", tr("the signature cannot be verified: {detail}", detail=text))
        elif self.policy.trust_anchors:
            self.add("PDF020", tr("the path of certificate {subject!r} (issuer {issuer!r}) to a "
                                  "configured trust anchor was not accepted ({detail})",
                                  subject=subject, issuer=certificate.issuer.rfc4514_string(),
                                  detail=text))

    def _without_revocation_data(self, certificate: x509.Certificate
                                 ) -> list[x509.Certificate]:
        """The certificates of the path from *certificate* towards an anchor (matched by
        issuer name, as far as the certificates at hand go) that no CRL or OCSP response at
        hand covers; empty when revocation is not checked."""
        if not self.policy.checks_revocation(self.context.crls, self.context.ocsps):
            return []
        crl_issuers = {crl["tbs_cert_list"]["issuer"].dump() for crl in self.context.crls}
        serials = _ocsp_serials(self.context.ocsps)
        pool = {cert.subject.public_bytes(): cert for cert in (
            *(_to_crypto(item) for item in self.context.certificate_registry),
            *self.policy.trust_anchors)}
        anchors = set(self.policy.trust_anchors)
        missing: list[x509.Certificate] = []
        current: x509.Certificate | None = certificate
        for _ in range(8):  # bounded walk: a hostile pool cannot loop
            if current is None or current in anchors:
                break
            issuer = current.issuer.public_bytes()
            if issuer not in crl_issuers and current.serial_number not in serials:
                missing.append(current)
            nxt = pool.get(issuer)
            current = None if nxt is current else nxt
        return missing

    # -- time, level, appearance ----------------------------------------------------------

    def _signature_timestamp(self, status: Any) -> TimestampInfo | None:
        from pyhanko.sign.validation import generic_cms

        token = next(generic_cms.extract_tst_data_iter(self.sig.signer_info, signed=False),
                     None)
        if token is None:
            return None
        validity = getattr(status, "timestamp_validity", None)
        tst_info = token["encap_content_info"]["content"].parsed
        time = tst_info["gen_time"].native
        if validity is None:
            return TimestampInfo(time, valid=False, trusted=False)
        tsa = validity.signing_cert.subject.human_friendly
        return TimestampInfo(validity.timestamp, bool(validity.intact and validity.valid),
                             bool(validity.trusted), tsa)

    def _level(self, subfilter: str | None, verified: bool, timestamp: TimestampInfo | None,
               certificate: x509.Certificate) -> PadesLevel:
        """B-B: a verified PAdES signature; B-T: and a trusted signature or document
        timestamp; B-LT: and the DSS holds revocation data for the signer; B-LTA: and a
        trusted document timestamp covers that DSS."""
        if subfilter != _PADES or not verified:
            return PadesLevel.NONE
        later = [revision for revision, trusted in self.timestamps.items()
                 if trusted and revision > self.sig.signed_revision]
        if not ((timestamp is not None and timestamp.valid and timestamp.trusted) or later):
            return PadesLevel.B_B
        if not _dss_covers(self.reader, certificate):
            return PadesLevel.B_T
        if any(_dss_covers(self.reader.get_historical_resolver(revision), certificate)
               for revision in later):
            return PadesLevel.B_LTA
        return PadesLevel.B_LT

    def _appearance(self) -> Appearance | None:
        try:
            return find_appearance(self.reader, self.sig.sig_field)
        except Exception:  # a damaged widget only loses the appearance information
            return None

    async def _timestamp_result(self, subfilter: str | None, coverage: Coverage,
                                modification: Modification) -> PdfSignatureResult:
        from pyhanko.sign.validation import async_validate_pdf_timestamp

        status = await async_validate_pdf_timestamp(self.sig, validation_context=self.context)
        certificate = _to_crypto(status.signing_cert)
        passed = bool(status.intact and status.valid and status.trusted)
        trust = (TrustState.NOT_CHECKED if not self.policy.trust_anchors
                 else TrustState.TRUSTED if passed else TrustState.UNTRUSTED)
        if not (status.intact and status.valid):
            self.add("PDF010", tr("the document timestamp does not verify"))
        elif trust is TrustState.UNTRUSTED:
            self.add("PDF031", tr("the document timestamp of {time} is not trusted (authority "
                                  "{tsa!r})", time=iso_time(status.timestamp),
                                  tsa=_name(certificate)))
        info = TimestampInfo(status.timestamp, bool(status.intact and status.valid),
                             bool(status.trusted), status.signing_cert.subject.human_friendly)
        return PdfSignatureResult(
            index=self.index, field=self.field, kind=SignatureKind.DOCUMENT_TIMESTAMP,
            subfilter=subfilter, revision=self.sig.signed_revision, intact=bool(status.intact),
            signature_valid=bool(status.valid), coverage=coverage, modification=modification,
            trust=trust, indication="TOTAL-PASSED" if passed else "INDETERMINATE",
            certificate=certificate, chain=self._chain(status, certificate),
            identity=identity_of(certificate), signing_time=status.timestamp,
            time_source=TimeSource.TIMESTAMP, timestamp=info,
            digest_algorithm=self.sig.md_algorithm, issues=tuple(self.issues))


def _indication(subindication: Any) -> str:
    from pyhanko.sign.ades.report import AdESFailure, AdESPassed

    if isinstance(subindication, AdESPassed):
        return "TOTAL-PASSED"
    if isinstance(subindication, AdESFailure):
        return "TOTAL-FAILED"
    return "INDETERMINATE"


def _subindication(subindication: Any) -> str | None:
    from pyhanko.sign.ades.report import AdESPassed

    if subindication is None or isinstance(subindication, AdESPassed):
        return None
    return str(subindication.name)


def _ocsp_serials(responses: list[Any]) -> set[int]:
    """Serial numbers the OCSP responses speak about (malformed responses contribute none)."""
    serials: set[int] = set()
    for response in responses:
        try:
            basic = response["response_bytes"]["response"].parsed
            serials.update(item["cert_id"]["serial_number"].native
                           for item in basic["tbs_response_data"]["responses"])
        except (KeyError, ValueError, TypeError):
            continue
    return serials


def _key_usage_refused(certificate: x509.Certificate, required: frozenset[str]) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return not any(getattr(usage, flag, False) for flag in required)


def _dss_covers(handler: Any, certificate: x509.Certificate) -> bool:
    """True when the DSS of *handler* (the reader, or a historical revision of it) holds
    revocation data for *certificate*: a CRL of its issuer or an OCSP response naming its
    serial number."""
    crls, ocsps, _ = _document_validation_data(handler)
    issuer = certificate.issuer.public_bytes()
    return (any(crl["tbs_cert_list"]["issuer"].dump() == issuer for crl in crls)
            or certificate.serial_number in _ocsp_serials(ocsps))
