"""The Bkav eDoc REST 2.0 client against the local hub's /EdocService API, over HTTP."""

from __future__ import annotations

import io

import pytest
from tests.hub.hub_support import CITY, DEPT_1, SYSTEMS, document_bytes

from vn_egov.errors import HubAuthenticationError, HubError, HubNotFound, PackageRejected
from vn_egov.hub.bkav import BkavTransport
from vn_egov.hub.server import LocalHub
from vn_egov.hub.transport import Transport


def _bkav(hub: LocalHub, organ: str, token: str) -> BkavTransport:
    return BkavTransport(hub.endpoint, organ, token, retries=0)


def test_send_pending_get_confirm(hub: LocalHub) -> None:
    package = document_bytes()
    with _bkav(hub, CITY, SYSTEMS["vxp.hp.01"][0]) as city, \
            _bkav(hub, DEPT_1, SYSTEMS["vxp.hp.02"][0]) as dept:
        assert isinstance(city, Transport)
        sent = city.send(package)
        assert sent.ok
        assert sent.doc_id.isdigit()
        [item] = dept.received()
        assert item.doc_id == sent.doc_id
        assert item.to == DEPT_1
        out = io.BytesIO()
        assert dept.get(item.doc_id, out) == len(package)
        assert out.getvalue() == package
        assert dept.acknowledge(item.doc_id).ok
        assert dept.received() == []
        assert {agency.code for agency in city.agencies()} >= {DEPT_1}


def test_refusals(hub: LocalHub) -> None:
    with _bkav(hub, CITY, "wrong-token") as intruder, pytest.raises(HubAuthenticationError):
        intruder.received()
    with _bkav(hub, CITY, SYSTEMS["vxp.hp.01"][0]) as city:
        with pytest.raises(PackageRejected) as refused:
            city.send(document_bytes().replace(b"Subject>", b"Subjekt>"))
        assert "XSD001" in refused.value.rule_ids
        with pytest.raises(HubNotFound):
            city.get("12345", io.BytesIO())
        with pytest.raises(HubError, match="no sent list"):
            city.sent()
        with pytest.raises(HubError, match="routes by the package"):
            city.send(document_bytes(), to=[DEPT_1])
