"""The edXML profiles' signature layer: skipped unless asked, EDX504 summarising SIG errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_egov.edoc.demo import plan_package
from vn_egov.edoc.writer import write
from vn_egov.signature import Signer
from vn_egov.signature.pki import DemoPKI, make_demo_pki
from vn_egov.validation import LayerStatus, ValidationOptions, check


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DemoPKI:
    return make_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signed(pki: DemoPKI) -> bytes:
    return Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(write(plan_package()))


def _options(pki: DemoPKI) -> ValidationOptions:
    # The shape the CLI and the configuration file produce: a switch and lists of paths.
    assert pki.directory is not None
    return ValidationOptions(settings={"signature": {
        "verify": True, "trust": [str(pki.directory / "ca.pem")],
        "crls": [str(pki.directory / "crl.pem")], "allow_sha1": False}})


def test_signature_layer_is_skipped_unless_requested(signed: bytes) -> None:
    layer = check(signed).layer("signature")
    assert layer is not None
    assert layer.status is LayerStatus.SKIPPED
    assert layer.reason == "signature verification not requested"


def test_valid_signature_passes_with_cli_style_settings(signed: bytes, pki: DemoPKI) -> None:
    report = check(signed, options=_options(pki))
    assert report.valid
    assert report.layer("signature").status is LayerStatus.PASSED  # type: ignore[union-attr]
    assert "EDX504" not in report.rule_ids()


def test_tampered_package_reports_edx504_and_the_sig_rule(signed: bytes, pki: DemoPKI,
                                                           tmp_path: Path) -> None:
    tampered = signed.replace("Hải Phòng giai đoạn".encode(), "Hải Phòng thời kỳ".encode(), 1)
    assert tampered != signed
    report = check(tampered, options=_options(pki))
    assert not report.valid
    assert {"EDX504", "SIG013"} <= set(report.rule_ids())
    edx504 = next(i for i in report.issues if i.rule == "EDX504")
    assert edx504.severity.value == "warning"
    assert edx504.message.endswith("(see SIG013, SIG029)")
    assert edx504.xpath == "/edXML/edXML:edXMLEnvelope/edXML:edXMLHeader/Signature"


def test_policy_built_once_per_settings_and_rebuilt_when_a_file_changes(pki: DemoPKI,
                                                                         tmp_path: Path) -> None:
    import os

    from vn_egov.signature.layer import cached_policy

    assert pki.directory is not None
    crl = tmp_path / "crl.pem"
    crl.write_bytes((pki.directory / "crl.pem").read_bytes())
    settings = {"trust": [str(pki.directory / "ca.pem")], "crls": [str(crl)]}
    first = cached_policy(settings)
    assert cached_policy(dict(settings)) is first  # a batch reuses it for every file
    stat = crl.stat()
    os.utime(crl, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cached_policy(settings) is not first  # an updated CRL is read again
