"""Agency identifiers: mã định danh điện tử của cơ quan, tổ chức (the edXML ``OrganId``).

Two written forms are in use (see ``docs/codes.md``):

* **QCVN102** - QCVN 102:2016/BTTTT (TT 10/2016/TT-BTTTT), exactly 13 characters
  ``NNN.NN.NN.XNN``, read right to left: ``XNN`` is the level-1 body, then the level-2 unit
  (2 digits), level-3 unit (2 digits) and level-4 unit (3 digits), zero-filled when absent.
* **TOP_DOWN** - the spelling of QĐ 20/2020/QĐ-TTg as used by newer systems: the level-1 group
  first, then one group of 1-3 digits per lower level, no placeholders (``H56.14``,
  ``H01.151.01``). Which instrument defines this spelling is unverified.

Both fit the QĐ 20/2020 Điều 4 envelope: at most 35 characters of ``A-Z``, ``0-9`` and ``.``; one
level-1 group ``MX1X2`` with ``M`` in ``A-Y``. There is **no check digit**: validation checks the
shape; which bodies exist is the business of :mod:`vn_egov.units.registry`, which also offers
lookup and name search for this code system (``vn-egov codes lookup agency``).

No source defines a conversion between the two forms, so values in different forms never compare
equal; :meth:`AgencyCode.to_qcvn` and :meth:`AgencyCode.to_qd20` only re-spell the digits.

>>> validate(" 000.00.00.g22 ")
'000.00.00.G22'
>>> parse("H56.14").parent()
AgencyCode('H56', form=TOP_DOWN)
>>> is_valid("000.00.00.Z22")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from vn_egov.errors import InvalidFormat, InvalidLength
from vn_egov.i18n import N_, tr
from vn_egov.units.system import BaseCodeSystem

__all__ = [
    "MAX_LENGTH",
    "QCVN_LENGTH",
    "AgencyCode",
    "AgencyForm",
    "AgencySystem",
    "compact",
    "format",
    "is_valid",
    "parse",
    "validate",
]

MAX_LENGTH = 35
"""QĐ 20/2020/QĐ-TTg Điều 4: an identifier has at most 35 characters."""

QCVN_LENGTH = 13
"""QCVN 102:2016: the ``NNN.NN.NN.XNN`` form has exactly 13 characters."""

# Width of the Form A slot for each lower level (level 2, 3, 4), top-down.
_QCVN_SLOT_WIDTH = (2, 2, 3)
_MAX_LOWER_LEVELS = len(_QCVN_SLOT_WIDTH)
_LEVEL1 = re.compile(r"[A-Z][0-9]{2}")
_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")
_TITLE = N_("agency code")


def _shape_hint() -> str:
    return tr("write NNN.NN.NN.XNN (e.g. 000.00.00.G22) or the top-down form (e.g. H56.14)")


class AgencyForm(StrEnum):
    """The written form of an agency identifier.

    >>> AgencyForm("QCVN102") is AgencyForm.QCVN102
    True
    """

    QCVN102 = "QCVN102"
    TOP_DOWN = "TOP_DOWN"


def _check_level1(group: str) -> None:
    if not _LEVEL1.fullmatch(group):
        raise InvalidFormat(tr("level-1 group {group!r} must be one letter A-Y and two digits",
                               group=group),
                            hint=tr("e.g. G22 (Government group) or H56 (a province)"))
    if group[0] == "Z":
        raise InvalidFormat(tr("level-1 group {group!r}: the letter must be A-Y", group=group),
                            hint=tr("QĐ 20/2020/QĐ-TTg Điều 4 reserves letters A to Y"))


def _check_digits(group: str, level: int) -> None:
    if not group.isascii() or not group.isdigit():
        raise InvalidFormat(tr("level-{level} group {group!r} must contain only digits 0-9",
                               level=level, group=group), hint=_shape_hint())


def _check_top_down_group(group: str, level: int) -> None:
    _check_digits(group, level)
    if len(group) > 3:
        raise InvalidLength(tr("level-{level} group {group!r} has {count} digit(s); the "
                               "top-down form allows 1 to 3", level=level, group=group,
                               count=len(group)), hint=_shape_hint())


def _check_qcvn_slot(group: str, level: int) -> None:
    _check_digits(group, level)
    width = _QCVN_SLOT_WIDTH[level - 2]
    if len(group) != width:
        raise InvalidLength(tr("level-{level} group {group!r} has {count} digit(s); the "
                               "13-character form needs exactly {width}", level=level,
                               group=group, count=len(group), width=width), hint=_shape_hint())


def _check_qcvn_group(group: str, level: int) -> None:
    _check_qcvn_slot(group, level)
    if int(group) == 0:
        raise InvalidFormat(tr("level-{level} group {group!r} is a zero placeholder, which "
                               "means 'no unit at this level'", level=level, group=group),
                            hint=tr("drop the level instead"))


@dataclass(frozen=True)
class AgencyCode:
    """A parsed agency identifier (OrganId); build it with :func:`parse`.

    ``lower_levels`` is the top-down path below the level-1 body with Form A zero placeholders
    dropped: ``000.17.22.H56`` has ``('22', '17')``. Equality and hashing use the form, the
    level-1 group and that path; ``text`` (the input as given) is kept but not compared.

    >>> code = parse("000.17.22.H56")
    >>> code.group_letter, code.level1, code.lower_levels, code.level
    ('H', 'H56', ('22', '17'), 3)
    >>> code.parent().code
    '000.00.22.H56'
    >>> code.is_within("000.00.00.H56"), code == parse("H56.22.17")
    (True, False)
    """

    level1: str
    lower_levels: tuple[str, ...] = ()
    form: AgencyForm = AgencyForm.TOP_DOWN
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        _check_level1(self.level1)
        if len(self.lower_levels) > _MAX_LOWER_LEVELS:
            raise InvalidLength(tr("{count} lower levels; at most {limit} are known (levels 2 "
                                   "to 4)", count=len(self.lower_levels),
                                   limit=_MAX_LOWER_LEVELS), hint=_shape_hint())
        check = _check_qcvn_group if self.form is AgencyForm.QCVN102 else _check_top_down_group
        for level, group in enumerate(self.lower_levels, start=2):
            check(group, level)
        if not self.text:
            object.__setattr__(self, "text", self.code)

    @property
    def code(self) -> str:
        """The canonical spelling in this value's own form.

        >>> parse("000.00.04.g14").code, parse("h01.151.01").code
        ('000.00.04.G14', 'H01.151.01')
        """
        if self.form is AgencyForm.TOP_DOWN:
            return ".".join((self.level1, *self.lower_levels))
        slots = list(self.lower_levels)
        slots += ["0" * width for width in _QCVN_SLOT_WIDTH[len(slots):]]
        return ".".join((*reversed(slots), self.level1))

    @property
    def group_letter(self) -> str:
        """The letter of the level-1 group (``G`` Government group, ``H`` provinces).

        >>> parse("000.00.00.G22").group_letter
        'G'
        """
        return self.level1[0]

    @property
    def level(self) -> int:
        """1 for a level-1 body, plus one per lower level (the depth of the top-down path).

        >>> parse("H01.151.01").level
        3
        """
        return 1 + len(self.lower_levels)

    def parent(self) -> AgencyCode | None:
        """The body one level up, in the same form; ``None`` for a level-1 body.

        >>> parse("H01.151.01").parent().code
        'H01.151'
        >>> parse("000.00.00.G22").parent() is None
        True
        """
        if not self.lower_levels:
            return None
        return AgencyCode(self.level1, self.lower_levels[:-1], self.form)

    def is_within(self, other: AgencyCode | str) -> bool:
        """True if *other* is this body or one of its ancestors, in the same form.

        Codes in different forms are never related: no conversion is guessed.

        >>> parse("H01.151.01").is_within("H01")
        True
        >>> parse("000.00.14.H56").is_within("H56")
        False
        """
        other_code = other if isinstance(other, AgencyCode) else parse(other)
        depth = len(other_code.lower_levels)
        return (self.form is other_code.form and self.level1 == other_code.level1
                and self.lower_levels[:depth] == other_code.lower_levels)

    def to_qcvn(self) -> AgencyCode:
        """Re-spell in the 13-character QCVN 102:2016 form.

        A **spelling change, not an identity claim**: no source says that ``H56.14`` and
        ``000.00.14.H56`` are the same unit. Only groups that already have the exact slot width
        are re-spelled (2 digits at levels 2-3, 3 at level 4); padding would be a guess.

        >>> parse("H56.14").to_qcvn().code
        '000.00.14.H56'
        >>> parse("H55.242").to_qcvn()
        Traceback (most recent call last):
        ...
        vn_egov.errors.InvalidLength: H55.242 cannot be re-spelled in the 13-character form: ...
        """
        if self.form is AgencyForm.QCVN102:
            return self
        try:
            return AgencyCode(self.level1, self.lower_levels, AgencyForm.QCVN102)
        except InvalidFormat as exc:
            # Same message (it names the group), but the fix differs from a parse error.
            raise type(exc)(tr("{code} cannot be re-spelled in the 13-character form: "
                               "{reason}", code=self.code, reason=exc.message),
                            hint=tr("keep the top-down spelling; no verified conversion exists")
                            ) from exc

    def to_qd20(self) -> AgencyCode:
        """Re-spell in the top-down form, keeping every digit as written (``04`` stays ``04``).

        A **spelling change, not an identity claim** (see :meth:`to_qcvn`).

        >>> parse("000.17.22.H56").to_qd20().code
        'H56.22.17'
        """
        if self.form is AgencyForm.TOP_DOWN:
            return self
        return AgencyCode(self.level1, self.lower_levels, AgencyForm.TOP_DOWN)

    def to_dict(self) -> dict[str, Any]:
        """The parts as JSON-ready data.

        >>> parse("000.17.22.H56").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'code': '000.17.22.H56', 'form': 'QCVN102', 'level1': 'H56', 'group_letter': 'H',
         'lower_levels': ['22', '17'], 'level': 3, 'parent': '000.00.22.H56'}
        """
        parent = self.parent()
        return {"code": self.code, "form": self.form.value, "level1": self.level1,
                "group_letter": self.group_letter, "lower_levels": list(self.lower_levels),
                "level": self.level, "parent": None if parent is None else parent.code}

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"AgencyCode({self.code!r}, form={self.form.value})"


def _check_envelope(code: str) -> list[str]:
    if len(code) > MAX_LENGTH:
        raise InvalidLength(tr("agency code has {count} characters; QĐ 20/2020 allows at most "
                               "{limit}", count=len(code), limit=MAX_LENGTH), hint=_shape_hint())
    for position, char in enumerate(code, start=1):
        if char not in _ALLOWED:
            raise InvalidFormat(tr("character {char!r} at position {position} of agency code "
                                   "{code!r} is not allowed; only A-Z, 0-9 and '.'", char=char,
                                   position=position, code=code), hint=_shape_hint())
    groups = code.split(".")
    for position, group in enumerate(groups, start=1):
        if not group:
            raise InvalidFormat(tr("group {position} of agency code {code!r} is empty (a dot "
                                   "at the start or end, or two dots in a row)",
                                   position=position, code=code), hint=_shape_hint())
    return groups


def _parse_qcvn(groups: list[str], text: str) -> AgencyCode:
    if len(groups) != 4:
        raise InvalidLength(tr("the 13-character form has 4 groups (NNN.NN.NN.XNN); {code!r} "
                               "has {count}", code=".".join(groups), count=len(groups)),
                            hint=_shape_hint())
    top_down = list(reversed(groups[:3]))  # level 2, level 3, level 4
    for level, group in enumerate(top_down, start=2):
        _check_qcvn_slot(group, level)
    path: list[str] = []
    for level, group in enumerate(top_down, start=2):
        if int(group) == 0:
            continue
        if len(path) != level - 2:
            raise InvalidFormat(tr("level-{level} group {group!r} is set but its parent "
                                   "level-{parent} group is zero", level=level, group=group,
                                   parent=level - 1),
                                hint=tr("a unit needs its parent unit"))
        path.append(group)
    return AgencyCode(groups[3], tuple(path), AgencyForm.QCVN102, text)


def _parse_top_down(groups: list[str], code: str, text: str) -> AgencyCode:
    if len(groups) - 1 > _MAX_LOWER_LEVELS:
        raise InvalidLength(tr("agency code {code!r} has {count} lower levels; at most {limit} "
                               "are known", code=code, count=len(groups) - 1,
                               limit=_MAX_LOWER_LEVELS), hint=_shape_hint())
    for level, group in enumerate(groups[1:], start=2):
        _check_top_down_group(group, level)
    return AgencyCode(groups[0], tuple(groups[1:]), AgencyForm.TOP_DOWN, text)


class AgencySystem(BaseCodeSystem[AgencyCode]):
    """The shape of agency identifiers, both forms (the module functions are its methods).

    :class:`vn_egov.units.registry.AgencyDirectory` adds lookup and name search.
    """

    name = "agency"
    title = _TITLE

    def _parse(self, code: str, original: str) -> AgencyCode:
        groups = _check_envelope(code)
        if _LEVEL1.fullmatch(groups[0]):
            _check_level1(groups[0])
            return _parse_top_down(groups, code, original)
        if len(groups) > 1 and _LEVEL1.fullmatch(groups[-1]):
            _check_level1(groups[-1])
            return _parse_qcvn(groups, original)
        raise InvalidFormat(tr("agency code {code!r} has no level-1 group (a letter A-Y and two "
                               "digits) first or last", code=code), hint=_shape_hint())

    def canonical(self, value: AgencyCode) -> str:
        """The canonical spelling (in the value's own form)."""
        return value.code

    def parts(self, value: AgencyCode) -> dict[str, Any]:
        """See :meth:`AgencyCode.to_dict`."""
        return value.to_dict()

    def example(self) -> str:
        """A valid code for hints."""
        return "000.00.00.G22"


_SYSTEM = AgencySystem()


def compact(text: str) -> str:
    """Lenient clean-up: NFKC, spaces at the ends and around dots dropped, ASCII upper-cased.

    >>> compact(" 000 . 00 . 00 . g22"), compact("Ｈ５６．１４")
    ('000.00.00.G22', 'H56.14')
    """
    return _SYSTEM.compact(text)


def parse(text: str) -> AgencyCode:
    """Parse either written form into an :class:`AgencyCode` (keeps the original *text*).

    >>> parse("000.00.04.G14")
    AgencyCode('000.00.04.G14', form=QCVN102)
    >>> parse("H01.151.01").lower_levels
    ('151', '01')
    >>> parse("00.00.00.G22")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidLength: level-4 group '00' has 2 digit(s); the 13-character form ...
    """
    return _SYSTEM.parse(text)


def validate(text: str) -> str:
    """The canonical code, or a :class:`~vn_egov.errors.CodeError` naming the bad part.

    Only the shape is checked; membership is :meth:`vn_egov.units.registry.Registry.validate`.

    >>> validate("h56.14")
    'H56.14'
    >>> validate("000.00.00.G22.1")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: agency code '000.00.00.G22.1' has no level-1 group ...
    """
    return _SYSTEM.validate(text)


def is_valid(text: str) -> bool:
    """True if :func:`validate` accepts *text*.

    >>> is_valid("000.00.00.G22"), is_valid("G22-01")
    (True, False)
    """
    return _SYSTEM.is_valid(text)


def format(text: str) -> str:
    """Canonical spelling (same as :func:`validate`).

    >>> format("ｇ２２")
    'G22'
    """
    return _SYSTEM.format(text)
