"""Publish the wire contracts generated from the models: catalogue XSD 1.0 and JSON Schema.

The committed files ``schemas/services/catalogue.xsd`` and ``catalogue.schema.json`` are the
output of these functions (a test checks they are equal), so the XML writer/reader, the XSD
and the JSON Schema all follow :mod:`vn_egov.services.catalogue.models`.

>>> b'name="Catalogue"' in catalogue_xsd()
True
>>> catalogue_json_schema()["title"]
'Catalogue'
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final

import annotated_types
from lxml import etree
from pydantic import BaseModel

from vn_egov.services.catalogue._xmlmap import NAMESPACE, FieldShape, shapes
from vn_egov.services.catalogue.models import Catalogue
from vn_egov.services.dossier.models import Dossier

__all__ = ["catalogue_xsd", "write_schemas"]

XS: Final = "http://www.w3.org/2001/XMLSchema"
JSON_SCHEMA_ID: Final = "urn:vn-egov:services:catalogue:1:schema.json"
_SCALARS: Final = {str: "xs:string", int: "xs:integer", Decimal: "xs:decimal",
                   bool: "xs:boolean", dt.date: "xs:date", dt.datetime: "xs:dateTime"}


def _xs(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XS}}}{tag}", attributes)


def _collect(model: type[BaseModel], models: list[type[BaseModel]],
             enums: list[type[Enum]]) -> None:
    if model in models:
        return
    models.append(model)
    for shape in shapes(model):
        if shape.is_model:
            _collect(shape.type, models, enums)
        elif (isinstance(shape.type, type) and issubclass(shape.type, Enum)
              and shape.type not in enums):
            enums.append(shape.type)


def _type_name(shape: FieldShape) -> str:
    kind = shape.type
    if isinstance(kind, type) and issubclass(kind, BaseModel | Enum):
        return kind.__name__
    if kind in _SCALARS:
        return _SCALARS[kind]
    # datetime is a date subclass: check the exact type first, then fall back
    raise TypeError(f"no XSD type for {kind!r} (field {shape.name})")


def _facets(shape: FieldShape) -> list[tuple[str, str]]:
    facets = []
    for item in shape.metadata:
        if isinstance(item, annotated_types.Ge):
            facets.append(("minInclusive", str(item.ge)))
        elif isinstance(item, annotated_types.Le):
            facets.append(("maxInclusive", str(item.le)))
        elif isinstance(item, annotated_types.MinLen):
            facets.append(("minLength", str(item.min_length)))
    return facets


def _element(parent: etree._Element, name: str, shape: FieldShape, **occurs: str) -> None:
    facets = _facets(shape)
    if not facets:
        _xs(parent, "element", name=name, type=_type_name(shape), **occurs)
        return
    element = _xs(parent, "element", name=name, **occurs)
    restriction = _xs(_xs(element, "simpleType"), "restriction", base=_type_name(shape))
    for facet, value in facets:
        _xs(restriction, facet, value=value)


def catalogue_xsd() -> bytes:
    """The catalogue XSD (XSD 1.0), generated from the models, as canonical bytes.

    >>> catalogue_xsd().count(b'<xs:complexType name=')
    15
    """
    root = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS, None: NAMESPACE},
                         targetNamespace=NAMESPACE, elementFormDefault="qualified",
                         version="1.0")
    doc = _xs(_xs(root, "annotation"), "documentation")
    doc.text = ("vn_egov service catalogue, version 1. GENERATED from "
                "vn_egov.services.catalogue.models by "
                "vn_egov.services.catalogue.schemas.catalogue_xsd(); do not edit by hand.")
    _xs(root, "element", name="Catalogue", type="Catalogue")
    models: list[type[BaseModel]] = []
    enums: list[type[Enum]] = []
    _collect(Catalogue, models, enums)
    for model in models:
        sequence = _xs(_xs(root, "complexType", name=model.__name__), "sequence")
        for shape in shapes(model):
            if shape.is_list:
                wrapper = _xs(sequence, "element", name=shape.element, minOccurs="0")
                inner = _xs(_xs(wrapper, "complexType"), "sequence")
                _element(inner, shape.item or "", shape, maxOccurs="unbounded")
            elif shape.required:
                _element(sequence, shape.element, shape)
            else:
                _element(sequence, shape.element, shape, minOccurs="0")
    for enum in enums:
        restriction = _xs(_xs(root, "simpleType", name=enum.__name__), "restriction",
                          base="xs:string")
        for member in enum:
            _xs(restriction, "enumeration", value=str(member.value))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def catalogue_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the catalogue JSON, from the pydantic models.

    >>> catalogue_json_schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    schema = Catalogue.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": JSON_SCHEMA_ID,
            **schema}


def catalogue_json_schema_text() -> str:
    """The JSON Schema as the committed text (sorted keys, 2-space indent, final newline).

    >>> catalogue_json_schema_text().endswith("}\\n")
    True
    """
    return _json_text(catalogue_json_schema())


def dossier_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a dossier, from :class:`~.dossier.models.Dossier`.

    >>> dossier_json_schema()["$id"]
    'urn:vn-egov:services:dossier:1:schema.json'
    """
    schema = Dossier.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:vn-egov:services:dossier:1:schema.json", **schema}


def _json_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def dossier_json_schema_text() -> str:
    """The dossier JSON Schema as the committed text.

    >>> '"title": "Dossier"' in dossier_json_schema_text()
    True
    """
    return _json_text(dossier_json_schema())


def write_schemas(directory: str | Path) -> list[Path]:
    """Write ``catalogue.xsd``, ``catalogue.schema.json`` and ``dossier.schema.json``.

    >>> import tempfile
    >>> [p.name for p in write_schemas(tempfile.mkdtemp())]
    ['catalogue.xsd', 'catalogue.schema.json', 'dossier.schema.json']
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    xsd = folder / "catalogue.xsd"
    xsd.write_bytes(catalogue_xsd())
    json_file = folder / "catalogue.schema.json"
    json_file.write_text(catalogue_json_schema_text(), encoding="utf-8")
    dossier_file = folder / "dossier.schema.json"
    dossier_file.write_text(dossier_json_schema_text(), encoding="utf-8")
    return [xsd, json_file, dossier_file]
