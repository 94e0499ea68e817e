"""The exception taxonomy of :mod:`vn_egov`.

Every error the library raises on purpose derives from :class:`VnEgovError`, so a caller can
catch one class at the boundary of their system. Each error says *what* is wrong, *where*
(``source``, ``line``, ``column``, ``xpath`` when known) and *how to fix it* (``hint``).

>>> try:
...     raise InvalidFormat("agency code has 12 characters", hint="use NNN.NN.NN.XNN")
... except CodeError as exc:
...     print(exc)
agency code has 12 characters (hint: use NNN.NN.NN.XNN)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vn_egov.i18n import N_, tr, translate

if TYPE_CHECKING:
    from vn_egov.validation.report import Report

__all__ = [
    "ArchiveError",
    "CodeError",
    "ConfigurationError",
    "DTDForbidden",
    "DocumentInvalid",
    "EmptyInput",
    "HubAuthenticationError",
    "HubError",
    "HubNotFound",
    "HubUnavailable",
    "InputError",
    "InvalidBase64",
    "InvalidChecksum",
    "InvalidFormat",
    "InvalidLength",
    "InvalidSignature",
    "MalformedJSONError",
    "MalformedXMLError",
    "PackageRejected",
    "PolicyViolation",
    "SchemaError",
    "SignatureError",
    "UnknownCode",
    "UnsafeJSONError",
    "UnsafeXMLError",
    "UntrustedCertificate",
    "VnEgovError",
]


class VnEgovError(Exception):
    """Root of every error raised by ``vn_egov``.

    Attributes are optional context for messages and machine-readable reports.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        xpath: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.xpath = xpath
        self.hint = hint

    def location(self) -> str:
        """Render ``source:line:column`` with the parts that are known (may be empty)."""
        parts = [p for p in (self.source, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        text = self.message
        where = self.location()
        if where:
            text = f"{where}: {text}"
        if self.xpath:
            text = f"{text} [{self.xpath}]"
        if self.hint:
            text = text + tr(" (hint: {hint})", hint=self.hint)
        return text


class InputError(VnEgovError, OSError):
    """The input could not be read at all (missing file, a directory, an empty file)."""


class EmptyInput(InputError):
    """The input was read and holds nothing: zero bytes, or only white space.

    Unlike the other input errors (nothing could be read), the input itself is wanting, so
    the command line judges it as it judges malformed input (exit status 1).
    """


class UnsafeXMLError(VnEgovError, ValueError):
    """The XML uses a feature refused for safety (DTD, entities, XInclude) or exceeds a limit."""


class DTDForbidden(UnsafeXMLError):
    """A document type declaration, an entity, or an external resource one would load.

    Refused everywhere (no XML input of the library needs a DTD); raised by the prolog scan,
    by the parser's resolver and for entity references.
    """

    MESSAGE = N_("document type declarations (DTD) are not allowed")
    HINT = N_("remove the <!DOCTYPE ...> declaration; edXML never needs one")

    def __init__(self, message: str | None = None, *, hint: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message or translate(self.MESSAGE),
                         hint=hint or translate(self.HINT), **kwargs)


class MalformedXMLError(VnEgovError, ValueError):
    """The input is not well-formed XML (or not namespace-well-formed)."""


class MalformedJSONError(VnEgovError, ValueError):
    """The input is not JSON (RFC 8259): a syntax error, invalid UTF-8, ``NaN`` or
    ``Infinity``, a duplicate key, a lone surrogate. ``xpath`` holds the JSON path
    (``$.procedures[3].code``) of the value where it was found."""


class UnsafeJSONError(VnEgovError, ValueError):
    """The JSON exceeds a limit of :class:`vn_egov.safejson.JSONLimits` (size, depth, number
    of values, digits or exponent of a number). ``xpath`` holds the JSON path."""


class ArchiveError(VnEgovError, ValueError):
    """A ZIP archive (an attachment, or the transport compression of one) is not a ZIP, is
    damaged, or is refused by the safe reader (:mod:`vn_egov.edoc.safezip`): unsafe member
    names, unsupported methods, sizes that lie, overlapping entries, a limit passed.

    ``rule`` is the rule id a report gives it (``EDX403``: the bytes are not a ZIP at all;
    ``EDX409``: damaged, unsafe or unsupported); ``member`` names the member concerned.
    """

    def __init__(self, message: str, *, rule: str = "EDX409", member: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule = rule
        self.member = member


class InvalidBase64(VnEgovError, ValueError):
    """Text that must be standard base64 (RFC 4648 §4, XML Schema ``base64Binary``) is not:
    a character outside the alphabet (URL-safe ``-``/``_``, Unicode white space...), padding
    in the wrong place, a length that is not a multiple of 4, bits set after the data.
    ``position`` is the 1-based character position of the problem in the text, when known.
    """

    def __init__(self, message: str, *, position: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.position = position


class SchemaError(VnEgovError):
    """A shipped or user-given XSD could not be loaded or compiled."""


class DocumentInvalid(VnEgovError, ValueError):
    """A document failed validation (or could not be read as what it claims to be);
    ``report`` holds every finding. Raised with one wording by :meth:`from_report`."""

    def __init__(self, message: str, report: Report, *, source: str | None = None,
                 line: int | None = None, column: int | None = None, xpath: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, source=source, line=line, column=column, xpath=xpath,
                         hint=hint)
        self.report = report

    @classmethod
    def from_report(cls, report: Report) -> DocumentInvalid:
        """The error for an invalid *report*: how many issues fail and the first of them.

        >>> from vn_egov.validation import check
        >>> print(DocumentInvalid.from_report(check(b"<a>", source_name="a.xml")))
        a.xml:1:4: document is invalid: 1 failing issue(s); first: error XML001 ...
        """
        failing = report.failing or report.issues
        if not failing:
            return cls(tr("document is invalid: {count} failing issue(s); first: {first}",
                          count=0, first="-"), report, source=report.source)
        first = failing[0]
        what = " ".join((first.severity.value, first.rule, first.message))
        # The location and XPath of the first issue are attributes: str() renders them once.
        return cls(tr("document is invalid: {count} failing issue(s); first: {first}",
                      count=len(report.failing), first=what),
                   report, source=report.source, line=first.line, column=first.column,
                   xpath=first.xpath, hint=first.hint)


class SignatureError(VnEgovError):
    """Base of the XML-DSig errors."""


class InvalidSignature(SignatureError, ValueError):
    """The signature does not verify: digest or signature value mismatch, or a broken structure."""


class UntrustedCertificate(SignatureError):
    """The signing certificate does not chain to a configured trust anchor, or is not valid."""


class PolicyViolation(SignatureError):
    """The signature uses an algorithm, key size or construction the policy forbids."""


class CodeError(VnEgovError, ValueError):
    """Base of the errors about identifiers and codes (python-stdnum style)."""


class InvalidFormat(CodeError):
    """The code does not have the required shape (characters, groups, separators)."""


class InvalidLength(InvalidFormat):
    """The code has the wrong number of characters or groups."""


class InvalidChecksum(InvalidFormat):
    """The code has the right shape but an impossible value (e.g. a date that does not exist)."""


class UnknownCode(CodeError):
    """The code is well-formed but is not in the registry that was consulted."""


class ConfigurationError(VnEgovError, ValueError):
    """Options, configuration files or registries given by the user are wrong."""


class HubError(VnEgovError):
    """The document-exchange hub answered with an error (``status`` FAIL), or its answer could
    not be understood. ``code`` is the hub's ``ErrorCode`` when it gave one."""

    def __init__(self, message: str, *, code: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.code = code


class HubAuthenticationError(HubError):
    """The hub refused the caller: unknown system, wrong secret or a tampered signed header."""


class PackageRejected(HubError):
    """The hub refused a package (invalid, too large, not addressed to anyone it serves).

    ``rule_ids`` lists the validation findings the hub named (empty when it named none).
    """

    def __init__(self, message: str, *, rule_ids: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule_ids = rule_ids


class HubNotFound(HubError):
    """The document id is not in the caller's inbox or sent list."""


class HubUnavailable(HubError):
    """The hub could not be reached, timed out, or answered with a server error, after every
    allowed retry."""
