"""The library's own catalogue XML: deterministic writer and XSD-checked reader.

The mapping is the one of :mod:`vn_egov.services.catalogue._xmlmap`; the XSD
``schemas/services/catalogue.xsd`` is generated from the same models by
:func:`vn_egov.services.catalogue.schemas.catalogue_xsd`, so model and schema cannot drift apart.

>>> from vn_egov.services.catalogue.models import Catalogue, Publisher, Procedure
>>> cat = Catalogue(id="demo", title="Danh mục", version="1",
...                 publisher=Publisher(name="UBND xã Vĩnh Bảo"),
...                 procedures=[Procedure(code="1.001193", name="Đăng ký khai sinh")])
>>> data = catalogue_to_xml(cat)
>>> catalogue_from_xml(data) == cat
True
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pydantic import BaseModel, ValidationError

from vn_egov.errors import InputError, MalformedXMLError
from vn_egov.i18n import tr
from vn_egov.services.catalogue._xmlmap import NAMESPACE, from_text, shapes, to_text
from vn_egov.services.catalogue.models import Catalogue
from vn_egov.xml import element_xpath, parse
from vn_egov.xml.parser import Source

__all__ = ["catalogue_from_xml", "catalogue_to_xml"]

_Q = f"{{{NAMESPACE}}}"


def _sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, _Q + name)
    if text is not None:
        try:
            child.text = text
        except ValueError as exc:  # control characters cannot be written in XML 1.0
            raise InputError(tr("{path}: text cannot be written as XML: {error}",
                                path=element_xpath(child), error=exc),
                             hint=tr("remove control characters from the value")) from None
    return child


def _fill(element: etree._Element, model: BaseModel) -> None:
    for shape in shapes(type(model)):
        value = getattr(model, shape.name)
        if value is None or (shape.is_list and not value):
            continue
        if shape.is_list:
            wrapper = _sub(element, shape.element)
            for entry in value:
                if shape.is_model:
                    _fill(_sub(wrapper, shape.item or ""), entry)
                else:
                    _sub(wrapper, shape.item or "", to_text(entry))
        elif shape.is_model:
            _fill(_sub(element, shape.element), value)
        else:
            _sub(element, shape.element, to_text(value))


def model_to_element(model: BaseModel, name: str | None = None) -> etree._Element:
    """Serialise any services model as an element (named after its class by default).

    >>> from vn_egov.services.catalogue.models import Publisher
    >>> element = model_to_element(Publisher(name="Bộ Tư pháp", code="000.00.00.G15"))
    >>> print(etree.tostring(element, encoding="unicode"))
    <Publisher xmlns="urn:vn-egov:services:1"><Code>000.00.00.G15</Code><Name>Bộ
    Tư pháp</Name></Publisher>
    """
    root = etree.Element(_Q + (name or type(model).__name__), nsmap={None: NAMESPACE})
    _fill(root, model)
    return root


def catalogue_to_xml(catalogue: Catalogue) -> bytes:
    """Canonical UTF-8 bytes of *catalogue* (same model, same bytes).

    >>> from vn_egov.services.catalogue.models import Publisher
    >>> catalogue_to_xml(Catalogue(id="a", title="t", version="1",
    ...                            publisher=Publisher(name="p"))).splitlines()[0]
    b"<?xml version='1.0' encoding='UTF-8'?>"
    """
    root = model_to_element(catalogue, "Catalogue")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _read(element: etree._Element, model: type[BaseModel]) -> dict[str, Any]:
    children = {etree.QName(child).localname: child for child in element
                if isinstance(child.tag, str)}
    data: dict[str, Any] = {}
    for shape in shapes(model):
        child = children.get(shape.element)
        if child is None:
            continue
        if shape.is_list:
            items = [item for item in child if isinstance(item.tag, str)]
            if shape.is_model:
                data[shape.name] = [_read(item, shape.type) for item in items]
            else:
                data[shape.name] = [from_text(item.text or "", shape.type) for item in items]
        elif shape.is_model:
            data[shape.name] = _read(child, shape.type)
        else:
            data[shape.name] = from_text(child.text or "", shape.type)
    return data


def catalogue_from_xml(source: Source) -> Catalogue:
    """Read catalogue XML (through the hardened parser), checked against the shipped XSD.

    >>> catalogue_from_xml(b"<Catalogue/>")
    Traceback (most recent call last):
    ...
    vn_egov.errors.DocumentInvalid: 1:1: document is invalid: ...
    """
    from vn_egov.services.profiles import CATALOGUE_XSD_PROFILE
    from vn_egov.validation import check_parsed

    parsed = parse(source)
    report = check_parsed(parsed, CATALOGUE_XSD_PROFILE)
    report.raise_if_invalid()
    try:
        return Catalogue.model_validate(_read(parsed.root, Catalogue))
    except ValidationError as exc:
        raise MalformedXMLError(tr("catalogue XML does not make a valid model: {error}",
                                   error=exc),
                                source=parsed.source,
                                hint=tr("check the values named above")) from None
