"""The reference producer: turns a case's producer input (JSON) into the package bytes.

A producer input is ``{"kind": "document", "build_spec": <BuildSpec>, "attachments": [...]}``
(each attachment: ``content_id``, ``name``, ``description``, ``content_type``,
``data_base64``) or ``{"kind": "status", "header": <StatusHeader>}``; see
``docs/conformance.md``. Vendors implement the same contract in their own producer; this one
is what ``vn-egov conformance check --producer`` is tested with::

    python -m vn_egov.conformance.producer INPUT.json OUTPUT.edxml

>>> import json
>>> from vn_egov.conformance.manifest import load_manifest
>>> manifest = load_manifest()
>>> case = manifest.case("status-03-acceptance")
>>> description = json.loads(manifest.path(case.producer_input).read_text(encoding="utf-8"))
>>> produce(description) == manifest.path(case.input).read_bytes()
True
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vn_egov import _b64
from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.safejson import load_json

__all__ = ["load_input", "main", "produce"]


def _attachments(items: Sequence[Mapping[str, Any]]) -> list[Any]:
    from vn_egov.edoc.models import Attachment

    found = []
    for index, item in enumerate(items):
        try:
            data = _b64.decode(str(item["data_base64"]))
        except (KeyError, ValueError) as exc:  # binascii.Error is a ValueError
            raise InputError(tr("attachments[{index}].data_base64 is missing or not base64",
                                index=index),
                             hint=tr("give the file content as standard base64")) from exc
        fields = {k: item.get(k) for k in ("content_id", "name", "description", "content_type")}
        found.append(Attachment(**fields, data=data))
    return found


def produce(description: Mapping[str, Any]) -> bytes:
    """The canonical package described by *description* (raises :class:`InputError`)."""
    from vn_egov.edoc import write
    from vn_egov.edoc.models import StatusHeader, StatusPackage
    from vn_egov.edoc.spec import BuildSpec

    kind = description.get("kind")
    try:
        if kind == "document":
            spec = BuildSpec.model_validate(description.get("build_spec"))
            return write(spec.to_package(_attachments(description.get("attachments") or [])))
        if kind == "status":
            header = StatusHeader.model_validate(description.get("header"))
            return write(StatusPackage(header=header))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(tr("producer input: {where}: {problem}", where=where,
                            problem=first["msg"]),
                         hint=tr("see the producer input format in docs/conformance.md")
                         ) from exc
    raise InputError(tr("producer input kind {kind!r} is neither 'document' nor 'status'",
                        kind=kind),
                     hint=tr('set "kind" to document or status'))


def load_input(path: str | Path) -> dict[str, Any]:
    """Read a producer input file (UTF-8 JSON object), through the safe JSON loader.

    Unreadable files raise :class:`~vn_egov.errors.InputError`, invalid JSON
    :class:`~vn_egov.errors.MalformedJSONError` (with the JSON path).
    """
    data = load_json(Path(path))
    if not isinstance(data, dict):
        raise InputError(tr("{path}: the producer input must be a JSON object", path=path),
                         source=str(path))
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m vn_egov.conformance.producer INPUT OUTPUT``: 0 written, 2 on error."""
    from vn_egov.errors import VnEgovError

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print(tr("usage: {command} INPUT.json OUTPUT.edxml",
                 command="python -m vn_egov.conformance.producer"), file=sys.stderr)
        return 2
    try:
        Path(args[1]).write_bytes(produce(load_input(args[0])))
    except (VnEgovError, OSError) as exc:
        print(tr("producer: error: {error}", error=exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
