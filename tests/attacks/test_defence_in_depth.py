"""The parser-level defence holds on its own: with the prolog pre-scan switched off, DTD
attacks still read nothing, connect nowhere and are refused with UnsafeXMLError."""

from __future__ import annotations

import pytest
from attack_tools import Guard, assert_refused, run_bounded

from vn_egov.errors import DTDForbidden, UnsafeXMLError
from vn_egov.xml import parser
from vn_egov.xml.prolog import Prolog


@pytest.fixture
def no_prescan(monkeypatch: pytest.MonkeyPatch) -> None:
    def permissive(data: bytes, source: str | None = None) -> Prolog:
        return Prolog(encoding="utf-8", declared=None, bom=False, scan=data)

    monkeypatch.setattr(parser, "inspect_prolog", permissive)


@pytest.mark.usefixtures("no_prescan")
@pytest.mark.parametrize(("template", "message"), [
    ('<!DOCTYPE a SYSTEM "{fifo}"><a/>', "external resource '{fifo}' refused"),
    ('<!DOCTYPE a SYSTEM "file://{canary}"><a/>', "external resource 'file://{canary}' refused"),
    ('<!DOCTYPE a PUBLIC "-//X//EN" "{url}"><a/>', "external resource '{url}' refused"),
    ('<!DOCTYPE a [<!ENTITY % p SYSTEM "{fifo}"> %p;]><a/>', "external resource '{fifo}'"),
    ('<!DOCTYPE a [<!ENTITY x SYSTEM "{fifo}">]><a>&x;</a>',
     "document type declarations (DTD) are not allowed"),
    ('<!DOCTYPE a [<!ENTITY x SYSTEM "{canary}">]><a b="&x;"/>',
     "entity reference refused: Attribute references external entity 'x'"),
    ('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "document type declarations (DTD) are not"),
])
def test_parser_refuses_without_prescan(guard: Guard, template: str, message: str) -> None:
    values = {"fifo": guard.fifo, "canary": guard.canary, "url": guard.url}
    error = assert_refused(template.format(**values).encode(), guard, DTDForbidden,
                           message.format(**values))
    assert error.hint is not None


@pytest.mark.usefixtures("no_prescan")
def test_billion_laughs_without_prescan(guard: Guard) -> None:
    entities = '<!ENTITY l0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    outcome = run_bounded(f'<!DOCTYPE a [{entities}]><a b="&l9;"/>'.encode(), guard)
    assert isinstance(outcome.error, UnsafeXMLError)
    assert "entity expansion refused: Maximum entity amplification factor exceeded" in str(
        outcome.error)
    assert outcome.elapsed < 2.0
