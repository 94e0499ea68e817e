"""The conformance kit: a versioned corpus of cases with expected outcomes, and runners that
check the installed library, a vendor's consumer (parser/validator) command or a vendor's
producer command against it (see ``docs/conformance.md``).

>>> from vn_egov.conformance import load_manifest, run_library
>>> manifest = load_manifest()
>>> len(manifest.cases) >= 80
True
>>> run_library(manifest, ids=("status-06-finish",)).passed
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.conformance.evaluate import Outcome, evaluate
    from vn_egov.conformance.manifest import (
        Case,
        Expected,
        Manifest,
        SignatureSetup,
        load_manifest,
    )
    from vn_egov.conformance.reporters import FORMATS, render
    from vn_egov.conformance.results import CaseResult, RunResult
    from vn_egov.conformance.runner import run_consumer, run_library, run_producer

# Imported on first use, so that loading the pytest plugin (vn_egov.conformance.pytest_plugin)
# costs nothing in test runs that do not use it.
_EXPORTS = {
    "Outcome": "evaluate", "evaluate": "evaluate", "Case": "manifest", "Expected": "manifest",
    "Manifest": "manifest", "SignatureSetup": "manifest", "load_manifest": "manifest",
    "FORMATS": "reporters", "render": "reporters", "CaseResult": "results",
    "RunResult": "results", "run_consumer": "runner", "run_library": "runner",
    "run_producer": "runner",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "FORMATS",
    "Case",
    "CaseResult",
    "Expected",
    "Manifest",
    "Outcome",
    "RunResult",
    "SignatureSetup",
    "evaluate",
    "load_manifest",
    "render",
    "run_consumer",
    "run_library",
    "run_producer",
]
