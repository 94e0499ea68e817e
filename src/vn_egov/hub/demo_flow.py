"""The hub steps of ``vn-egov demo``: a real exchange through an in-process local hub.

Hải Phòng's People's Committee sends Kế hoạch 4547 to its departments; each department's
system receives, validates and answers 03 (Đã tiếp nhận); the sender's loop collects the
statuses and matches them with the document it sent. Everything goes over HTTP on
127.0.0.1, through the same code a real system uses.

>>> import tempfile, pathlib
>>> from vn_egov.edoc.demo import plan_package
>>> from vn_egov.edoc.writer import write
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "kh.edxml").write_bytes(write(plan_package()))
>>> lines = []
>>> exchange(folder / "kh.edxml", folder, echo=lines.append)
True
>>> lines[-1]
'   4 of 4 departments answered 03 (Đã tiếp nhận); every status matched the sent document'
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Final

from vn_egov.edoc.demo import CITY, DEPARTMENTS
from vn_egov.hub.inbox import FolderStore, Inbox, Outcome
from vn_egov.hub.ledger import SentLedger
from vn_egov.hub.server import HubSettings, LocalHub, parse_systems
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials
from vn_egov.i18n import N_, tr, translate

__all__ = ["exchange"]

CITY_SYSTEM = "vxp.hp.ubnd"


def _department_system(index: int) -> str:
    return f"vxp.hp.so{index:02d}"


def exchange(document: Path, output: Path, *, echo: Callable[[str], object],
             step: Callable[[str], object] | None = None) -> bool:
    """Run the exchange of *document* with the hub's data in *output*/hub; True when every
    department received it and every status came back matched. *step* announces each step
    (``vn-egov demo`` numbers them), *echo* prints the details; *step* defaults to *echo*."""
    announce = step or echo
    secrets_by_system = {CITY_SYSTEM: secrets.token_urlsafe(24)}
    secrets_by_system.update({_department_system(i): secrets.token_urlsafe(24)
                              for i in range(1, len(DEPARTMENTS) + 1)})
    systems = parse_systems({"system": [
        {"id": CITY_SYSTEM, "secret": secrets_by_system[CITY_SYSTEM],
         "organ_ids": [CITY.organ_id], "name": CITY.organ_name},
        *({"id": _department_system(i), "secret": secrets_by_system[_department_system(i)],
           "organ_ids": [department.organ_id], "name": department.organ_name}
          for i, department in enumerate(DEPARTMENTS, start=1))]}, "demo")
    folder = output / "hub"
    with LocalHub(HubSettings(folder / "data"), systems) as hub:
        announce(tr("Started a local hub at {endpoint} with {count} connected systems (data "
                    "in {folder})", endpoint=hub.endpoint, count=len(systems),
                    folder=folder / "data"))

        def connect(system_id: str, ledger: SentLedger | None = None) -> VpcpTransport:
            return VpcpTransport(hub.endpoint, Credentials(system_id,
                                                           secrets_by_system[system_id]),
                                 ledger=ledger)

        ledger = SentLedger(folder / CITY_SYSTEM / "sent")
        with connect(CITY_SYSTEM, ledger) as city:
            sent = city.send(document)
            announce(tr("{sender} sent {file} through the hub: DocId {doc_id}",
                        sender=CITY.organ_name, file=document.name, doc_id=sent.doc_id))
            received = 0
            for index, department in enumerate(DEPARTMENTS, start=1):
                system_id = _department_system(index)
                with connect(system_id) as transport:
                    inbox = Inbox(transport, FolderStore(folder / system_id / "inbox"),
                                  folder / system_id / "work", answer="03")
                    for outcome in inbox.run_once():
                        received += outcome.action == "stored"
                        announce(_received_line(department.organ_name, outcome))
            statuses = Inbox(city, FolderStore(folder / CITY_SYSTEM / "statuses"),
                             folder / CITY_SYSTEM / "work", ledger=ledger).collect_statuses()
            matched = sum(1 for s in statuses if any(r.doc_id == sent.doc_id
                                                     for r in s.matched))
            announce(tr("The sender's loop collected {count} status package(s):",
                        count=len(statuses)))
            for item in city.sent(sent.doc_id):
                echo(tr("   {organ}: sent {send_status}, received {receive_status}",
                        organ=item.to_code, send_status=_state(item.send_status),
                        receive_status=_state(item.receive_status)))
    ok = received == len(DEPARTMENTS) and matched == len(DEPARTMENTS)
    echo(tr("   {matched} of {total} departments answered 03 (Đã tiếp nhận); every status "
            "matched the sent document", matched=matched, total=len(DEPARTMENTS)) if ok else
         tr("   only {matched} of {total} departments answered", matched=matched,
            total=len(DEPARTMENTS)))
    return ok


def _received_line(name: str | None, outcome: Outcome) -> str:
    if outcome.action == "stored":
        return tr("{department} received {doc_id}, validated it, stored {path}, answered 03",
                  department=name, doc_id=outcome.doc_id, path=outcome.path)
    return tr("{department} could not take {doc_id}: {reason}",
              department=name, doc_id=outcome.doc_id,
              reason=", ".join(outcome.rule_ids) or outcome.error)


#: The hub's delivery states as the demo narrates them (JSON output keeps the wire values).
_STATES: Final = {"done": N_("done"), "fail": N_("failed"), "processing": N_("processing"),
                  "pending": N_("pending")}


def _state(value: str | None) -> str:
    """A delivery state in the reader's language; a value the hub invented is shown as is.

    >>> _state("done"), _state("queued"), _state(None)
    ('done', 'queued', '-')
    """
    if value is None:
        return "-"
    return translate(_STATES[value]) if value in _STATES else value
