"""The signature steps of ``vn-egov demo``: a demo PKI, a signed package, its verification.

>>> import tempfile, pathlib
>>> from vn_egov.edoc.demo import plan_package
>>> from vn_egov.edoc.writer import write
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "doc.edxml").write_bytes(write(plan_package()))
>>> lines = []
>>> sign_and_verify(folder / "doc.edxml", folder, echo=lines.append)
True
>>> any("VALID and TRUSTED" in line for line in lines)
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vn_egov.i18n import tr
from vn_egov.signature.pki import DemoPKI, make_demo_pki
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.signature.signer import Signer
from vn_egov.signature.verifier import Verifier

__all__ = ["sign_and_verify"]


def sign_and_verify(document: Path, output: Path, *, echo: Callable[[str], object],
                    pki: DemoPKI | None = None,
                    step: Callable[[str], object] | None = None) -> bool:
    """Sign *document* with the demo *pki* (created in *output*/pki when not given), verify
    it; True when all is well. *step* announces each step (``vn-egov demo`` numbers them),
    *echo* prints the details; *step* defaults to *echo*."""
    announce = step or echo
    if pki is None:
        pki = make_demo_pki(output / "pki")
        announce(tr("Created a demo PKI in {folder} (root CA, issuing CA, signer, CRL; "
                    "demonstration material only, not a real CA)", folder=output / "pki"))
    signed = Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(document.read_bytes())
    signed_path = output / f"{document.stem}.signed{document.suffix}"
    signed_path.write_bytes(signed)
    announce(tr("Signed the package (enveloped XML-DSig, RSA-SHA256, exclusive C14N): {path}",
                path=signed_path))
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=(pki.crl, pki.root_crl))
    result = Verifier(policy).verify(signed)
    verdict = tr("VALID and TRUSTED") if result.trusted_valid else tr("NOT ACCEPTED")
    signer = result.identity.common_name if result.identity else "?"
    announce(tr("Verified the signature: {verdict}; signer {signer}", verdict=verdict,
                signer=signer))
    for issue in result.issues:
        echo(f"   {issue.format()}")
    return result.trusted_valid
