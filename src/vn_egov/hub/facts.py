"""What a hub needs to know about a package, read by streaming (bounded memory at any size).

Routing and listing need a handful of header fields (who sends, to whom, which document, its
number and subject, which document a status answers). They are read with the hardened event
parser and the reading stops at the end of the header, so a 500 MB package costs what its
header costs.

>>> from vn_egov.edoc.demo import plan_package
>>> from vn_egov.edoc.writer import write
>>> import io
>>> facts = package_facts(io.BytesIO(write(plan_package())))
>>> facts.kind, facts.sender, facts.recipients[:2], facts.notation
('document', '000.00.00.H24', ('000.00.01.H24', '000.00.02.H24'), '4547/KH-UBND')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Literal

from vn_egov.errors import VnEgovError
from vn_egov.xml.streaming import stream_parse

__all__ = ["PackageFacts", "package_facts"]

Kind = Literal["document", "status", "unknown"]
# Header fields wanted, by the path of local names below MessageHeader (or Bkav's Status).
_WANTED = {
    ("From", "OrganId"): "sender",
    ("To", "OrganId"): "recipients",
    ("Code", "CodeNumber"): "number",
    ("Code", "CodeNotation"): "notation_part",
    ("PromulgationInfo", "PromulgationDate"): "promulgation_date",
    ("DocumentId",): "document_id",
    ("Subject",): "subject",
    ("ResponseFor", "OrganId"): "response_to",
    ("ResponseFor", "DocumentId"): "response_for",
    ("ResponseFor", "Code"): "response_code",
    ("StatusCode",): "status_code",
    ("Description",): "description",
}
_MAX_FIELD = 4096  # a header field longer than this is not kept (the validator reports it)


@dataclass(frozen=True)
class PackageFacts:
    """Header facts of a document or status package (empty strings when absent)."""

    kind: Kind
    sender: str = ""
    recipients: tuple[str, ...] = ()
    document_id: str = ""
    notation: str = ""
    promulgation_date: str = ""
    subject: str = ""
    response_to: str = ""
    response_for: str = ""
    status_code: str = ""
    description: str = ""


class _HeaderDone(Exception):
    """Raised by the handler at the end of the header: nothing more is needed."""


class _Handler:
    def __init__(self) -> None:
        self.path: list[str] = []
        self.header_depth: int | None = None
        self.kind: Kind = "unknown"
        self.values: dict[str, list[str]] = {}
        self.text: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        self.path.append(local)
        if self.header_depth is None and local in ("MessageHeader", "Status") and \
                "edXMLHeader" in self.path:
            self.header_depth = len(self.path)
        self.text = []

    def data(self, text: str) -> None:
        if self.header_depth is not None and sum(map(len, self.text)) < _MAX_FIELD:
            self.text.append(text)

    def end(self, tag: str) -> None:
        if self.header_depth is not None:
            if len(self.path) == self.header_depth:
                raise _HeaderDone
            relative = tuple(self.path[self.header_depth:])
            name = _WANTED.get(relative)
            if name is not None:
                self.values.setdefault(name, []).append("".join(self.text).strip()[:_MAX_FIELD])
            if relative == ("ResponseFor",):
                self.kind = "status"
            elif relative in (("Code",), ("Subject",)) and self.kind == "unknown":
                self.kind = "document"
        self.path.pop()
        self.text = []

    def facts(self) -> PackageFacts:
        first = {name: values[0] for name, values in self.values.items()}
        notation = first.get("notation_part", "")
        number = first.get("number", "")
        code = f"{number}/{notation}" if number and notation else number or notation
        if self.kind == "status":
            code = first.get("response_code", "")
        return PackageFacts(
            kind=self.kind, sender=first.get("sender", ""),
            recipients=tuple(dict.fromkeys(self.values.get("recipients", ()))),
            document_id=first.get("document_id", first.get("response_for", "")),
            notation=code, promulgation_date=first.get("promulgation_date", ""),
            subject=first.get("subject", ""), response_to=first.get("response_to", ""),
            response_for=first.get("response_for", ""),
            status_code=first.get("status_code", ""), description=first.get("description", ""))


def package_facts(source: str | os.PathLike[str] | IO[bytes]) -> PackageFacts:
    """The header facts of the package in *source* (a path or a binary stream).

    A package that cannot be read gives ``kind="unknown"`` with whatever was read; the
    validator, not this function, explains what is wrong with it.
    """
    handler = _Handler()
    try:
        stream_parse(source, handler)
    except _HeaderDone:
        pass
    except VnEgovError:
        pass
    return handler.facts()
