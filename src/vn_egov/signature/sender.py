"""Binding the signer to the sender: the certificate must belong to the package's ``From``.

A trusted chain proves who signed; it does not prove that the signer may speak for the agency
named in ``From``. Without this check, any agency holding a trusted certificate could re-sign
another agency's package (or write a package "from" another agency) unnoticed.

The ``From/OrganId`` is read from the **signed** content only. The certificate belongs to
that agency when

* the policy's ``sender_map`` lists, for that ``OrganId``, one of the certificate's
  identifiers, written as in certificates (``"MST:0100000000"``, ``"CCCD:..."``), or its
  organisation name (``O`` or an ``OU``; compared without regard to case, spacing or Unicode
  normalisation), or
* the certificate itself carries the ``OrganId`` as a ``UID`` value (with or without a
  ``TYPE:`` prefix).

Nothing else is guessed: a package's own ``OrganName`` is not evidence (the signer wrote it),
so an ``OrganId`` the map does not know is not bound (SIG027).

>>> from vn_egov.signature.certificates import parse_subject_name
>>> who = parse_subject_name("CN=Văn thư,O=Sở Khoa học và Công nghệ tỉnh Mẫu,UID=MST:0100000000")
>>> binding_problem(who, "000.00.12.H99", {"000.00.12.H99": ("MST:0100000000",)}) is None
True
>>> print(binding_problem(who, "000.00.05.H99", {"000.00.12.H99": ("MST:0100000000",)}))
the signer certificate cannot be tied to sender '000.00.05.H99': no identifier or name is
configured for it in the sender map
"""

from __future__ import annotations

import io
import json
import os
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from lxml import etree

from vn_egov.errors import ConfigurationError, InputError
from vn_egov.i18n import tr
from vn_egov.signature.certificates import IDENTIFIER_TYPES, SubjectIdentity

__all__ = ["binding_problem", "load_sender_map", "signed_sender"]

_HEADER_PATH: Final = ("edXML", "edXMLEnvelope", "edXMLHeader")
_MESSAGE_HEADERS: Final = frozenset({"MessageHeader", "Status"})


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(element: etree._Element) -> str:
    # Full text content, whatever comments or child elements split it into.
    return "".join(element.itertext()).strip()


def signed_sender(content: bytes) -> tuple[str | None, str | None]:
    """``(OrganId, OrganName)`` of ``edXMLHeader/(MessageHeader|Status)/From`` in *content*,
    the canonical octets a verified reference digested; ``(None, None)`` when absent.

    Only the header is read (the parse stops at ``From``), whatever the attachments' size.

    >>> signed_sender(b'<edXML xmlns="urn:q"><edXMLEnvelope><edXMLHeader><MessageHeader>'
    ...               b'<From><OrganId>000.00.12.H99</OrganId><OrganName>S\\xe1\\xbb\\x9f A'
    ...               b'</OrganName></From></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>')
    ('000.00.12.H99', 'Sở A')
    """
    events = etree.iterparse(io.BytesIO(content), events=("end",), resolve_entities=False,
                             no_network=True, huge_tree=True, remove_comments=True,
                             remove_pis=True)
    try:
        for _event, element in events:
            if _local(element.tag) == "From" and _is_header_from(element):
                organ_id = _child_text(element, "OrganId")
                return organ_id, _child_text(element, "OrganName")
    except etree.XMLSyntaxError:
        return None, None
    return None, None


def _is_header_from(element: etree._Element) -> bool:
    parent = element.getparent()
    if parent is None or _local(parent.tag) not in _MESSAGE_HEADERS:
        return False
    names = [_local(a.tag) for a in parent.iterancestors()]
    return names == list(reversed(_HEADER_PATH))


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return _text(child) or None
    return None


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _entry_matches(entry: str, identity: SubjectIdentity) -> bool:
    kind, sep, value = entry.partition(":")
    if sep and kind.strip().upper() in IDENTIFIER_TYPES:
        return (kind.strip().upper(), value.strip()) in identity.identifiers
    names = [identity.organization, *identity.organizational_units]
    return any(name is not None and _normal(name) == _normal(entry) for name in names)


def binding_problem(identity: SubjectIdentity, organ_id: str,
                    sender_map: Mapping[str, Sequence[str]]) -> str | None:
    """Why the certificate *identity* does not belong to agency *organ_id*, or ``None``."""
    wanted = organ_id.strip()
    carried = {value.strip() for value in identity.uids}
    carried |= {value.strip() for _, value in identity.identifiers}
    if wanted in carried:
        return None
    entries = sender_map.get(wanted)
    if not entries:
        return tr("the signer certificate cannot be tied to sender {organ!r}: no identifier "
                  "or name is configured for it in the sender map", organ=wanted)
    if any(_entry_matches(entry, identity) for entry in entries):
        return None
    return tr("the signer certificate ({subject}) does not belong to sender {organ!r} (expected "
              "one of: {entries})", subject=identity.rfc4514, organ=wanted,
              entries="; ".join(entries))


def load_sender_map(source: str | os.PathLike[str]) -> dict[str, tuple[str, ...]]:
    """Read a sender map from a TOML or JSON file: ``OrganId = ["MST:...", "Name", ...]``.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "senders.toml"
    >>> _ = path.write_text('"000.00.12.H99" = ["MST:0100000000"]\\n', encoding="utf-8")
    >>> load_sender_map(path)
    {'000.00.12.H99': ('MST:0100000000',)}
    """
    from vn_egov.inputs import read_input
    from vn_egov.signature.certificates import PKI_FILE_MAX_BYTES

    path = Path(source)
    # Through the input gate: a FIFO or device given as the map is refused, never waited on.
    raw = read_input(path, max_bytes=PKI_FILE_MAX_BYTES, limit_name="sender map size").data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(tr("cannot read the sender map: {error}", error=exc),
                         source=str(path)) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(tr("the sender map is not valid TOML or JSON: {error}",
                                    error=exc), source=str(path)) from None
    mapping = sender_map_from(data, str(path))
    if not mapping:  # a file that binds nobody: every signer would be refused (SIG027)
        raise ConfigurationError(tr("the sender map is empty"), source=str(path),
                                 hint=tr('list each OrganId with its certificates\' '
                                         'identifiers, e.g. "000.00.12.H99" = '
                                         '["MST:0100000000"]'))
    return mapping


def sender_map_from(data: object, source: str | None = None) -> dict[str, tuple[str, ...]]:
    """Check a sender map given as data: a mapping of ``OrganId`` to a list of strings.

    >>> sender_map_from({"000.00.12.H99": "MST:1"})
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: sender map entry '000.00.12.H99' must be a list of strings...
    """
    if not isinstance(data, Mapping):
        raise ConfigurationError(tr("the sender map must map OrganId codes to lists"),
                                 source=source)
    result: dict[str, tuple[str, ...]] = {}
    for organ, values in data.items():
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise ConfigurationError(
                tr("sender map entry {organ!r} must be a list of strings", organ=organ),
                source=source, hint=tr('e.g. "000.00.12.H99" = ["MST:0100000000", '
                                       '"Sở Khoa học và Công nghệ tỉnh Mẫu"]'))
        result[str(organ).strip()] = tuple(values)
    return result
