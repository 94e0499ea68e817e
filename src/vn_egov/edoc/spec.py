"""The JSON build specification read by ``vn-egov build`` (documented in docs/edxml.md).

It is the JSON form of the models: ``header`` is a :class:`DocumentHeader` (dates ISO
``YYYY-MM-DD``), ``trace`` an optional :class:`TraceHeaderList`; without ``trace`` the package
gets the sender's TraceHeader (now, Vietnam time) and a "new document" business block.

>>> spec = BuildSpec.load('''{"header": {"sender": {"organ_id": "000.00.00.H99"},
...   "recipients": [{"organ_id": "000.00.05.H99"}], "code": {"number": "1", "notation": "UBND"},
...   "promulgation_info": {"date": "2025-01-02"}, "subject": "V/v", "steering_type": 1}}''')
>>> spec.to_package().header.document_id
'000.00.00.H99,2025/01/02,1/UBND'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from vn_egov.edoc.attachments import add_attachment
from vn_egov.edoc.builders import BuildError, header_problems, now_in_vietnam
from vn_egov.edoc.codes import BusinessDocType
from vn_egov.edoc.models import (
    Attachment,
    Business,
    DocumentHeader,
    DocumentPackage,
    TraceHeader,
    TraceHeaderList,
)
from vn_egov.safejson import DEFAULT_JSON_LIMITS, JSONLimits, JSONSource, load_json

__all__ = ["BuildSpec", "build_spec_schema", "example_spec"]


class BuildSpec(BaseModel):
    """What ``vn-egov build`` needs besides the attachment files."""

    model_config = ConfigDict(extra="forbid")

    header: DocumentHeader
    trace: TraceHeaderList | None = None
    timestamp: datetime | None = None

    @classmethod
    def load(cls, source: JSONSource, *, limits: JSONLimits = DEFAULT_JSON_LIMITS) -> BuildSpec:
        """The specification in *source*: JSON text, bytes, a path (``pathlib.Path``), a
        binary stream or ``"-"``, read by the safe loader (:func:`vn_egov.safejson.load_json`:
        the input gate, depth, size and number limits) before pydantic sees it.

        Raises the loader's errors (``InputError``, ``MalformedJSONError``,
        ``UnsafeJSONError``) and pydantic's ``ValidationError``.
        """
        return cls.model_validate(load_json(source, limits=limits))

    def to_package(self, attachments: Sequence[Attachment] = ()) -> DocumentPackage:
        """The document package described by this spec, with *attachments* added in order.

        Raises :class:`~vn_egov.edoc.builders.BuildError` listing every problem of the header
        (agency codes, number and notation, dates), as the builders do.
        """
        problems = header_problems(self.header)
        if problems:
            raise BuildError(problems)
        trace = self.trace or TraceHeaderList(
            trace_headers=[TraceHeader(organ_id=self.header.sender.organ_id,
                                       timestamp=self.timestamp or now_in_vietnam())],
            business=Business(doc_type=BusinessDocType.NEW, reason=BusinessDocType.NEW.label,
                              paper=0))
        package = DocumentPackage(header=self.header, trace=trace)
        for attachment in attachments:
            package = add_attachment(package, attachment)
        return package


def build_spec_schema() -> dict[str, Any]:
    """The JSON Schema of the build specification."""
    return BuildSpec.model_json_schema()


def example_spec() -> dict[str, Any]:
    """An example specification, as ``vn-egov build --example`` prints it: Kế hoạch số
    4547/KH-UBND of Hải Phòng's People's Committee (the demo's plan), addressed to two
    departments. Its agency codes are illustrative.

    >>> spec = BuildSpec.model_validate(example_spec())
    >>> spec.to_package().header.document_id
    '000.00.00.H24,2015/12/25,4547/KH-UBND'
    """
    from vn_egov.edoc.demo import plan_package

    header = plan_package().header.model_dump(mode="json", exclude_none=True,
                                              exclude_defaults=True)
    header["recipients"] = header["recipients"][:2]
    header.pop("document_id", None)  # derived from the sender, date, number and notation
    return {"header": header, "timestamp": "2015-12-25T16:30:00+07:00"}
