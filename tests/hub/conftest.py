"""Fixtures of the hub tests: a real local hub on 127.0.0.1 and clients of its systems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.hub.hub_support import SYSTEMS, systems_config

from vn_egov.hub.server import HubSettings, LocalHub
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LocalHub]:
    with LocalHub(HubSettings(tmp_path / "hub-data"), systems_config()) as running:
        yield running


@pytest.fixture
def client(hub: LocalHub) -> Iterator[Callable[..., VpcpTransport]]:
    made: list[VpcpTransport] = []

    def make(system_id: str, secret: str | None = None, **options: object) -> VpcpTransport:
        transport = VpcpTransport(hub.endpoint, Credentials(
            system_id, secret if secret is not None else SYSTEMS[system_id][0]),
            retries=0, **options)  # type: ignore[arg-type]
        made.append(transport)
        return transport

    yield make
    for transport in made:
        transport.close()
