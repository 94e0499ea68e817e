"""Many systems at once: 20 systems send 1,000 packages in total; every package reaches each
addressee exactly once, none is lost."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.hub.hub_support import document_bytes

from vn_egov.hub.server import HubSettings, LocalHub, parse_systems
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials

SENDERS, PER_SENDER = 20, 50


def _organ(index: int) -> str:
    return f"000.00.{index:02d}.H24"


def test_twenty_systems_send_a_thousand_packages_each_delivered_once(tmp_path: Path) -> None:
    # System i serves agency i; each package of system i goes to agencies i+1 and i+2.
    systems = parse_systems({"system": [
        {"id": f"vxp.load.{i:02d}", "secret": f"load-secret-{i:02d}",
         "organ_ids": [_organ(i)]} for i in range(SENDERS)]}, "systems.toml")
    expected: Counter[tuple[str, str]] = Counter()  # (receiver organ, sha256) -> count
    plans = []
    for i in range(SENDERS):
        to = (_organ((i + 1) % SENDERS), _organ((i + 2) % SENDERS))
        for n in range(PER_SENDER):
            package = document_bytes(sender=_organ(i), recipients=to, number=i * 1000 + n + 1)
            sha = hashlib.sha256(package).hexdigest()
            plans.append((i, package))
            expected.update((organ, sha) for organ in to)
    assert len(plans) == 1000

    with LocalHub(HubSettings(tmp_path / "hub"), systems) as hub:
        def transport(i: int) -> VpcpTransport:
            return VpcpTransport(hub.endpoint, Credentials(f"vxp.load.{i:02d}",
                                                           f"load-secret-{i:02d}"))

        def send_all(i: int) -> list[str]:
            with transport(i) as client:
                return [client.send(package).doc_id for sender, package in plans
                        if sender == i]

        with ThreadPoolExecutor(max_workers=SENDERS) as pool:
            doc_ids = [d for ids in pool.map(send_all, range(SENDERS)) for d in ids]
        assert len(set(doc_ids)) == 1000

        def drain(i: int) -> list[tuple[str, str]]:
            got = []
            with transport(i) as client:
                while items := client.received():
                    for item in items:
                        out = io.BytesIO()
                        client.get(item.doc_id, out)
                        client.acknowledge(item.doc_id, "done")
                        got.append((item.to or "", hashlib.sha256(out.getvalue()).hexdigest()))
            return got

        with ThreadPoolExecutor(max_workers=SENDERS) as pool:
            delivered = Counter(pair for got in pool.map(drain, range(SENDERS)) for pair in got)
    assert delivered == expected  # every (addressee, package) exactly once
    assert sum(delivered.values()) == 2000
