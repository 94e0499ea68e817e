"""E-forms (biểu mẫu điện tử / tờ khai điện tử) as one-stop systems store them: Form.io JSON.

A procedure case carries its form (a Form.io schema, as the Thanh Hóa system stores it per
``TruongHopThuTuc``); a dossier carries the submitted data (``eFormData``). :func:`validate_data`
checks the data against the form — required fields, types, patterns, lengths, bounds, the
values of selects, radios and select boxes — and reports every problem as an
:class:`~vn_egov.validation.Issue` whose ``xpath`` is the field's path in the data
(``data.nguoiKhai.hoTen``, ``data.thanhVien[1].ngaySinh``). :func:`render_lines` gives the
label and the value of every answered field, in form order, for the receipt.

Layout components (panel, fieldset, columns, tabs, table, well) only group fields; containers
nest an object, data grids and edit grids a list of rows. Form.io's client-side logic
(conditional display, custom JavaScript validation) is not evaluated; a form that uses it is
reported once (rule SVC407) so that nobody mistakes a pass for a complete check.

>>> form = EForm.model_validate({"components": [
...     {"type": "textfield", "key": "hoTen", "label": "Họ và tên", "input": True,
...      "validate": {"required": True}}]})
>>> [issue.xpath for issue in validate_data(form, {"data": {}})]
['data.hoTen']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vn_egov.errors import InputError
from vn_egov.i18n import tr, translate
from vn_egov.services import rules as _rules  # noqa: F401 - registers the SVC4xx rules
from vn_egov.validation import Issue, issue_for

__all__ = ["EForm", "Option", "load_form", "render_lines", "validate_data"]

_LAYOUT: Final = frozenset({"panel", "fieldset", "columns", "tabs", "table", "well",
                            "column", "container_layout"})
_NO_INPUT: Final = frozenset({"button", "htmlelement", "content"})
_TEXT: Final = frozenset({"textfield", "textarea", "password", "phoneNumber", "email", "url",
                          "hidden", "signature", "time", "tags"})
_DATES: Final = frozenset({"datetime", "day"})
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_DEPTH: Final = 32
_MAX_PATTERN: Final = 1000
_PATTERN_SECONDS: Final = 0.5

try:  # the optional "forms" extra: a regex engine with a timeout for patterns from outside
    import regex as _regex
except ImportError:  # pragma: no cover - exercised when the extra is not installed
    _regex = None


class Option(BaseModel):
    """One choice of a select, radio or select-boxes component.

    >>> Option(label="Nam", value="nam").value
    'nam'
    """

    model_config = ConfigDict(extra="allow")
    label: str = ""
    value: Any = None


class FieldRules(BaseModel):
    """Form.io ``validate``: what the submitted value must satisfy.

    >>> FieldRules.model_validate({"minLength": 2}).min_length
    2
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    required: bool = False
    pattern: str | None = None
    min_length: int | None = Field(default=None, alias="minLength")
    max_length: int | None = Field(default=None, alias="maxLength")
    minimum: float | None = Field(default=None, alias="min")
    maximum: float | None = Field(default=None, alias="max")
    custom: str | None = None


class OptionSource(BaseModel):
    """Form.io ``data`` of a select: the static list of values."""

    model_config = ConfigDict(extra="allow")
    values: list[Option] = Field(default_factory=list)


class Component(BaseModel):
    """One Form.io component; unknown keys are kept (``extra="allow"``).

    >>> Component.model_validate({"type": "number", "key": "tuoi"}).is_input
    True
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    type: str = "textfield"
    key: str = ""
    label: str = ""
    input: bool | None = None
    multiple: bool = False
    validate_: FieldRules = Field(default_factory=FieldRules, alias="validate")
    data: OptionSource | None = None
    values: list[Option] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    columns: list[Component] = Field(default_factory=list)
    rows: list[list[Component]] = Field(default_factory=list)
    conditional: dict[str, Any] | None = None
    custom_conditional: str | None = Field(default=None, alias="customConditional")

    @property
    def is_input(self) -> bool:
        """True when the component holds a value of its own."""
        if self.type in _NO_INPUT or self.type in _LAYOUT:
            return False
        return self.input is not False and bool(self.key)

    @property
    def options(self) -> list[Option]:
        """The allowed choices (select ``data.values`` or radio/select-boxes ``values``)."""
        return list(self.data.values) if self.data is not None and self.data.values else (
            list(self.values))

    def children(self) -> Iterator[Component]:
        """Components nested in this one (panels, columns, table rows, grids)."""
        yield from self.components
        for column in self.columns:
            yield from column.components
        for row in self.rows:
            for cell in row:
                yield from cell.components


class EForm(BaseModel):
    """A Form.io form (``display`` "form" or "wizard").

    >>> EForm.model_validate({"components": [{"type": "textfield", "key": "a"}]}).fields()
    ['a']
    """

    model_config = ConfigDict(extra="allow")
    title: str | None = None
    display: str = "form"
    components: list[Component] = Field(default_factory=list)

    def fields(self) -> list[str]:
        """The top-level data keys of the form, in form order."""
        return [component.key for component in _inputs(self.components)]

    def uses_logic(self) -> bool:
        """True when some component has conditions or custom validation not evaluated here."""
        return any(_has_logic(component) for component in self.components)


def _inputs(components: list[Component]) -> Iterator[Component]:
    """The input components at this data level (layout components are transparent)."""
    for component in components:
        if component.is_input:
            yield component
        elif component.type not in _NO_INPUT:
            yield from _inputs(list(component.children()))


def _has_logic(component: Component) -> bool:
    condition = component.conditional or {}
    if component.custom_conditional or component.validate_.custom or condition.get("when") \
            or condition.get("json"):
        return True
    return any(_has_logic(child) for child in component.children())


def load_form(data: Any) -> EForm:
    """Read a Form.io schema from JSON text, bytes or a parsed object.

    >>> load_form('{"components": 3}')
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: the e-form is not a Form.io schema: components: ...
    """
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise InputError(tr("the e-form is not JSON: {error}", error=exc)) from None
    try:
        return EForm.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(tr("the e-form is not a Form.io schema: {where}: {problem}",
                            where=where, problem=first["msg"]),
                         hint=tr("give the form as the form builder exports it")) from None


def _submission(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping) and isinstance(data.get("data"), Mapping):
        return data["data"]  # type: ignore[no-any-return]
    if isinstance(data, Mapping):
        return data
    raise InputError(tr("the submitted form data is not an object"),
                     hint=tr("give the submission as {{\"data\": {{...}}}} or the data object"))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


class _Checker:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, rule: str, path: str, message: str) -> None:
        self.issues.append(issue_for(rule, message, xpath=path))

    def level(self, components: list[Component], data: Mapping[str, Any], path: str,
              depth: int) -> None:
        if depth > _MAX_DEPTH:
            self.add("SVC407", path, tr("the form nests deeper than {depth} levels",
                                        depth=_MAX_DEPTH))
            return
        known = set()
        for component in _inputs(components):
            known.add(component.key)
            self.component(component, data.get(component.key), f"{path}.{component.key}",
                           depth)
        for key in data:
            if key not in known and key != "submit":
                self.add("SVC406", f"{path}.{key}",
                         tr("field {key} is not in the form", key=key))

    def component(self, component: Component, value: Any, path: str, depth: int) -> None:
        label = component.label or component.key
        if _empty(value):
            if component.validate_.required:
                self.add("SVC401", path, tr("{label} is required", label=label))
            return
        if component.type == "container":
            self.nested(component, value, path, depth)
        elif component.type in ("datagrid", "editgrid"):
            self.rows(component, value, path, depth)
        elif component.multiple and component.type not in ("selectboxes", "file", "tags"):
            if not isinstance(value, list):
                self.add("SVC402", path, tr("{label} must be a list", label=label))
                return
            for index, item in enumerate(value):
                self.scalar(component, item, f"{path}[{index}]")
        else:
            self.scalar(component, value, path)

    def nested(self, component: Component, value: Any, path: str, depth: int) -> None:
        if not isinstance(value, Mapping):
            self.add("SVC402", path, tr("{label} must be an object",
                                        label=component.label or component.key))
            return
        self.level(list(component.children()), value, path, depth + 1)

    def rows(self, component: Component, value: Any, path: str, depth: int) -> None:
        if not isinstance(value, list):
            self.add("SVC402", path, tr("{label} must be a list of rows",
                                        label=component.label or component.key))
            return
        for index, row in enumerate(value):
            self.nested(component, row, f"{path}[{index}]", depth)

    def scalar(self, component: Component, value: Any, path: str) -> None:
        label = component.label or component.key
        kind = component.type
        if kind in {"number", "currency"}:
            self.number(component, value, path)
        elif kind == "checkbox":
            if not isinstance(value, bool):
                self.add("SVC402", path, tr("{label} must be true or false", label=label))
        elif kind == "selectboxes":
            self.select_boxes(component, value, path)
        elif kind in ("select", "radio"):
            self.choice(component, value, path)
        elif kind == "file":
            if not isinstance(value, list):
                self.add("SVC402", path, tr("{label} must be a list of files", label=label))
        elif kind in _DATES:
            self.date(component, value, path)
        else:
            self.text(component, value, path)

    def text(self, component: Component, value: Any, path: str) -> None:
        label = component.label or component.key
        if not isinstance(value, str):
            self.add("SVC402", path, tr("{label} must be text", label=label))
            return
        rules = component.validate_
        if rules.min_length is not None and len(value) < rules.min_length:
            self.add("SVC405", path, tr("{label} has {count} characters; at least {limit}",
                                        label=label, count=len(value), limit=rules.min_length))
        if rules.max_length is not None and len(value) > rules.max_length:
            self.add("SVC405", path, tr("{label} has {count} characters; at most {limit}",
                                        label=label, count=len(value), limit=rules.max_length))
        # an address has at most 254 characters (RFC 5321): longer text is not matched at all
        if component.type == "email" and (len(value) > 254 or not _EMAIL.match(value)):
            self.add("SVC403", path, tr("{label} is not an e-mail address", label=label))
        if rules.pattern:
            self.pattern(component, value, path)

    def pattern(self, component: Component, value: str, path: str) -> None:
        label = component.label or component.key
        pattern = component.validate_.pattern or ""
        if _regex is None:
            self.add("SVC407", path, tr("the pattern of {label} is not checked: install "
                                        "vn-egov[forms] to evaluate patterns safely",
                                        label=label))
            return
        try:
            if len(pattern) > _MAX_PATTERN:
                raise _regex.error("pattern too long")
            compiled = _regex.compile(pattern)
            # Form.io anchors the pattern on the whole value; a hostile pattern is bounded.
            matched = compiled.fullmatch(value[:10_000], timeout=_PATTERN_SECONDS)
        except _regex.error:
            self.add("SVC407", path, tr("the pattern of {label} is not a usable regular "
                                        "expression", label=label))
            return
        except TimeoutError:
            self.add("SVC407", path, tr("the pattern of {label} took too long to evaluate",
                                        label=label))
            return
        if matched is None:
            self.add("SVC403", path, tr("{label} does not match the pattern {pattern}",
                                        label=label, pattern=pattern))

    def number(self, component: Component, value: Any, path: str) -> None:
        label = component.label or component.key
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.add("SVC402", path, tr("{label} must be a number", label=label))
            return
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.add("SVC402", path, tr("{label} must be a number", label=label))
            return
        rules = component.validate_
        if rules.minimum is not None and number < Decimal(str(rules.minimum)):
            self.add("SVC405", path, tr("{label} is {value}; at least {limit}", label=label,
                                        value=value, limit=rules.minimum))
        if rules.maximum is not None and number > Decimal(str(rules.maximum)):
            self.add("SVC405", path, tr("{label} is {value}; at most {limit}", label=label,
                                        value=value, limit=rules.maximum))

    def choice(self, component: Component, value: Any, path: str) -> None:
        allowed = [option.value for option in component.options]
        if allowed and value not in allowed:
            self.add("SVC404", path, tr("{label}: {value} is not one of {allowed}",
                                        label=component.label or component.key,
                                        value=json.dumps(value, ensure_ascii=False),
                                        allowed=", ".join(json.dumps(v, ensure_ascii=False)
                                                          for v in allowed)))

    def select_boxes(self, component: Component, value: Any, path: str) -> None:
        label = component.label or component.key
        if not isinstance(value, Mapping) or not all(isinstance(v, bool)
                                                     for v in value.values()):
            self.add("SVC402", path, tr("{label} must map each choice to true or false",
                                        label=label))
            return
        allowed = {str(option.value) for option in component.options}
        for key in value:
            if allowed and key not in allowed:
                self.add("SVC404", f"{path}.{key}", tr("{label}: {value} is not one of "
                                                       "{allowed}", label=label, value=key,
                                                       allowed=", ".join(sorted(allowed))))
        if component.validate_.required and not any(value.values()):
            self.add("SVC401", path, tr("{label} is required", label=label))

    def date(self, component: Component, value: Any, path: str) -> None:
        label = component.label or component.key
        if not isinstance(value, str):
            self.add("SVC402", path, tr("{label} must be a date", label=label))
            return
        text = value.strip()
        try:
            if component.type == "day":
                dt.datetime.strptime(text, "%d/%m/%Y")
            else:
                dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            expected = "dd/mm/yyyy" if component.type == "day" else "ISO 8601"
            self.add("SVC402", path, tr("{label}: {value} is not a date ({expected})",
                                        label=label, value=value, expected=expected))


def validate_data(form: EForm, submission: Any) -> list[Issue]:
    """Check submitted data against *form*; each issue's ``xpath`` is the field's path.

    >>> form = EForm.model_validate({"components": [{"type": "select", "key": "gioiTinh",
    ...     "label": "Giới tính", "data": {"values": [{"label": "Nam", "value": "nam"}]}}]})
    >>> [i.message for i in validate_data(form, {"gioiTinh": "x"})]
    ['Giới tính: "x" is not one of "nam"']
    """
    checker = _Checker()
    if form.uses_logic():
        checker.add("SVC407", "data", tr("the form has conditions or custom validation that "
                                         "are not evaluated"))
    checker.level(form.components, _submission(submission), "data", 0)
    return checker.issues


def _display(component: Component, value: Any, lang: str | None) -> str:
    labels = {json.dumps(o.value, ensure_ascii=False): o.label for o in component.options}
    if component.type == "selectboxes" and isinstance(value, Mapping):
        chosen = [labels.get(json.dumps(key, ensure_ascii=False), str(key))
                  for key, ticked in value.items() if ticked]
        return ", ".join(chosen)
    if isinstance(value, bool):
        return translate("yes", lang) if value else translate("no", lang)
    if isinstance(value, list):
        return ", ".join(_display(component, item, lang) for item in value)
    key = json.dumps(value, ensure_ascii=False)
    if key in labels:
        return labels[key]
    return str(value)


def render_lines(form: EForm, submission: Any,
                 lang: str | None = None) -> list[tuple[str, str]]:
    """``(label, value)`` of every answered field, in form order; grid rows are numbered.

    >>> form = EForm.model_validate({"components": [{"type": "radio", "key": "kenh",
    ...     "label": "Nhận kết quả", "values": [{"label": "Bưu chính", "value": "bc"}]}]})
    >>> render_lines(form, {"data": {"kenh": "bc"}})
    [('Nhận kết quả', 'Bưu chính')]
    """
    lines: list[tuple[str, str]] = []
    _render(form.components, _submission(submission), "", lines, (0, lang))
    return lines


def _render(components: list[Component], data: Mapping[str, Any], prefix: str,
            lines: list[tuple[str, str]], state: tuple[int, str | None]) -> None:
    depth, lang = state
    if depth > _MAX_DEPTH:
        return
    for component in _inputs(components):
        value = data.get(component.key)
        label = prefix + (component.label or component.key)
        if _empty(value):
            continue
        if component.type == "container" and isinstance(value, Mapping):
            _render(list(component.children()), value, label + " › ", lines, (depth + 1, lang))
        elif component.type in ("datagrid", "editgrid") and isinstance(value, list):
            for index, row in enumerate(value, 1):
                if isinstance(row, Mapping):
                    _render(list(component.children()), row, f"{label} [{index}] › ", lines,
                            (depth + 1, lang))
        else:
            lines.append((label, _display(component, value, lang)))
