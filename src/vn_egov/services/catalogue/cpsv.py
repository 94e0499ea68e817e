"""A **lossy** export of a catalogue to EU CPSV-AP 3.2.0 JSON-LD.

Vietnamese concepts with no CPSV-AP slot go into a small ``vn:`` extension (working-day
durations, cases, original/copy counts, phí vs lệ phí, online and implementation levels,
publication decisions). What cannot be expressed even so is listed in
:attr:`CpsvExport.unmapped`, one line per loss, so nothing disappears silently. The output is
not checked against the CPSV-AP SHACL shapes (that would need rdflib/pyshacl).

>>> from vn_egov.services.catalogue.models import Catalogue, Procedure, Publisher
>>> cat = Catalogue(id="x", title="t", version="1", publisher=Publisher(name="p"),
...                 procedures=[Procedure(code="1.001193", name="Đăng ký khai sinh")])
>>> export = to_cpsv_jsonld(cat)
>>> export.document["@graph"][0]["dct:identifier"]
'1.001193'
>>> export.unmapped[0]
'1.001193: no description; dct:description repeats the title'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from vn_egov.i18n import tr
from vn_egov.services.catalogue.models import (
    AgencyRole,
    Catalogue,
    OnlineLevel,
    Procedure,
    TimeLimit,
    TimeUnit,
)

__all__ = ["to_cpsv_jsonld"]

CPSV_AP_VERSION: Final = "3.2.0"
CONTEXT: Final = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vn": "urn:vn-egov:cpsv-extension#",
}
_CHANNEL_TYPES: Final = {"DIRECT": "ASSISTED", "ONLINE": "ONLINE", "POSTAL": "MAIL"}


@dataclass
class CpsvExport:
    """The JSON-LD document and the list of what did not map.

    >>> CpsvExport({}).unmapped
    []
    """

    document: dict[str, Any]
    unmapped: list[str] = field(default_factory=list)


def _vi(text: str) -> dict[str, str]:
    return {"@language": "vi", "@value": text}


def _duration(limit: TimeLimit) -> str | None:
    value = limit.value
    if limit.unit is TimeUnit.WORKING_HOUR:
        return f"PT{format(value, 'f')}H"
    if limit.unit in (TimeUnit.WORKING_DAY, TimeUnit.CALENDAR_DAY):
        if value == value.to_integral_value():
            return f"P{int(value)}D"
        return f"PT{format(value * Decimal(24), 'f')}H"
    return None


def _channels_and_costs(p: Procedure, iri: str, node: dict[str, Any], lost: list[str]) -> None:
    channels: list[dict[str, Any]] = []
    costs: list[dict[str, Any]] = []
    for i, channel in enumerate(p.channels, 1):
        channel_id = f"{iri}/channel/{i}"
        entry: dict[str, Any] = {"@id": channel_id, "@type": "cv:Channel",
                                 "dct:identifier": str(i),
                                 "dct:type": _CHANNEL_TYPES[channel.kind.value],
                                 "vn:channelKind": channel.kind.value}
        if channel.time_limit is not None:
            duration = _duration(channel.time_limit)
            if duration:
                entry["cv:processingTime"] = {"@type": "xsd:duration", "@value": duration}
            entry["vn:timeLimit"] = {"vn:value": format(channel.time_limit.value, "f"),
                                     "vn:unit": channel.time_limit.unit.value}
            if channel.time_limit.unit is not TimeUnit.CALENDAR_DAY:
                lost.append(tr("{code}: channel {index} limit in {unit}: xsd:duration cannot say "
                               "'working' (kept in vn:timeLimit)", code=p.code, index=i,
                               unit=channel.time_limit.unit.value))
        channels.append(entry)
        for j, fee in enumerate(channel.fees, 1):
            cost: dict[str, Any] = {"@type": "cv:Cost", "dct:identifier": f"{i}.{j}",
                                    "cv:ifAccessedThrough": {"@id": channel_id},
                                    "vn:feeKind": fee.kind.value}
            if fee.amount is not None:
                cost["cv:hasValue"] = float(fee.amount)
            else:
                index = f"{i}.{j}"
                lost.append(tr("{code}: fee {index} has no numeric amount ({text} kept in "
                               "dct:description)", code=p.code, index=index,
                               text=repr(fee.raw_text)))
            if fee.currency:
                cost["cv:currency"] = fee.currency
            text = " ".join(t for t in (fee.raw_text, fee.description) if t)
            if text:
                cost["dct:description"] = _vi(text)
            costs.append(cost)
    if channels:
        node["cv:hasChannel"] = channels
    if costs:
        node["cv:hasCost"] = costs
        lost.append(tr("{code}: phí vs lệ phí has no CPSV-AP property (kept in vn:feeKind)",
                       code=p.code))


def _describe(p: Procedure, node: dict[str, Any], lost: list[str]) -> None:
    if p.description:
        node["dct:description"] = _vi(p.description)
    else:
        node["dct:description"] = _vi(p.name)
        lost.append(tr("{code}: no description; dct:description repeats the title",
                       code=p.code))


def _agents(p: Procedure, node: dict[str, Any], lost: list[str]) -> None:
    authorities = p.agencies_in(AgencyRole.COMPETENT) or p.agencies_in(AgencyRole.EXECUTING)
    node["cv:hasCompetentAuthority"] = [
        {"@type": "cv:PublicOrganisation", "dct:identifier": a.code,
         "skos:prefLabel": _vi(a.name or a.agency_type or "")} for a in authorities]
    if not authorities:
        lost.append(tr("{code}: no competent or executing agency (cv:hasCompetentAuthority "
                       "is mandatory)", code=p.code))
    if authorities:
        lost.append(tr("{code}: cv:PublicOrganisation dct:spatial (mandatory) is not known",
                       code=p.code))
    others = [a for a in p.agencies if a.role in (AgencyRole.AUTHORISED, AgencyRole.COORDINATING)]
    if others:
        node["cv:hasParticipation"] = [
            {"@type": "cv:Participation", "cv:role": a.role.value,
             "dct:description": _vi(a.name or a.agency_type or "")} for a in others]
    if p.fields:
        node["cv:thematicArea"] = [{"@id": f"urn:vn-egov:field:{f.code}",
                                    "skos:prefLabel": _vi(f.name or "")} for f in p.fields]
    if p.subjects:
        node["dct:audience"] = [{"@type": "skos:Concept", "skos:notation": s.code,
                                 "skos:prefLabel": _vi(s.name)} for s in p.subjects]


def _inputs_and_outputs(p: Procedure, node: dict[str, Any], lost: list[str]) -> None:
    if p.documents:
        node["cpsv:hasInput"] = [
            {"@type": "cv:Evidence", "dct:identifier": d.code or f"{p.code}/input/{n}",
             "dct:title": _vi(d.name), "vn:case": d.case, "vn:originalCount": d.originals,
             "vn:copyCount": d.copies, "foaf:page": d.template_url}
            for n, d in enumerate(p.documents, 1)]
        lost.append(tr("{code}: original/copy counts and cases of documents are "
                       "extension-only", code=p.code))
    if p.conditions:
        node["cv:holdsRequirement"] = [{"@type": "cv:Requirement",
                                        "dct:identifier": f"{p.code}/requirement",
                                        "dct:title": _vi(p.conditions)}]
    if p.results:
        node["cpsv:produces"] = [{"@type": "cv:Output",
                                  "dct:identifier": r.code or f"{p.code}/output/{n}",
                                  "dct:title": _vi(r.name)} for n, r in enumerate(p.results, 1)]
    if p.legal_bases:
        node["cv:hasLegalResource"] = [{"@type": "eli:LegalResource",
                                        "dct:identifier": b.number, "dct:title": b.title}
                                       for b in p.legal_bases]
    if p.keywords:
        node["dcat:keyword"] = [_vi(k) for k in p.keywords]


def _extensions(p: Procedure, node: dict[str, Any], lost: list[str]) -> None:
    if p.steps:
        lost.append(tr("{code}: {count} steps have no CPSV-AP class (not exported)",
                       code=p.code, count=len(p.steps)))
    if p.cases:
        node["vn:case"] = [{"vn:code": c.code, "vn:name": c.name} for c in p.cases]
        lost.append(tr("{code}: cases (trường hợp) are extension-only", code=p.code))
    if p.online_level is not OnlineLevel.UNKNOWN:
        node["vn:onlineLevel"] = p.online_level.value
    if p.legacy_level is not None:
        node["vn:legacyLevel"] = p.legacy_level
    if p.implementation_levels:
        node["vn:implementationLevel"] = [level.value for level in p.implementation_levels]
    if p.decisions:
        node["vn:publicationDecision"] = [d.model_dump(mode="json", exclude_none=True)
                                          for d in p.decisions]
        lost.append(tr("{code}: publication decision has no native slot (vn: extension)",
                       code=p.code))
    if p.raw_json:
        lost.append(tr("{code}: the raw national record is not exported", code=p.code))


def _service(p: Procedure, base: str, lost: list[str]) -> dict[str, Any]:
    iri = f"{base}{p.code}"
    node: dict[str, Any] = {"@id": iri, "@type": "cpsv:PublicService", "dct:identifier": p.code,
                            "dct:title": _vi(p.name)}
    _describe(p, node, lost)
    _agents(p, node, lost)
    _channels_and_costs(p, iri, node, lost)
    _inputs_and_outputs(p, node, lost)
    _extensions(p, node, lost)
    cleaned: dict[str, Any] = _drop_none(node)
    return cleaned


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def to_cpsv_jsonld(catalogue: Catalogue, base_iri: str = "urn:vn-egov:tthc:") -> CpsvExport:
    """Export every procedure as a ``cpsv:PublicService`` node of one JSON-LD graph.

    >>> from vn_egov.services.catalogue.models import Publisher
    >>> to_cpsv_jsonld(Catalogue(id="x", title="t", version="1",
    ...                publisher=Publisher(name="p"))).document["vn:cpsvApVersion"]
    '3.2.0'
    """
    lost: list[str] = []
    graph = [_service(procedure, base_iri, lost) for procedure in catalogue.procedures]
    document = {"@context": CONTEXT, "@id": f"urn:vn-egov:catalogue:{catalogue.id}",
                "dct:title": _vi(catalogue.title), "dct:publisher": catalogue.publisher.name,
                "vn:catalogueVersion": catalogue.version, "vn:cpsvApVersion": CPSV_AP_VERSION,
                "@graph": graph}
    return CpsvExport(document, lost)
