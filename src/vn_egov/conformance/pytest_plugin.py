"""pytest plugin (entry point ``pytest11``): run the conformance cases in a vendor's own suite.

It is inert until a test asks for the ``vn_egov_case`` fixture: only then are the cases
loaded and the test parametrised, one test per case (the test id is the case id). A marker
narrows the selection::

    import pytest

    @pytest.mark.vn_egov_conformance(types=["edxml"])
    def test_my_parser(vn_egov_case):
        verdict = my_parser.validate(vn_egov_case.input_path.read_bytes())
        vn_egov_case.check_verdict(verdict.ok)

    @pytest.mark.vn_egov_conformance(producer=True)
    def test_my_producer(vn_egov_case):
        vn_egov_case.check_produced(my_producer.build(vn_egov_case.producer_input))

Command-line options: ``--vn-egov-corpus DIR`` (another corpus), ``--vn-egov-case ID``
(repeatable) and ``--vn-egov-expect valid|readable`` (the verdict edXML cases are judged on).

>>> from vn_egov.conformance.manifest import load_manifest
>>> manifest = load_manifest()
>>> case = ConformanceCase(manifest, manifest.case("fx-dialect-business-spelling"))
>>> case.check_verdict(False)
>>> case.check_verdict(True, expect="readable")
>>> case.check_verdict(True)
Traceback (most recent call last):
...
AssertionError: fx-dialect-business-spelling: expected valid=False, got True ...
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from vn_egov.i18n import tr

if TYPE_CHECKING:
    from vn_egov.conformance.manifest import Case, Expected, Manifest

__all__ = ["ConformanceCase"]

FIXTURE = "vn_egov_case"
MARKER = "vn_egov_conformance"


class ConformanceCase:
    """One case, as a vendor's test sees it, with assertion helpers that explain failures."""

    def __init__(self, manifest: Manifest, case: Case, expect: str = "valid") -> None:
        self.manifest = manifest
        self.case = case
        self.expect = expect

    def __repr__(self) -> str:
        return f"ConformanceCase({self.case.id!r})"

    @property
    def id(self) -> str:
        """The case id."""
        return self.case.id

    @property
    def expected(self) -> Expected:
        """The expected outcome."""
        return self.case.expected

    @property
    def input_path(self) -> Path | None:
        """Absolute path of the input file (``None`` for code cases)."""
        return self.manifest.path(self.case.input) if self.case.input else None

    @property
    def producer_input(self) -> dict[str, Any] | None:
        """The producer input description (parsed JSON), when the case has one."""
        if self.case.producer_input is None:
            return None
        data: dict[str, Any] = json.loads(
            self.manifest.path(self.case.producer_input).read_text(encoding="utf-8"))
        return data

    def _explain(self) -> str:
        return tr("({title}; spec {spec})", title=self.case.title, spec=self.case.spec)

    def check_verdict(self, accepted: bool, expect: str | None = None) -> None:
        """Assert *accepted* equals the expected verdict (``valid``, or ``readable`` for a
        tolerant edXML parser; the default comes from ``--vn-egov-expect``)."""
        key = expect or self.expect
        if key == "readable" and self.case.type == "edxml":
            want = bool(self.case.expected.readable)
        else:
            key, want = "valid", self.case.expected.valid
        if bool(accepted) != want:
            raise AssertionError(tr("{id}: expected {key}={expected}, got {actual} {explain}",
                                    id=self.case.id, key=key, expected=want,
                                    actual=bool(accepted), explain=self._explain()))

    def check_fields(self, actual: Mapping[str, Any]) -> None:
        """Assert the key fields in *actual* (inspect-format JSON) match the expected ones."""
        from vn_egov.conformance.keyfields import compare

        diffs = compare(self.case.expected.fields, dict(actual))
        if diffs:
            raise AssertionError(tr("{id}: key fields differ {explain}:", id=self.case.id,
                                    explain=self._explain()) + "\n  " + "\n  ".join(diffs))

    def check_produced(self, data: bytes) -> None:
        """Assert produced package bytes are valid and carry the case's key fields."""
        import tempfile

        from vn_egov.conformance.evaluate import evaluate_edxml_file
        from vn_egov.conformance.results import diff_outcome

        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / f"{self.case.id}.edxml"
            path.write_bytes(data)
            outcome = evaluate_edxml_file(path, self.case.profile, self.case.settings)
        diffs = diff_outcome({"valid": True, "fields": self.case.expected.fields},
                             outcome.to_dict())
        if diffs:
            raise AssertionError(tr("{id}: the produced package does not conform {explain}:",
                                    id=self.case.id, explain=self._explain())
                                 + "\n  " + "\n  ".join(diffs))


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of the ``vn-egov conformance`` group (they only matter to tests that use
    the ``vn_egov_case`` fixture)."""
    group = parser.getgroup("vn-egov conformance")
    group.addoption("--vn-egov-corpus", default=None, metavar="DIR",
                    help=tr("conformance corpus folder (default: the one shipped with vn-egov)"))
    group.addoption("--vn-egov-case", action="append", default=[], metavar="ID",
                    help=tr("run only this conformance case (repeatable)"))
    group.addoption("--vn-egov-expect", choices=("valid", "readable"), default="valid",
                    help=tr("verdict edXML cases are judged on (default: valid)"))


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers", f"{MARKER}(types=None, ids=None, producer=False): select the vn-egov "
        "conformance cases a test using the vn_egov_case fixture runs on")


def _selection(metafunc: pytest.Metafunc) -> tuple[Manifest, list[Case]]:
    from vn_egov.conformance.manifest import load_manifest

    config = metafunc.config
    manifest = load_manifest(config.getoption("--vn-egov-corpus"))
    marker = metafunc.definition.get_closest_marker(MARKER)
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    ids = tuple(options.get("ids") or ()) + tuple(config.getoption("--vn-egov-case"))
    cases = list(manifest.select(ids, tuple(options.get("types") or ())))
    if options.get("producer"):
        cases = [c for c in cases if c.producer_input is not None]
    return manifest, cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise tests that request ``vn_egov_case``; leave every other test alone."""
    if FIXTURE not in metafunc.fixturenames:
        return
    manifest, cases = _selection(metafunc)
    expect = str(metafunc.config.getoption("--vn-egov-expect"))
    metafunc.parametrize(FIXTURE, [ConformanceCase(manifest, c, expect) for c in cases],
                         ids=[c.id for c in cases])
