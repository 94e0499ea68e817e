"""Sign PDF documents as PAdES (ETSI EN 319 142-1): :class:`PdfSigner`.

The competent person signs with a personal certificate, the clerk applies the agency's seal
certificate; both add an incremental revision, so signatures made earlier stay valid. Levels:

* ``B-B``: the signature alone;
* ``B-T``: with a signature timestamp from an RFC 3161 timestamp authority (``tsa_url``);
* ``B-LT``: and the revocation data of the signer's and the timestamp authority's paths in the
  document security store (from the policy's CRLs, or fetched from the certificates' CRL and
  OCSP addresses with ``fetch_revocation``);
* ``B-LTA``: and a document timestamp over that data.

Keys never have to be in this process: every key, a PEM or PKCS#12 file included, signs through
the :class:`~vn_egov.signature.external.ExternalSigner` hook that HSMs, USB tokens and remote
signing services implement. Before signing, the certificate is checked as TT 15/2025/TT-BKHCN
requires: valid now, issued for signing, keys and digest of the allowed strength.

>>> from vn_egov.signature.pki import make_certificate_pair
>>> from vn_egov.edoc.demo import minimal_pdf
>>> key, cert = make_certificate_pair("CN=UBND DEMO,O=UBND DEMO,UID=MST:0200000000")
>>> signed = PdfSigner.from_key(key, [cert]).sign(minimal_pdf("x"))
>>> signed.count(b"/ETSI.CAdES.detached")
1
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.serialization import Encoding

from vn_egov.errors import ConfigurationError, InputError, PolicyViolation, SignatureError
from vn_egov.i18n import tr
from vn_egov.signature import algorithms
from vn_egov.signature._aio import run_sync
from vn_egov.signature.certificates import (
    PrivateKey,
    identity_of,
    load_certificates,
    load_pkcs12,
    load_private_key,
    subject_string,
)
from vn_egov.signature.crypto import hash_algorithm
from vn_egov.signature.external import ExternalSigner, KeyExternalSigner, SigningRequest
from vn_egov.signature.pdf.appearance import (
    VisibleSignature,
    default_box,
    find_appearance,
    iso_time,
    stamp_style,
)
from vn_egov.signature.pdf.context import ALLOWED_DIGESTS
from vn_egov.signature.pdf.result import SignerRole
from vn_egov.signature.pdf.roles import role_of
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.signature.trust import PolicyAlgorithms

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import ValidationContext

__all__ = ["Level", "PdfSigner"]

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
LEVELS: Final[tuple[Level, ...]] = ("B-B", "B-T", "B-LT", "B-LTA")
#: Label of the signing time in the agency seal's text block (document content, always in
#: Vietnamese as NĐ 30/2020/NĐ-CP asks).
SIGNING_TIME_LABEL: Final = "Thời gian ký"

_METHODS: Final = {
    ("rsa", "sha256"): algorithms.RSA_SHA256, ("rsa", "sha384"): algorithms.RSA_SHA384,
    ("rsa", "sha512"): algorithms.RSA_SHA512,
    ("rsa-pss", "sha256"): algorithms.RSA_PSS_SHA256,
    ("rsa-pss", "sha384"): algorithms.RSA_PSS_SHA384,
    ("rsa-pss", "sha512"): algorithms.RSA_PSS_SHA512,
    ("ec", "sha256"): algorithms.ECDSA_SHA256, ("ec", "sha384"): algorithms.ECDSA_SHA384,
    ("ec", "sha512"): algorithms.ECDSA_SHA512,
}
_DIGESTS: Final = frozenset({"sha256", "sha384", "sha512"})


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _key_kind(cert: x509.Certificate, pss: bool) -> str:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa-pss" if pss else "rsa"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ec"
    raise PolicyViolation(tr("unsupported key type {kind} in the signer certificate",
                             kind=type(key).__name__),
                          hint=tr("use an RSA (>= 2048 bits) or EC (P-256 or larger) key"))


def _hook_signer_class() -> type[Any]:
    """pyHanko's :class:`~pyhanko.sign.signers.Signer` that hands every raw signature to an
    :class:`ExternalSigner` (defined on first use: pyHanko is an optional dependency)."""
    from asn1crypto import algos
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class HookSigner(Signer):
        def __init__(self, hook: ExternalSigner, chain: Sequence[x509.Certificate],
                     digest: str, pss: bool) -> None:
            self._hook, self._leaf = hook, chain[0]
            self._kind = _key_kind(chain[0], pss)
            self._method = _METHODS.get((self._kind, digest))
            if self._method is None:
                raise PolicyViolation(tr("digest {digest} cannot be used for signing",
                                         digest=digest),
                                      hint=tr("use sha256, sha384 or sha512"))
            mechanism = None
            if self._kind == "rsa-pss":
                size = hash_algorithm(digest).digest_size
                mechanism = algos.SignedDigestAlgorithm({
                    "algorithm": "rsassa_pss",
                    "parameters": algos.RSASSAPSSParams({
                        "hash_algorithm": {"algorithm": digest},
                        "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {
                            "algorithm": digest}},
                        "salt_length": size})})
            super().__init__(signing_cert=_asn1(chain[0]), signature_mechanism=mechanism,
                             cert_registry=SimpleCertificateStore.from_certs(
                                 [_asn1(cert) for cert in chain]), embed_roots=False)

        async def async_sign_raw(self, data: bytes, digest_algorithm: str,
                                 dry_run: bool = False) -> bytes:
            key = self._leaf.public_key()
            if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
                raise PolicyViolation(tr("unsupported key type {kind} in the signer certificate",
                                         kind=type(key).__name__))
            if dry_run:  # a placeholder as long as the longest real value
                size = (key.key_size + 7) // 8
                return bytes(size if isinstance(key, rsa.RSAPublicKey) else 2 * size + 16)
            digest = hashlib.new(digest_algorithm, data).digest()
            value = self._hook(SigningRequest(data, digest, digest_algorithm,
                                              str(self._method)))
            if isinstance(key, ec.EllipticCurvePublicKey):
                value = _ecdsa_der(value, key.curve)
            _check_value(key, self._kind, digest_algorithm, value, digest)
            return value

    return HookSigner


def _ecdsa_der(value: bytes, curve: ec.EllipticCurve) -> bytes:
    """CMS wants ECDSA values in DER; external signers may return ``r || s``.

    A value is taken as DER only when it is canonical DER: a raw value whose first byte
    happens to be 0x30 (one in 256) is still read as ``r || s``.

    >>> raw = bytes([0x30]) + bytes(63)
    >>> _ecdsa_der(raw, ec.SECP256R1()) == utils.encode_dss_signature(
    ...     int.from_bytes(raw[:32], "big"), 0)
    True
    """
    try:
        r, s = utils.decode_dss_signature(value)
        if utils.encode_dss_signature(r, s) == value:
            return value
    except ValueError:
        pass
    size = (curve.key_size + 7) // 8
    if len(value) == 2 * size:
        return utils.encode_dss_signature(int.from_bytes(value[:size], "big"),
                                          int.from_bytes(value[size:], "big"))
    return value  # neither form: the check against the certificate reports it


def _check_value(key: Any, kind: str, digest_name: str, value: bytes, digest: bytes) -> None:
    """The value must verify with the certificate: a wrong key or a token error is caught now."""
    prehashed = utils.Prehashed(hash_algorithm(digest_name))
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(value, digest, ec.ECDSA(prehashed))
        else:
            pad: padding.AsymmetricPadding = padding.PKCS1v15()
            if kind == "rsa-pss":
                pad = padding.PSS(mgf=padding.MGF1(hash_algorithm(digest_name)),
                                  salt_length=hash_algorithm(digest_name).digest_size)
            key.verify(value, digest, pad, prehashed)
    except (CryptoInvalidSignature, ValueError):
        raise SignatureError(tr("the external signer returned a value that does not verify "
                                "with the signer certificate"),
                             hint=tr("check that the key belongs to the certificate")) from None


@dataclass(frozen=True)
class PdfSigner:
    """Signs PDFs with one certificate (leaf first in ``chain``) through an external signer.

    * ``role``: ``personal`` or ``agency_seal``; default: read from the certificate subject.
    * ``level``: ``B-B`` (default), ``B-T``, ``B-LT`` or ``B-LTA`` (see the module docstring);
      ``tsa_url`` is needed from ``B-T`` on.
    * ``policy``: trust anchors and CRLs; needed for ``B-LT`` (the path whose revocation data is
      embedded), and when given the path is validated before signing.
    * ``fetch_revocation``: let ``B-LT`` fetch CRLs and OCSP responses over HTTP from the
      addresses in the certificates.
    * ``digest``: ``sha256`` (default), ``sha384`` or ``sha512``; ``pss``: RSASSA-PSS instead of
      PKCS#1 v1.5 (most Vietnamese verifiers expect PKCS#1 v1.5).
    """

    signer: ExternalSigner
    chain: tuple[x509.Certificate, ...]
    role: SignerRole | None = None
    level: Level = "B-B"
    tsa_url: str | None = None
    policy: SignaturePolicy | None = None
    fetch_revocation: bool = False
    digest: str = "sha256"
    pss: bool = False
    timeout: float = field(default=10.0)

    def __post_init__(self) -> None:
        if not self.chain:
            raise ConfigurationError(tr("the signer certificate is missing"))
        if self.level not in LEVELS:
            raise ConfigurationError(tr("unknown PAdES level {level!r}", level=self.level),
                                     hint=tr("use one of: {levels}", levels=", ".join(LEVELS)))
        if self.level != "B-B" and not self.tsa_url:
            raise ConfigurationError(tr("PAdES {level} needs a timestamp authority",
                                        level=self.level), hint=tr("give --tsa URL"))
        if self.level in {"B-LT", "B-LTA"} and (self.policy is None
                                               or not self.policy.trust_anchors):
            raise ConfigurationError(
                tr("PAdES {level} needs the trust anchors of the signer's path",
                   level=self.level), hint=tr("give --trust and --crl (or --fetch-revocation)"))
        if self.digest not in ALLOWED_DIGESTS or self.digest not in _DIGESTS:
            raise PolicyViolation(tr("digest {digest} cannot be used for signing",
                                     digest=self.digest),
                                  hint=tr("use sha256, sha384 or sha512"))

    # -- constructors ---------------------------------------------------------------------

    @classmethod
    def from_key(cls, key: PrivateKey, chain: Sequence[x509.Certificate],
                 **options: Any) -> PdfSigner:
        """Sign with an in-memory *key* (through :class:`KeyExternalSigner`)."""
        return cls(KeyExternalSigner(key), tuple(chain), **options)

    @classmethod
    def from_pem(cls, key: str | os.PathLike[str] | bytes, cert: str | os.PathLike[str] | bytes,
                 chain: str | os.PathLike[str] | bytes | None = None, *,
                 password: bytes | str | None = None, **options: Any) -> PdfSigner:
        """Key and certificate files (PEM or DER); *cert* may hold the chain too."""
        certificates = load_certificates(cert)
        extra = load_certificates(chain) if chain is not None else ()
        return cls.from_key(load_private_key(key, password), (*certificates, *extra), **options)

    @classmethod
    def from_pkcs12(cls, source: str | os.PathLike[str] | bytes, password: bytes | str | None,
                    **options: Any) -> PdfSigner:
        """A PKCS#12 (``.p12``/``.pfx``) file with the key and its certificates."""
        key, certificates = load_pkcs12(source, password)
        return cls.from_key(key, certificates, **options)

    # -- signing --------------------------------------------------------------------------

    @property
    def certificate(self) -> x509.Certificate:
        """The signer certificate."""
        return self.chain[0]

    def signer_role(self) -> SignerRole:
        """``role``, or the role the certificate subject gives."""
        return self.role or role_of(identity_of(self.certificate))

    def sign(self, pdf: bytes | str | os.PathLike[str], *, field_name: str | None = None,
             visible: VisibleSignature | None = None, reason: str | None = None,
             location: str | None = None, agency_name: str | None = None,
             signing_time: dt.datetime | None = None) -> bytes:
        """Sign *pdf* (bytes or path) and return the signed PDF (an incremental update).

        *visible*: show the signature (default: invisible); *agency_name*: the name in the seal's
        text block (default: the certificate's organisation); *signing_time*: the claimed time
        (default: now; a timestamp, when requested, proves it independently).
        """
        moment = signing_time or dt.datetime.now(dt.UTC)
        self._check_certificate(moment)
        with _readable(pdf) as stream:
            return self._sign_stream(stream, field_name=field_name, visible=visible,
                                     reason=reason, location=location,
                                     agency_name=agency_name, moment=moment)

    def _check_certificate(self, moment: dt.datetime) -> None:
        cert = self.certificate
        name = subject_string(cert)
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        if not cert.not_valid_before_utc <= aware <= cert.not_valid_after_utc:
            raise PolicyViolation(tr("the signer certificate {subject!r} is not valid at {time} "
                                     "(valid {start} to {end})", subject=name,
                                     time=aware.isoformat(),
                                     start=cert.not_valid_before_utc.isoformat(),
                                     end=cert.not_valid_after_utc.isoformat()),
                                  hint=tr("renew the certificate"))
        try:
            usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
            if not (usage.digital_signature or usage.content_commitment):
                raise PolicyViolation(tr("the certificate {subject!r} is not issued for signing",
                                         subject=name),
                                      hint=tr("sign with a certificate issued for signing"))
        except x509.ExtensionNotFound:
            pass
        key = cert.public_key()
        policy = self.policy or SignaturePolicy()
        bits = key.key_size if isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey) \
            else 0
        minimum = policy.min_rsa_bits if isinstance(key, rsa.RSAPublicKey) else policy.min_ec_bits
        if bits < minimum:
            raise PolicyViolation(tr("the signer key has {bits} bits, below the {minimum} "
                                     "TT 15/2025/TT-BKHCN requires", bits=bits, minimum=minimum),
                                  hint=tr("use an RSA key of at least 2048 bits or an EC key "
                                          "on P-256 or larger"))

    def _sign_stream(self, stream: IO[bytes], *, field_name: str | None,
                     visible: VisibleSignature | None, reason: str | None,
                     location: str | None, agency_name: str | None,
                     moment: dt.datetime) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.misc import PdfError
        from pyhanko.sign import fields, signers
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError

        try:
            writer = IncrementalPdfFileWriter(stream, strict=True)
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            raise InputError(tr("the PDF cannot be read: {detail}", detail=exc),
                             hint=tr("give a well-formed PDF")) from None
        if writer.prev.encrypted:
            raise InputError(tr("the PDF is encrypted"),
                             hint=tr("sign an unencrypted copy"))
        role = self.signer_role()
        name = field_name or _free_field_name(writer.prev, role)
        field_spec, style = self._appearance(writer.prev, name, visible, role=role,
                                             agency_name=agency_name, moment=moment)
        context = (_revocation_context(self.policy, self.chain, fetch=self.fetch_revocation)
                   if self.policy is not None and self.level in {"B-LT", "B-LTA"} else None)
        usage = _certificate_usages(self.certificate)
        meta = signers.PdfSignatureMetadata(
            field_name=name, md_algorithm=self.digest, reason=reason, location=location,
            subfilter=fields.SigSeedSubFilter.PADES, embed_validation_info=context is not None,
            validation_context=context, use_pades_lta=self.level == "B-LTA",
            signer_key_usage=usage)
        timestamper = (HTTPTimeStamper(self.tsa_url, timeout=self.timeout)
                       if self.level != "B-B" else None)
        hook = _hook_signer_class()(self.signer, self.chain, self.digest, self.pss)
        pdf_signer = signers.PdfSigner(meta, hook, timestamper=timestamper,
                                       stamp_style=style, new_field_spec=field_spec)
        try:
            return run_sync(lambda: _staged_sign(pdf_signer, writer, moment))
        except TimestampRequestError as exc:
            raise SignatureError(tr("the timestamp authority {url} did not answer: {detail}",
                                    url=self.tsa_url, detail=exc),
                                 hint=tr("check the --tsa address")) from None
        except SigningError as exc:
            raise SignatureError(tr("signing failed: {detail}", detail=exc)) from None

    def _appearance(self, reader: Any, name: str, visible: VisibleSignature | None, *,
                    role: SignerRole, agency_name: str | None, moment: dt.datetime
                    ) -> tuple[Any, Any]:
        from pyhanko.sign import fields

        if visible is None:
            return fields.SigFieldSpec(sig_field_name=name), None
        pages = int(reader.root["/Pages"]["/Count"])
        number = visible.page if visible.page > 0 else pages + 1 + visible.page
        if visible.digitised and role is SignerRole.AGENCY_SEAL:
            number = 1
        if not 1 <= number <= pages:
            raise ConfigurationError(tr("page {page} does not exist (the PDF has {count})",
                                        page=visible.page, count=pages))
        page = reader.find_page_for_modification(number - 1)[0].get_object()
        box_values = [float(value) for value in page.get("/MediaBox", (0, 0, 595, 842))]
        size = (box_values[2] - box_values[0], box_values[3] - box_values[1])
        kind: Literal["personal", "agency_seal"] = (
            "agency_seal" if role is SignerRole.AGENCY_SEAL else "personal")
        box = visible.box or default_box(kind, size, signer_box=_last_visible_box(reader, number),
                                         digitised=visible.digitised)
        text = visible.text
        if text is None and kind == "agency_seal":
            identity = identity_of(self.certificate)
            agency = agency_name or identity.organization or identity.common_name or ""
            text = f"{agency}\n{SIGNING_TIME_LABEL}: {{time}}"
        text = (text or "").replace("{time}", iso_time(moment))
        style = stamp_style(kind, image=visible.image_bytes(), text=text)
        x1, y1, x2, y2 = (round(value) for value in box)
        spec = fields.SigFieldSpec(sig_field_name=name, on_page=number - 1,
                                   box=(x1, y1, x2, y2))
        return spec, style



def _revocation_context(policy: SignaturePolicy, chain: Sequence[x509.Certificate], *,
                        fetch: bool) -> ValidationContext:
    """The context that gathers the revocation data a B-LT signature embeds: the policy's
    anchors and CRLs, network fetching only with *fetch*, revocation required (a B-LT document
    without it would be a B-T document in disguise)."""
    from asn1crypto import crl as asn1_crl
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[_asn1(cert) for cert in policy.trust_anchors],
        other_certs=[_asn1(cert) for cert in (*chain[1:], *policy.intermediates)],
        crls=[asn1_crl.CertificateList.load(crl.public_bytes(Encoding.DER))
              for crl in policy.crls],
        allow_fetching=fetch, revocation_mode="require",
        algorithm_usage_policy=PolicyAlgorithms(policy))


async def _staged_sign(pdf_signer: Any, writer: Any, moment: dt.datetime) -> bytes:
    """pyHanko's signing steps, with the claimed signing time set to *moment* (the time shown
    in the appearance is then exactly the time in the signature)."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    session = pdf_signer.init_signing_session(writer)
    session.system_time = moment
    validation_info = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(validation_info)
    document = session.prepare_tbs_document(validation_info=validation_info,
                                            bytes_reserved=reserved)
    output = io.BytesIO()
    prepared, result_output = document.digest_tbs_document(output=output)
    post = await document.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(
            signing_time=moment,
            adobe_revinfo_attr=None if validation_info is None
            else validation_info.adobe_revinfo_attr))
    await post.post_signature_processing(result_output)
    result_output.seek(0)
    return bytes(result_output.read())


def _certificate_usages(cert: x509.Certificate) -> set[str]:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return set()
    return {"non_repudiation"} if usage.content_commitment else {"digital_signature"}


def _free_field_name(reader: Any, role: SignerRole) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    used = {name for name, _, _ in enumerate_sig_fields(reader)}
    base = "ChuKyCoQuan" if role is SignerRole.AGENCY_SEAL else "ChuKy"
    number = 1
    while f"{base}{number}" in used:
        number += 1
    return f"{base}{number}"


def _last_visible_box(reader: Any, page: int) -> tuple[float, float, float, float] | None:
    """The rectangle of the last visible signature on *page* (the seal goes over it)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    found = None
    for _, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
        if value is None:
            continue
        appearance = find_appearance(reader, field_ref)
        if appearance is not None and appearance.visible and appearance.page == page:
            found = appearance.rect
    return found


@contextmanager
def _readable(pdf: bytes | str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """The PDF to sign as a seekable stream (a file is read from disk as needed)."""
    if isinstance(pdf, bytes):
        yield io.BytesIO(pdf)
        return
    try:
        stream = Path(pdf).open("rb")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise InputError(tr("cannot read the PDF: {error}", error=exc.strerror or exc),
                         source=str(pdf)) from None
    with stream:
        yield stream
