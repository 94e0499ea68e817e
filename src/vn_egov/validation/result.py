"""One shape of result for every judgement: :class:`Result`.

A validation :class:`~vn_egov.validation.Report`, a :class:`~vn_egov.edoc.ReadResult`, a
signature :class:`~vn_egov.signature.VerificationResult`, a
:class:`~vn_egov.signature.pdf.PdfVerificationResult` and a catalogue
:class:`~vn_egov.services.catalogue.importers.ImportResult` all have:

* ``valid``: the verdict. For a verification it is the whole verdict, the signature intact
  **and** the signer trusted under the policy (``trusted_valid``); the weaker facts keep
  their own names (``signature_intact``, ``intact``);
* ``issues``: every finding, each with its rule id, severity, message and location;
* ``raise_if_invalid()``: returns the result when it is valid, else raises the error that
  says why (:class:`~vn_egov.errors.DocumentInvalid` with the report, or for a signature
  :class:`~vn_egov.errors.InvalidSignature`, :class:`~vn_egov.errors.UntrustedCertificate`,
  :class:`~vn_egov.errors.PolicyViolation`).

One naming rule across packages: a function that judges input *returns* a result and never
raises for bad content (``check``, ``Verifier.verify``, ``PdfVerifier.verify``,
``read_tree``, ``import_procedure``); the raising form is ``result.raise_if_invalid()``.
Two established shortcuts raise directly: ``validate()`` (``check(...).raise_if_invalid()``)
and ``read()`` (``read_tree(...).raise_if_invalid().package``).

>>> from vn_egov.validation import check
>>> report = check(b"<broken")
>>> isinstance(report, Result), report.valid
(True, False)
>>> report.raise_if_invalid()
Traceback (most recent call last):
...
vn_egov.errors.DocumentInvalid: 1:8: document is invalid: 1 failing issue(s); first: error ...
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, runtime_checkable

from vn_egov.validation.issue import Issue, Severity

if TYPE_CHECKING:
    from vn_egov.errors import VnEgovError

__all__ = ["Result", "ResultMixin", "failing_report"]

R = TypeVar("R", bound="ResultMixin")


@runtime_checkable
class Result(Protocol):
    """What every judgement returns: ``valid``, ``issues`` and ``raise_if_invalid()``."""

    @property
    def valid(self) -> bool:
        """The verdict."""

    @property
    def issues(self) -> Sequence[Issue]:
        """Every finding."""

    def raise_if_invalid(self) -> Any:
        """The result itself when valid, else raise the error that says why."""


class ResultMixin:
    """``raise_if_invalid()`` for a class with ``valid`` and ``issues`` (and optionally
    ``source``): raises :class:`~vn_egov.errors.DocumentInvalid` with a report of the
    issues; a subclass with another error overrides :meth:`invalid_error`."""

    __slots__ = ()

    def raise_if_invalid(self: R) -> R:
        """Return this result when it is valid, else raise the error that says why."""
        if not cast(Result, self).valid:
            raise self.invalid_error()
        return self

    def invalid_error(self) -> VnEgovError:
        """The error :meth:`raise_if_invalid` raises."""
        from vn_egov.errors import DocumentInvalid

        return DocumentInvalid.from_report(failing_report(
            tuple(cast(Result, self).issues), source=getattr(self, "source", None)))


def failing_report(issues: Sequence[Issue], *, source: str | None = None,
                   profile_id: str | None = None, sha256: str | None = None,
                   fail_on: Severity = Severity.ERROR) -> Any:
    """A :class:`~vn_egov.validation.Report` of *issues* found outside a validation (reading,
    importing), so that every :class:`~vn_egov.errors.DocumentInvalid` carries one."""
    from vn_egov._version import __version__
    from vn_egov.validation.report import LayerResult, LayerStatus, Report

    failed = any(issue.severity >= fail_on for issue in issues)
    layer = LayerResult("rules", LayerStatus.FAILED if failed else LayerStatus.PASSED,
                        tuple(issues))
    return Report(profile_id=profile_id, profile_version=None, library_version=__version__,
                  sha256=sha256, layers=(layer,), source=source, fail_on=fail_on)
