"""Hypothesis strategies for every edXML model.

They generate only what the canonical writer can represent and the shipped XSD describes:

* text is any XML 1.0 character (no C0 controls but tab, line feed and carriage return, no
  surrogates, no U+FFFE/U+FFFF), mixed with Vietnamese words in NFC **and** NFD form, so that
  byte-for-byte preservation (no silent normalisation) is tested; leading and trailing white
  space is allowed because the reader keeps leaf text verbatim, except in the fields the
  official parser trims (Organization, StatusCode), whose models strip it (padded values are
  generated there on purpose). Optional text is ``None`` or non-empty: the writer omits an
  empty string (spec §13.2 rule 7), so ``""`` cannot survive;
* dates have four-digit years (the ``yyyy`` of spec §11); timestamps are naive, whole seconds;
* integers stay in the XSD types (``xs:int``, ``xs:unsignedShort``);
* a ``ResponseFor`` has a PromulgationDate or a DocumentId, a TraceHeader and a status package
  have a Timestamp (the XSD requires them; the models do not, see the test report).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Literal

from hypothesis import strategies as st

from vn_egov.edoc import (
    Attachment,
    Business,
    BusinessDocType,
    BusinessDocumentInfo,
    Code,
    DocumentHeader,
    DocumentPackage,
    DocumentType,
    ManifestReference,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    StatusHeader,
    StatusPackage,
    TraceHeader,
    TraceHeaderList,
)

__all__ = [
    "VIETNAMESE",
    "attachments",
    "document_headers",
    "document_packages",
    "organizations",
    "status_packages",
    "texts",
]

VIETNAMESE = ("Ủy ban nhân dân", "Hải Phòng", "Kế hoạch", "Sở Khoa học và Công nghệ",
              "Lưu: VT, VP", "KT. GIÁM ĐỐC", "Thượng khẩn", "Đồng ý", "ứng dụng CNTT",
              "Trích yếu: V/v báo cáo quý I", "Lê Khắc Nam", "Phó Chủ tịch")

INT32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)
USHORT = st.integers(min_value=0, max_value=65535)

_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_xml_char = st.characters(
    codec="utf-8",
    exclude_categories=_SURROGATES,
    exclude_characters="\ufffe\uffff" + "".join(
        chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
)
_vietnamese = st.sampled_from(VIETNAMESE).flatmap(
    lambda word: st.sampled_from([unicodedata.normalize("NFC", word),
                                  unicodedata.normalize("NFD", word)]))

texts = st.one_of(
    _vietnamese,
    st.text(_xml_char, min_size=1, max_size=24),
    st.tuples(_vietnamese, st.text(_xml_char, max_size=8)).map("".join),
)
"""Non-empty XML text, often Vietnamese (NFC or NFD)."""

optional_texts = st.none() | texts
dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
timestamps = st.datetimes(min_value=datetime(1000, 1, 1),
                          max_value=datetime(9999, 12, 31, 23, 59, 59)).map(
    lambda value: value.replace(microsecond=0))


def _short_list(strategy: st.SearchStrategy[object], max_size: int = 3
                ) -> st.SearchStrategy[list[object]]:
    return st.lists(strategy, max_size=max_size)


padded_texts = st.tuples(st.sampled_from(["", " ", "\t", "\n  "]), texts,
                         st.sampled_from(["", " ", "\n"])).map("".join)
"""Text with surrounding white space, as real hub files carry in trimmed fields."""

organizations = st.builds(
    Organization, organ_id=padded_texts.filter(lambda t: t.strip(" \t\r\n")),
    organization_in_charge=st.none() | padded_texts, organ_name=st.none() | padded_texts,
    organ_add=optional_texts, email=optional_texts, telephone=optional_texts,
    fax=optional_texts, website=optional_texts)
"""Organizations; the model strips what the official parser trims."""

staff_infos = st.builds(StaffInfo, department=optional_texts, department_id=optional_texts,
                        staff=optional_texts, staff_id=optional_texts, email=optional_texts,
                        mobile=optional_texts)

response_fors = st.builds(
    ResponseFor, organ_id=texts, code=texts,
    promulgation_date=st.none() | dates, document_id=optional_texts,
).filter(lambda r: r.promulgation_date is not None or r.document_id is not None)

document_types = st.builds(DocumentType, type=st.none() | INT32,
                           type_detail=st.none() | INT32, type_name=optional_texts)

other_infos = st.builds(
    OtherInfo, priority=st.none() | INT32, sphere_of_promulgation=optional_texts,
    typer_notation=optional_texts, promulgation_amount=st.none() | USHORT,
    page_amount=st.none() | USHORT, reply_fors=optional_texts, direction=st.none() | st.booleans(),
    reference_codes=optional_texts, appendixes=_short_list(texts))

document_headers = st.builds(
    DocumentHeader,
    sender=organizations,
    recipients=st.lists(organizations, min_size=1, max_size=3),
    code=st.builds(Code, number=texts, notation=texts),
    promulgation_info=st.builds(PromulgationInfo, place=optional_texts, date=dates),
    document_type=st.none() | document_types,
    subject=texts,
    content=optional_texts,
    signer_info=st.none() | st.builds(SignerInfo, competence=optional_texts,
                                      position=optional_texts, full_name=optional_texts),
    due_date=st.none() | dates,
    to_places=_short_list(texts),
    other_info=st.none() | other_infos,
    response_for=_short_list(response_fors, 2),
    steering_type=INT32,
    response_for_task=_short_list(texts),
    application_type=optional_texts,
    document_id=st.just("") | texts,  # "" means: the §4.2 formula
)

businesses = st.builds(
    Business,
    document_id=optional_texts,
    doc_type=st.sampled_from(list(BusinessDocType)),
    reason=optional_texts,
    paper=st.none() | INT32,
    document_infos=_short_list(st.builds(
        BusinessDocumentInfo, document_info=st.none() | INT32,
        document_receiver=st.none() | INT32,
        receivers=_short_list(st.builds(Receiver, organ_id=texts, receiver_type=INT32))), 2),
    replacements=_short_list(st.builds(ReplacementInfo, document_id=texts,
                                       organ_ids=_short_list(texts))),
    staff_infos=_short_list(staff_infos),
)

trace_lists = st.builds(
    TraceHeaderList,
    trace_headers=_short_list(st.builds(TraceHeader, organ_id=optional_texts,
                                        timestamp=timestamps)),
    business=st.none() | businesses,
    paper=st.none() | INT32,
)

_file_names = st.one_of(optional_texts, st.tuples(texts, st.sampled_from(
    [".txt", ".xlsx", ".doc", ".zip", ".ZIP", ".pdf", ""])).map("".join))

plain_attachments = st.builds(
    Attachment, content_id=texts, name=_file_names, description=optional_texts,
    field_name=optional_texts, mime_type=optional_texts,
    content_type=optional_texts.filter(lambda t: t != "application/zip"),
    transfer_data=st.binary(max_size=300))
"""Attachments sent as they are (never transport-compressed)."""

def _from_file(**fields: object) -> Attachment:
    return Attachment(**fields)  # type: ignore[arg-type] - data is the file, zipped by the model


compressed_attachments = st.builds(
    _from_file, content_id=texts, name=_file_names.filter(lambda n: not (n or "").endswith(".zip")),
    description=optional_texts, content_type=st.just("application/zip"),
    data=st.binary(max_size=300))
"""Transport-compressed attachments: ``data`` (the file) is zipped by the model."""

attachments = plain_attachments | compressed_attachments


def _reference(attachment: Attachment) -> ManifestReference:
    return ManifestReference(content_id=attachment.content_id,
                             content_type=attachment.content_type,
                             description=attachment.description, name=attachment.name)


@st.composite
def document_packages(draw: st.DrawFn) -> DocumentPackage:
    """A document package whose manifest lists its attachments (plus, sometimes, one more)."""
    files = draw(st.lists(attachments, max_size=3, unique_by=lambda a: a.content_id))
    manifest = [_reference(a) for a in files]
    if draw(st.booleans()) and draw(st.booleans()):
        manifest.append(ManifestReference(content_id=draw(texts)))
    return DocumentPackage(header=draw(document_headers), trace=draw(st.none() | trace_lists),
                           manifest=manifest, attachments=files)


status_packages = st.builds(
    StatusPackage,
    header=st.builds(
        StatusHeader, sender=organizations,
        response_for=response_fors.filter(lambda r: r.document_id is not None),
        staff_info=st.none() | staff_infos,
        status_code=st.sampled_from([code.value for code in StatusCode]),
        description=optional_texts, timestamp=timestamps))
"""A status package with any of the nine status codes."""
