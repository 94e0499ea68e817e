"""Validation profile ``service-catalogue``: XSD layer, then the SVC2xx rules.

>>> CATALOGUE_PROFILE.id, [layer.name for layer in CATALOGUE_PROFILE.layers]
('service-catalogue', ['xsd', 'rules'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lxml import etree

from vn_egov.errors import CodeError
from vn_egov.i18n import N_, tr, translate
from vn_egov.services import rules as _rules
from vn_egov.services.catalogue._xmlmap import NAMESPACE
from vn_egov.services.codes import field as field_code
from vn_egov.services.codes import procedure as procedure_code
from vn_egov.services.codes import service as service_code
from vn_egov.validation import Issue, Profile, ValidationContext
from vn_egov.validation.xsd import XSD_VALID, XsdLayer

__all__ = ["CATALOGUE_XSD_PROFILE"]

_NS: Final = {"c": NAMESPACE}
_XSD: Final = "services/catalogue.xsd"
_REQUIRED_PARTS: Final = (
    ("c:Steps", N_("steps (trình tự thực hiện)")),
    ("c:Channels", N_("channels (cách thức thực hiện)")),
    ("c:Documents", N_("documents (thành phần hồ sơ)")),
    (".//c:TimeLimit", N_("time limit (thời hạn giải quyết)")),
    ("c:Subjects", N_("target group (đối tượng thực hiện)")),
    ("c:Agencies", N_("agency (cơ quan giải quyết)")),
)


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path, _NS)
    return None if found is None else (found.text or "")


class CatalogueRules:
    """The SVC2xx checks on a schema-valid catalogue.

    >>> CatalogueRules().name
    'rules'
    """

    name = "rules"

    def skip_reason(self, context: ValidationContext) -> str | None:
        """Skip the rules when the document does not conform to the schema.

        The XSD layer, which runs first in the profile, records its verdict in the cache.
        """
        if context.cache.get(XSD_VALID) == _XSD:
            return None
        return "skipped: the document does not conform to the catalogue schema"

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """Check codes, duplicates and completeness of every procedure."""
        issues: list[Issue] = []
        seen: dict[str, int] = {}
        for procedure in context.parsed.root.iterfind("c:Procedures/c:Procedure", _NS):
            code = _text(procedure, "c:Code") or ""
            code_element = procedure.find("c:Code", _NS)
            try:
                procedure_code.validate(code)
            except CodeError as exc:
                issues.append(context.issue("SVC201", exc.message, element=code_element))
            if code in seen:
                issues.append(context.issue(
                    "SVC202", tr("procedure code {code} appears twice (first at position "
                                 "{position})", code=code, position=seen[code]),
                    element=code_element))
            seen.setdefault(code, len(seen) + 1)
            for element in procedure.iterfind("c:Fields/c:Field/c:Code", _NS):
                if not field_code.is_valid(element.text or ""):
                    issues.append(context.issue(
                        "SVC204", tr("field code {code} is not MX1X2-LV",
                                     code=repr(element.text)),
                        element=element))
            for element in procedure.iterfind("c:Cases/c:Case/c:Code", _NS):
                if not service_code.is_valid(element.text or ""):
                    issues.append(context.issue(
                        "SVC205", tr("case code {code} is not <procedure>.NN",
                                     code=repr(element.text)),
                        element=element))
            missing = [label for path, label in _REQUIRED_PARTS
                       if procedure.find(path, _NS) is None]
            if missing:
                issues.append(context.issue(
                    "SVC203", tr("procedure {code} lacks: {parts}", code=code,
                                 parts=", ".join(translate(part) for part in missing)),
                    element=procedure))
        return issues


def _detect(root: etree._Element) -> bool:
    return bool(root.tag == f"{{{NAMESPACE}}}Catalogue")


CATALOGUE_PROFILE: Final = Profile(
    id=_rules.PROFILE_ID,
    version="1.0",
    title="vn_egov service catalogue (XSD + NĐ 63/2010 completeness rules)",
    layers=(XsdLayer(_XSD), CatalogueRules()),
    detect=_detect,
)

#: Schema only: what the reader needs before building models.
CATALOGUE_XSD_PROFILE: Final = Profile(
    id="service-catalogue-xsd",
    version="1.0",
    title="vn_egov service catalogue (XSD only)",
    layers=(XsdLayer(_XSD),),
    detect=lambda _root: False,
)
