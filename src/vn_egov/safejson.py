"""Safe JSON: every JSON document the library reads, with limits and located errors.

:func:`load_json` reads through the input gate (:mod:`vn_egov.inputs`: special files
refused unopened, at most ``max_bytes``), accepts UTF-8 only (RFC 8259 §8.1), and returns
plain Python values with numbers as exact decimals: integers as ``int``, other numbers as
:class:`decimal.Decimal` (never a binary float). It refuses, with an error that names the
JSON path of the value (``$.procedures[3].code``), its line and column and a hint:

* what is not JSON (:class:`~vn_egov.errors.MalformedJSONError`): syntax errors, invalid
  UTF-8, ``NaN`` and ``Infinity``, a key twice in one object (other parsers would keep the
  other value), a lone surrogate escape (``"\\ud800"``, which no encoder can write back);
* what exceeds a limit of :class:`JSONLimits` (:class:`~vn_egov.errors.UnsafeJSONError`):
  the size, the nesting depth, the number of values, the digits or the exponent of a
  number (``1e999999999`` is refused, not turned into a ``MemoryError`` later).

The common case costs little more than :func:`json.loads`: the C parser runs with hooks
for numbers and objects; only when it fails is the document scanned again, by a small
validating scanner, to find the path of the first problem.

>>> load_json(b'{"procedures": [{"code": "1.001193", "fee": 1.5e3}]}')
{'procedures': [{'code': '1.001193', 'fee': Decimal('1.5E+3')}]}
>>> load_json(b'{"procedures": [{"code": "x"}, {"code": NaN}]}')
Traceback (most recent call last):
...
vn_egov.errors.MalformedJSONError: 1:41: NaN is not a JSON number [$.procedures[1].code] ...
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C scanner
from typing import IO, Any, Final, NoReturn, TypeAlias

from vn_egov.errors import EmptyInput, MalformedJSONError, UnsafeJSONError, VnEgovError
from vn_egov.i18n import tr
from vn_egov.inputs import JSON_MAX_BYTES, check_bounds, read_input, size_error

__all__ = ["DEFAULT_JSON_LIMITS", "JSONLimits", "JSONSource", "dump_json", "json_path",
           "load_json"]

#: What :func:`load_json` reads: JSON bytes, JSON text (``str``), a path (``os.PathLike``),
#: a binary stream; the string ``"-"`` is standard input.
JSONSource: TypeAlias = "bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]"


@dataclass(frozen=True, slots=True)
class JSONLimits:
    """Bounds of :func:`load_json`.

    ``max_bytes``: size of the input. ``max_depth``: nesting of objects and arrays (the
    outermost is level 1). ``max_values``: values in the document (every member, element
    and container; counted before parsing, so a flood of ``{}`` cannot fill memory).
    ``max_number_digits``: digits of one number. ``max_exponent``: the decimal exponent of
    a number, written or effective, lies within ±this (308: the range of a binary double,
    beyond which other JSON parsers turn the value into infinity or zero).

    >>> JSONLimits(max_depth=8).max_values
    1000000
    >>> JSONLimits(max_depth=0)
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: JSONLimits.max_depth must be a positive integer, not 0
    """

    max_bytes: int = JSON_MAX_BYTES
    max_depth: int = 64
    max_values: int = 1_000_000
    max_number_digits: int = 40
    max_exponent: int = 308

    def __post_init__(self) -> None:
        check_bounds(self)


DEFAULT_JSON_LIMITS: Final = JSONLimits()

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_NUMBER: Final = re.compile(r"(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([-+]?[0-9]+))?")
# An escaped high surrogate not followed by a low one, or a low one not after a high one.
_LONE_SURROGATE_ESCAPE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_CONSTANTS: Final = (("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"))
_LITERALS: Final = ("true", "false", "null")
_KEY_DISPLAY: Final = 64


def load_json(source: JSONSource, *, limits: JSONLimits = DEFAULT_JSON_LIMITS,
              source_name: str | None = None) -> Any:
    """Parse the JSON document *source* safely and return its value.

    *source* is JSON bytes, JSON text (a ``str``; ``"-"`` reads standard input), a path
    (``pathlib.Path``) or a binary stream. Raises :class:`~vn_egov.errors.InputError` when
    it cannot be read or is empty, :class:`~vn_egov.errors.MalformedJSONError` when it is not
    JSON and :class:`~vn_egov.errors.UnsafeJSONError` when it exceeds *limits*; each error
    carries the JSON path (``xpath``), ``line``, ``column`` and a ``hint``.

    >>> load_json('[1, 2.50, -0, 1e2, "Hải Phòng", true, null]')
    [1, Decimal('2.50'), 0, Decimal('1E+2'), 'Hải Phòng', True, None]
    >>> load_json(b'{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    vn_egov.errors.MalformedJSONError: 1:10: the key 'a' appears twice in the object [$.a] ...
    """
    text, name = _text_of(source, limits, source_name)
    if not text.strip(" \t\r\n"):
        raise EmptyInput(tr("input is empty (no JSON value)"), source=name,
                         hint=tr("check that the file was written completely"))
    _check_value_count(text, limits, name)
    failure: Exception | None = None
    try:
        value = _decoder(limits).decode(text)
    except (json.JSONDecodeError, RecursionError, _Refused) as exc:
        failure, value = exc, None
    suspicious = _has_lone_surrogate_escape(text) or (
        isinstance(source, str) and _SURROGATE.search(text) is not None)  # bytes are UTF-8
    if failure is not None or suspicious or _too_deep(value, limits.max_depth):
        _Scanner(text, limits, name).scan()  # raises with the path of the first problem
    if failure is not None:
        raise _unlocated(failure, name)
    return value


def _has_lone_surrogate_escape(text: str) -> bool:
    """True when *text* may escape half a surrogate pair (``str.find`` first: the regular
    expression has no literal prefix to search for quickly)."""
    if "\\ud" not in text and "\\uD" not in text:
        return False
    return _LONE_SURROGATE_ESCAPE.search(text) is not None


def _unlocated(failure: Exception, name: str | None) -> VnEgovError:
    """The error for a parser failure the scanner could not place (nesting deeper than
    Python's recursion allows, with a ``max_depth`` raised that high)."""
    if isinstance(failure, json.JSONDecodeError):  # pragma: no cover - the scanner finds it
        return MalformedJSONError(tr("not valid JSON: {detail}", detail=failure.msg),
                                  source=name, line=failure.lineno, column=failure.colno,
                                  hint=tr("check the JSON syntax at that position"))
    return UnsafeJSONError(tr("objects and arrays nest deeper than the parser supports"),
                           source=name, xpath="$",
                           hint=tr("lower JSONLimits.max_depth below 500, or flatten the "
                                   "document"))


def json_path(steps: list[str | int]) -> str:
    """The JSON path of *steps* (keys and indexes), shown safely.

    Keys that are not identifiers are quoted; control, bidi and other invisible characters
    are escaped; very long keys are shortened.

    >>> json_path(["procedures", 3, "code"])
    '$.procedures[3].code'
    >>> json_path(["tên thủ tục", "a\\u202eb", "mãSố"])
    '$["tên thủ tục"]["a\\\\u202eb"].mãSố'
    """
    parts = ["$"]
    for step in steps:
        if isinstance(step, int):
            parts.append(f"[{step}]")
            continue
        key = step if len(step) <= _KEY_DISPLAY else step[:_KEY_DISPLAY] + "…"
        if key.isidentifier():
            parts.append(f".{key}")
        else:
            quoted = json.dumps(key, ensure_ascii=False)
            if not quoted.isprintable() or any(0x202A <= ord(c) <= 0x2069 for c in quoted):
                quoted = json.dumps(key, ensure_ascii=True)
            parts.append(f"[{quoted}]")
    return "".join(parts)


def dump_json(value: Any) -> str:
    """JSON text of *value* as :func:`load_json` returns values: a :class:`~decimal.Decimal`
    is written as the number it is (never through a binary float), with the separators of
    :func:`json.dumps` and non-ASCII text kept as it is.

    >>> dump_json({"fee": Decimal("8000.50"), "tiny": Decimal("1E-300"), "tên": [1, True]})
    '{"fee": 8000.50, "tiny": 1E-300, "tên": [1, true]}'
    >>> load_json(dump_json(load_json('[0.1, 1e400]', limits=JSONLimits(max_exponent=400))),
    ...           limits=JSONLimits(max_exponent=400))
    [Decimal('0.1'), Decimal('1E+400')]
    """
    parts: list[str] = []
    _dump(value, parts)
    return "".join(parts)


def _dump(value: Any, parts: list[str], steps: tuple[str | int, ...] = ()) -> None:
    if (isinstance(value, Decimal) and not value.is_finite()) or (
            isinstance(value, float) and not math.isfinite(value)):
        # NaN and the infinities have no JSON form (RFC 8259 §6): refused with their place.
        raise MalformedJSONError(tr("{value} is not a JSON number", value=value),
                                 xpath=json_path(list(steps)), hint=tr("send null or a string"))
    if isinstance(value, Decimal):
        parts.append(str(value))
    elif isinstance(value, dict):
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                parts.append(", ")
            parts.append(json.dumps(str(key), ensure_ascii=False) + ": ")
            _dump(item, parts, (*steps, str(key)))
        parts.append("}")
    elif isinstance(value, list | tuple):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(", ")
            _dump(item, parts, (*steps, index))
        parts.append("]")
    else:
        parts.append(json.dumps(value, ensure_ascii=False))


# -- input ----------------------------------------------------------------------------------


def _text_of(source: JSONSource, limits: JSONLimits,
             source_name: str | None = None) -> tuple[str, str | None]:
    if isinstance(source, str) and source != "-":
        if len(source) > limits.max_bytes:  # characters: a bound on the bytes of UTF-8 text
            raise size_error(UnsafeJSONError, source_name, limits.max_bytes, "JSONLimits.max_bytes",
                             len(source))
        return source.removeprefix("\ufeff"), source_name
    data, name = read_input(source, max_bytes=limits.max_bytes,
                            limit_name="JSONLimits.max_bytes", too_large=UnsafeJSONError)
    name = source_name or name
    return _decode(data, name), name


def _decode(data: bytes, name: str | None) -> str:
    if data.startswith(_UTF8_BOM):
        data = data[3:]
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 2 and b"\x00" in head):
        raise MalformedJSONError(tr("JSON must be encoded in UTF-8; this looks like UTF-16 or "
                                    "UTF-32"), source=name,
                                 hint=tr("re-encode the file as UTF-8 (RFC 8259 §8.1)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise MalformedJSONError(tr("the bytes are not valid UTF-8 ({reason}) at byte {offset}",
                                    reason=exc.reason, offset=exc.start),
                                 source=name, line=line, column=column,
                                 hint=tr("re-encode the file as UTF-8 (RFC 8259 §8.1)")) from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _check_value_count(text: str, limits: JSONLimits, name: str | None) -> None:
    """Refuse more than ``max_values`` values before parsing (memory: 50 MB of ``{}`` would
    be 1.2 GB of dictionaries). A value is a member, an element or the root; outside
    strings there is one comma between two of them and one bracket per container."""
    if len(text) <= 2 * limits.max_values:
        return  # the smallest values, "0,", take two characters each
    count = text.count(",") + text.count("[") + text.count("{") + 1
    if count <= limits.max_values:
        return
    outside_strings = _STRINGS.sub('""', text)  # commas inside strings are not separators
    count = (outside_strings.count(",") + outside_strings.count("[")
             + outside_strings.count("{") + 1)
    if count > limits.max_values:
        raise UnsafeJSONError(
            tr("the JSON holds up to {count} values (members, elements and containers, "
               "counted before parsing), above the limit of {limit}", count=count,
               limit=limits.max_values), source=name, xpath="$",
            hint=tr("raise JSONLimits.{field} if such a document is expected",
                    field="max_values"))


_STRINGS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


# -- the fast path: the C parser with hooks -------------------------------------------------


class _Refused(Exception):
    """A hook met something to refuse; the scanner finds where and says why."""


@lru_cache(maxsize=8)
def _decoder(limits: JSONLimits) -> json.JSONDecoder:
    def number(literal: str) -> Decimal:
        if _number_problem(literal, limits) is not None:
            raise _Refused
        return Decimal(literal)

    def integer(literal: str) -> int:
        if len(literal) - literal.startswith("-") > limits.max_number_digits:
            raise _Refused
        return int(literal)

    def constant(_literal: str) -> NoReturn:
        raise _Refused

    def members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise _Refused
        return result

    return json.JSONDecoder(parse_float=number, parse_int=integer, parse_constant=constant,
                            object_pairs_hook=members, strict=True)


def _number_problem(literal: str, limits: JSONLimits) -> tuple[str, str] | None:
    """``(message, limit field)`` when the number *literal* breaks a limit, else ``None``."""
    match = _NUMBER.fullmatch(literal)
    if match is None:  # pragma: no cover - the scanners only pass matching literals
        return tr("{literal} is not a JSON number", literal=literal), "max_number_digits"
    _sign, whole, fraction, exponent = match.groups()
    digits = len(whole) + len(fraction or "")
    if digits > limits.max_number_digits:
        return (tr("a number has {count} digits, above the limit of {limit}", count=digits,
                   limit=limits.max_number_digits), "max_number_digits")
    if exponent is None:
        return None
    # Leading zeros do not count ("1e0005" is 1e5); nor may they reach int(), which refuses
    # strings of more than 4,300 digits.
    magnitude = exponent.lstrip("+-").lstrip("0") or "0"
    sign = "-" if exponent.startswith("-") else ""
    if (len(magnitude) > len(str(limits.max_exponent))
            or int(magnitude) > limits.max_exponent):
        return (tr("the number {literal} has the exponent {exponent}, beyond ±{limit}",
                   literal=_shorten(literal), exponent=_shorten(sign + magnitude),
                   limit=limits.max_exponent), "max_exponent")
    value = Decimal(literal)
    if value and abs(value.adjusted()) > limits.max_exponent:
        return (tr("the number {literal} is of the order of 1e{order}, beyond 1e±{limit}",
                   literal=_shorten(literal), order=value.adjusted(),
                   limit=limits.max_exponent), "max_exponent")
    return None


def _shorten(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "…"


def _too_deep(value: Any, max_depth: int) -> bool:
    """True when objects and arrays nest deeper than *max_depth* (an iterative walk that
    looks only at containers: about a third of the parsing time)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                if depth >= max_depth:
                    return True
                stack.append((child, depth + 1))
    return False


# -- the slow path: find the first problem and its path -----------------------------------


@dataclass(slots=True)
class _Frame:
    """One open container while scanning; ``step`` is the current key or index."""

    is_object: bool
    step: str | int | None = None
    keys: set[str] | None = None
    fresh: bool = True


class _Scanner:
    """Walks the text like the parser, tracking the path, and raises at the first problem.

    Strings are read by the C ``scanstring`` of the :mod:`json` module, so the scanner
    accepts exactly what the parser accepts. It runs only when the parser failed or a check
    needs a location, and uses no recursion (an explicit stack of open containers).
    """

    def __init__(self, text: str, limits: JSONLimits, name: str | None) -> None:
        self.text = text
        self.limits = limits
        self.name = name
        self.stack: list[_Frame] = []

    def _path(self) -> str:
        return json_path([frame.step for frame in self.stack if frame.step is not None])

    def _fail(self, error: Callable[..., VnEgovError], position: int, message: str,
              hint: str) -> VnEgovError:
        line = self.text.count("\n", 0, position) + 1
        column = position - (self.text.rfind("\n", 0, position) + 1) + 1
        return error(message, source=self.name, line=line, column=column, xpath=self._path(),
                     hint=hint)

    def _syntax(self, position: int, message: str) -> VnEgovError:
        if position >= len(self.text):
            message = tr("the JSON ends early: the file may be truncated")
        return self._fail(MalformedJSONError, position, message,
                          tr("check the JSON syntax at that position"))

    def _limit(self, position: int, message: str, field: str) -> VnEgovError:
        return self._fail(UnsafeJSONError, position, message,
                          tr("raise JSONLimits.{field} if such a document is expected",
                             field=field))

    def _skip(self, position: int) -> int:
        return _WHITESPACE.match(self.text, position).end()  # type: ignore[union-attr]

    def scan(self) -> None:
        """Raise for the first problem of the document; return if there is none."""
        text = self.text
        position = self._value(self._skip(0))
        while self.stack:
            frame = self.stack[-1]
            position = self._skip(position)
            if not frame.fresh:
                position = self._after(frame, position)
                continue
            frame.fresh = False
            if text[position:position + 1] == ("}" if frame.is_object else "]"):
                self.stack.pop()
                position += 1
            elif frame.is_object:
                position = self._member(frame, position)
            else:
                frame.step = 0
                position = self._value(position)
        position = self._skip(position)
        if position < len(text):
            raise self._syntax(position, tr("extra data after the JSON value"))

    def _after(self, frame: _Frame, position: int) -> int:
        """After a value inside a container: a comma and the next value, or the end."""
        char = self.text[position:position + 1]
        close = "}" if frame.is_object else "]"
        if char == close:
            self.stack.pop()
            return position + 1
        if char != ",":
            raise self._syntax(position, tr("expected ',' or '{close}'", close=close))
        position = self._skip(position + 1)
        if frame.is_object:
            frame.step = None  # until the next key is read: the path names the object
            return self._member(frame, position)
        assert isinstance(frame.step, int)
        frame.step += 1
        return self._value(position)

    def _member(self, frame: _Frame, position: int) -> int:
        """A key, a colon and a value, in the object *frame*."""
        if self.text[position:position + 1] != '"':
            raise self._syntax(position, tr("expected a key in double quotes"))
        key, end = self._string(position)
        assert frame.keys is not None
        frame.step = key
        if key in frame.keys:
            raise self._fail(
                MalformedJSONError, position,
                tr("the key {key} appears twice in the object", key=repr(_shorten(key))),
                tr("each key may appear once in an object (RFC 8259 §4); other systems may "
                   "read the other value"))
        frame.keys.add(key)
        position = self._skip(end)
        if self.text[position:position + 1] != ":":
            raise self._syntax(position, tr("expected ':' after the key"))
        return self._value(self._skip(position + 1))

    def _string(self, position: int) -> tuple[str, int]:
        try:
            value, end = scanstring(self.text, position + 1, True)
        except json.JSONDecodeError as exc:
            raise self._syntax(exc.pos, tr("not valid JSON: {detail}",
                                           detail=exc.msg)) from None
        if _SURROGATE.search(value):
            raise self._fail(
                MalformedJSONError, position,
                tr("a string holds a lone surrogate escape (\\uD800-\\uDFFF)"),
                tr("a surrogate escape must be half of a pair; fix the producer"))
        return value, end

    def _value(self, position: int) -> int:
        """One value at *position*: a scalar is read whole, a container is opened (its
        content is read by :meth:`scan`)."""
        text = self.text
        char = text[position:position + 1]
        if char in ("{", "["):
            if len(self.stack) >= self.limits.max_depth:
                raise self._limit(position, tr("objects and arrays nest deeper than {limit} "
                                               "levels", limit=self.limits.max_depth),
                                  "max_depth")
            is_object = char == "{"
            self.stack.append(_Frame(is_object, keys=set() if is_object else None))
            return position + 1
        if char == '"':
            return self._string(position)[1]
        return self._scalar(position)

    def _scalar(self, position: int) -> int:
        text = self.text
        for name, literal in _CONSTANTS:
            if text.startswith(literal, position):
                raise self._fail(MalformedJSONError, position,
                                 tr("{name} is not a JSON number", name=name),
                                 tr("NaN and Infinity are not JSON (RFC 8259 §6); send null "
                                    "or a string"))
        match = _NUMBER.match(text, position)
        if match:
            problem = _number_problem(match.group(), self.limits)
            if problem is not None:
                raise self._limit(position, *problem)
            return match.end()
        for literal in _LITERALS:
            if text.startswith(literal, position):
                return position + len(literal)
        raise self._syntax(position, tr("expected a JSON value"))
