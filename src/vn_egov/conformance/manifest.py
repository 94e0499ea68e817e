"""The corpus manifest: one :class:`Case` per conformance case, versioned as a whole.

``conformance/manifest.json`` (shipped in the wheel as ``vn_egov/conformance_corpus``) is a
:class:`Manifest`. Paths inside it are relative to the manifest's folder.

>>> manifest = load_manifest()
>>> manifest.corpus_version.count(".")
2
>>> case = manifest.case("doc-new-basic")
>>> case.type, case.kind, case.expected.valid
('edxml', 'document', True)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from vn_egov.errors import ConfigurationError, InputError, MalformedJSONError, UnsafeJSONError
from vn_egov.i18n import tr
from vn_egov.safejson import load_json

__all__ = ["Case", "CodeSystem", "Expected", "Manifest", "load_manifest"]

CaseType = Literal["edxml", "signature", "unit-code"]
CodeSystem = Literal["agency", "division", "notation"]
MANIFEST_NAME = "manifest.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expected(_Strict):
    """The expected outcome of a case.

    * ``valid``: the verdict of a validator with the default (non-strict) policy; for a
      signature case: cryptographically valid, allowed by the policy and trusted; for a code:
      the code is valid.
    * ``readable``: edXML only - a tolerant reader accepts the package and extracts its key
      fields (dialect packages are readable although not schema-valid).
    * ``rules``: the exact set of rule ids the library reports (sorted).
    * ``fields``: key fields (a subset of the ``vn-egov inspect --format json`` output; for
      signatures ``crypto``/``trust``; for codes ``normalized`` or ``error``).

    >>> Expected(valid=True, rules=["EDX501"]).readable is None
    True
    """

    valid: bool
    readable: bool | None = None
    rules: tuple[str, ...] = ()
    fields: dict[str, Any] = Field(default_factory=dict)


class SignatureSetup(_Strict):
    """How a signature case is verified: trust anchors and the time of the check.

    >>> SignatureSetup(trust=("pki/root-ca.pem",), at="2025-06-01T00:00:00+07:00").at.year
    2025
    """

    trust: tuple[str, ...]
    intermediates: tuple[str, ...] = ()
    at: dt.datetime


class Case(_Strict):
    """One conformance case (see ``docs/conformance.md`` for every field).

    >>> Case(id="x-1", title="t", type="unit-code", spec="QĐ 20/2020/QĐ-TTg", code_system="agency",
    ...      value="G22", expected=Expected(valid=True)).value
    'G22'
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    type: CaseType
    spec: str
    tags: tuple[str, ...] = ()
    notes: str | None = None
    kind: Literal["document", "status"] | None = None
    profile: str | None = None
    input: str | None = None
    producer_input: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    signature: SignatureSetup | None = None
    code_system: CodeSystem | None = None
    value: str | None = None
    expected: Expected

    @model_validator(mode="after")
    def _complete(self) -> Case:
        needs: dict[str, tuple[str, ...]] = {
            "edxml": ("kind", "profile", "input"),
            "signature": ("input", "signature"),
            "unit-code": ("code_system", "value"),
        }
        missing = [name for name in needs[self.type] if getattr(self, name) is None]
        if missing:
            raise ValueError(tr("a {type} case needs {fields}", type=self.type,
                                fields=", ".join(missing)))
        if self.type == "edxml" and self.expected.readable is None:
            raise ValueError(tr("an edxml case needs expected.readable"))
        return self

    @property
    def files(self) -> tuple[str, ...]:
        """Every corpus file the case uses (input, producer input, certificates)."""
        found = [self.input, self.producer_input]
        if self.signature is not None:
            found += [*self.signature.trust, *self.signature.intermediates]
        return tuple(name for name in found if name is not None)


class Manifest(_Strict):
    """The whole corpus: version, provenance and the cases.

    ``untriggerable_rules`` names registered rule ids that no input can make the library
    report today, with the reason, so the "every rule has a case" promise stays honest.
    """

    corpus_version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    title: str
    generated_by: str
    notice: str
    untriggerable_rules: dict[str, str] = Field(default_factory=dict)
    cases: tuple[Case, ...]
    _directory: Path = PrivateAttr(default=Path("."))

    @model_validator(mode="after")
    def _unique_ids(self) -> Manifest:
        ids = [case.id for case in self.cases]
        duplicates = sorted({case_id for case_id in ids if ids.count(case_id) > 1})
        if duplicates:
            raise ValueError(tr("duplicate case ids: {ids}", ids=", ".join(duplicates)))
        return self

    @property
    def directory(self) -> Path:
        """Folder the case paths are relative to."""
        return self._directory

    def path(self, relative: str) -> Path:
        """Absolute path of a corpus file."""
        return self._directory / relative

    def case(self, case_id: str) -> Case:
        """The case named *case_id*; :class:`ConfigurationError` when there is none."""
        for case in self.cases:
            if case.id == case_id:
                return case
        raise ConfigurationError(tr("no conformance case {id!r}", id=case_id),
                                 hint=tr("list the ids with 'vn-egov conformance list'"))

    def select(self, ids: tuple[str, ...] = (), types: tuple[str, ...] = ()) -> tuple[Case, ...]:
        """The cases whose id is in *ids* (all when empty) and type in *types* (all when empty).

        Unknown ids raise :class:`ConfigurationError`.
        """
        for case_id in ids:
            self.case(case_id)
        return tuple(c for c in self.cases
                     if (not ids or c.id in ids) and (not types or c.type in types))


def load_manifest(directory: str | Path | None = None) -> Manifest:
    """Read ``manifest.json`` from *directory* (default: the shipped corpus) and check it.

    Raises :class:`ConfigurationError` naming the problem when the file is missing, is not
    JSON, does not match the model, or refers to a file that is not there.
    """
    from vn_egov._resources import conformance_dir

    folder = Path(directory) if directory is not None else conformance_dir()
    path = folder / MANIFEST_NAME
    try:
        data = load_json(path)  # through the input gate, with the JSON limits
    except InputError as exc:
        raise ConfigurationError(tr("cannot read the conformance manifest {path}: {error}",
                                    path=path, error=exc.message),
                                 hint=tr("point to a folder that holds manifest.json")) from exc
    except (MalformedJSONError, UnsafeJSONError) as exc:
        raise ConfigurationError(tr("{path}: invalid JSON: {error}", path=path,
                                    error=exc.message), source=str(path),
                                 line=exc.line, column=exc.column, xpath=exc.xpath,
                                 hint=exc.hint) from exc
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigurationError(f"{path}: {where}: {first['msg']}",
                                 hint=tr("regenerate it with tools/build_conformance_corpus.py"),
                                 source=str(path)) from exc
    manifest._directory = folder
    for case in manifest.cases:
        for name in case.files:
            if not (folder / name).is_file():
                raise ConfigurationError(
                    tr("case {id}: file {name} is missing from {folder}", id=case.id, name=name,
                       folder=folder),
                    hint=tr("the corpus is incomplete; reinstall or regenerate"))
    return manifest
