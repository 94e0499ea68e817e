"""The local hub on PostgreSQL (any SQLAlchemy URL): the same exchange, idempotency and
concurrent sends. Runs when ``VN_EGOV_TEST_POSTGRES_URL`` names a reachable server (``.ci/run``
starts one); skips otherwise."""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.hub.hub_support import DEPT_1, DEPT_3, SYSTEMS, document_bytes, systems_config

from vn_egov.hub.server import HubSettings, LocalHub
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials

URL = os.environ.get("VN_EGOV_TEST_POSTGRES_URL", "")


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh database on the server, dropped afterwards."""
    if not URL:
        pytest.skip("VN_EGOV_TEST_POSTGRES_URL is not set (no local PostgreSQL server)")
    import sqlalchemy as sa

    admin = sa.create_engine(URL, isolation_level="AUTOCOMMIT")
    try:
        connection = admin.connect()
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable: {exc.orig}")
    name = f"vn_egov_hub_{secrets.token_hex(4)}"
    with connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_exchange_on_postgresql(database: str, tmp_path: Path) -> None:
    settings = HubSettings(tmp_path / "bodies", database_url=database)
    with LocalHub(settings, systems_config()) as hub:
        def client(system: str) -> VpcpTransport:
            return VpcpTransport(hub.endpoint, Credentials(system, SYSTEMS[system][0]))

        with client("vxp.hp.01") as city, client("vxp.hp.02") as dept:
            package = document_bytes(recipients=(DEPT_1, DEPT_3))
            first = city.send(package)
            assert city.send(package).doc_id == first.doc_id  # idempotent on PostgreSQL too
            [item] = dept.received()
            out = io.BytesIO()
            dept.get(item.doc_id, out)
            assert out.getvalue() == package
            dept.acknowledge(item.doc_id, "done")
            assert {(r.to_code, r.receive_status) for r in city.sent()} == {
                (DEPT_1, "done"), (DEPT_3, "pending")}

            # Concurrent sends of distinct and of identical packages.
            packages = [document_bytes(number=n) for n in range(2, 22)]

            def send(package: bytes) -> str:
                with client("vxp.hp.01") as own:
                    return own.send(package).doc_id

            with ThreadPoolExecutor(max_workers=8) as pool:
                ids = list(pool.map(send, packages + packages))
            assert ids[:20] == ids[20:]
            assert len(set(ids)) == 20
            assert len(dept.received()) == 20
    assert not any(settings.data_dir.glob("*.sqlite3"))  # nothing went to SQLite
