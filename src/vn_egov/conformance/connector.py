"""Conformance of a vendor's hub connector, judged through the local hub.

For each scenario the kit starts a fresh local hub on 127.0.0.1 with two connected systems:
the kit's own (agency ``000.00.00.H24``) and the vendor's (agency ``000.00.01.H24``), then
runs the vendor's command and looks at what reached the hub.

* **Receiving** (``--receive "CMD"``, one receive cycle of the connector): the hub delivers
  packages to the vendor's inbox and expects each one acknowledged exactly once (``done``
  for a valid package, ``fail`` for an invalid one) and a valid status package answering
  each valid document (01-06; an invalid document may be answered 02).
* **Sending** (``--send "CMD {file}"``): the connector sends a package the kit provides; the
  hub judges the request (signature, framing, ``hash-file``, ``from``) and the package, and
  expects it accepted exactly once and routed to its addressee.

Placeholders: ``{endpoint}``, ``{system_id}``, ``{organ}``, ``{workdir}`` (a fresh folder
per scenario), and for sending ``{file}`` and ``{messagetype}`` (``edoc`` or ``status``). The
secret is in the environment variable ``VN_EGOV_HUB_SECRET`` (with ``VN_EGOV_HUB_ENDPOINT``,
``VN_EGOV_HUB_SYSTEM_ID`` and ``VN_EGOV_HUB_ORGAN_ID``), never on the command line.

The reports are those of the package conformance kit (text, JSON, JUnit, HTML).
"""

from __future__ import annotations

import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from vn_egov._version import __version__
from vn_egov.conformance.external import CommandRun, CommandTemplate, run_command
from vn_egov.conformance.results import CaseResult, RunResult, Status
from vn_egov.errors import ConfigurationError
from vn_egov.i18n import N_, tr, translate

__all__ = ["SCENARIOS", "run_connector"]

KIT_SYSTEM: Final = "conformance.kit"
KIT_ORGAN: Final = "000.00.00.H24"
VENDOR_SYSTEM: Final = "vendor.connector"
VENDOR_ORGAN: Final = "000.00.01.H24"
SPEC: Final = "VPCP hub API (SDKVXP); QCVN 102:2016/BTTTT"
CORPUS: Final = "connector-1"
ANSWER_CODES: Final = ("01", "02", "03", "04", "05", "06")


@dataclass(frozen=True)
class Scenario:
    """One connector scenario: an id, a title (English, shown translated), the side it tests
    and how it runs."""

    id: str
    title: str
    side: str  # "receive" or "send"
    run: Callable[[_Context], tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]]


class _Context:
    """A fresh hub, the vendor's command, and helpers to plant and inspect packages."""

    def __init__(self, hub: Any, folder: Path, template: CommandTemplate,  # noqa: PLR0917
                 timeout: float,
                 secret: str, kit_secret: str) -> None:
        self.hub = hub
        self.folder = folder
        self.template = template
        self.timeout = timeout
        self.secret = secret
        self.kit_secret = kit_secret
        self.runs: list[CommandRun] = []

    @property
    def state(self) -> Any:
        return self.hub.app.state.hub

    def kit(self) -> Any:
        from vn_egov.hub.vpcp import VpcpTransport
        from vn_egov.hub.wire import Credentials

        return VpcpTransport(self.hub.endpoint, Credentials(KIT_SYSTEM, self.kit_secret))

    def run_vendor(self, **values: str) -> CommandRun:
        workdir = self.folder / f"work-{len(self.runs) + 1}"
        workdir.mkdir()
        argv = self.template.render({"endpoint": self.hub.endpoint, "system_id": VENDOR_SYSTEM,
                                     "organ": VENDOR_ORGAN, "workdir": str(workdir), **values})
        run = run_command(argv, self.timeout, env={
            "VN_EGOV_HUB_SECRET": self.secret, "VN_EGOV_HUB_ENDPOINT": self.hub.endpoint,
            "VN_EGOV_HUB_SYSTEM_ID": VENDOR_SYSTEM, "VN_EGOV_HUB_ORGAN_ID": VENDOR_ORGAN})
        self.runs.append(run)
        return run

    def plant(self, package: bytes, message_type: str) -> str:
        """Put *package* straight into the vendor's inbox (invalid ones too: the kit plays
        a hub that does not validate); its DocId."""
        import hashlib

        from vn_egov.hub.facts import package_facts
        from vn_egov.hub.server.storage import Route

        path, stream = self.state.blobs.temporary()
        with stream:
            stream.write(package)
        sha = hashlib.sha256(package).hexdigest()
        facts = package_facts(path)
        self.state.blobs.commit(path, sha)
        stored = self.state.storage.store(
            sender=KIT_SYSTEM, message_type=message_type, service_type="eDoc", sha256=sha,
            size=len(package), facts=facts, routes=[Route(VENDOR_ORGAN, VENDOR_SYSTEM)])
        return str(stored.doc_id)

    def deliveries(self, message_type: str = "edoc") -> list[dict[str, Any]]:
        """The kit's sent packages, per recipient (status and description)."""
        rows = self.state.storage.sent(KIT_SYSTEM, message_type)
        return [{"status": row["status"], "description": row["status_desc"],
                 "document_id": row["document_id"]} for row in rows]

    def answers(self) -> list[dict[str, str]]:
        """The status packages the vendor sent to the kit."""
        rows = self.state.storage.sent(VENDOR_SYSTEM, "status")
        return [{"to": row["to_organ"], "status_code": row["status_code"],
                 "document_id": row["document_id"]} for row in rows]

    def accepted(self, message_type: str) -> list[dict[str, Any]]:
        """Packages the hub accepted from the vendor."""
        return [{"sha256": row["sha256"], "to": row["to_organ"], "doc_id": row["doc_id"]}
                for row in self.state.storage.sent(VENDOR_SYSTEM, message_type)]


# -- the packages the kit plants or hands over -------------------------------------------------


def _document(number: int, *, sender: str, recipient: str) -> bytes:
    from vn_egov.edoc.attachments import attachment_from_bytes
    from vn_egov.edoc.builders import new_document
    from vn_egov.edoc.demo import minimal_pdf
    from vn_egov.edoc.models import Organization
    from vn_egov.edoc.writer import write

    pdf = minimal_pdf(f"Van ban kiem thu so {number}")
    return write(new_document(
        sender=Organization(organ_id=sender, organ_name="Cơ quan gửi (bộ kiểm thử)"),
        recipients=[Organization(organ_id=recipient, organ_name="Cơ quan nhận (bộ kiểm thử)")],
        number=str(number), notation="CV-KT", promulgation_date=date(2024, 5, 20),
        place="Hải Phòng", subject=f"Văn bản kiểm thử kết nối số {number}",
        type_name="Công văn", document_type=1, steering_type=1,
        attachments=[attachment_from_bytes(pdf, f"cv-{number}.pdf", content_id=f"cv-{number}")],
        timestamp=datetime(2024, 5, 20, 9, 0)))


def _status(document: bytes, code: str) -> bytes:
    from vn_egov.edoc import read_document
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.writer import write

    return write(answer(read_document(document), code, timestamp=datetime(2024, 5, 21, 8, 0)))


def _invalid(document: bytes) -> bytes:
    return document.replace(b"<edXML:Subject>", b"<edXML:Subjekt>").replace(
        b"</edXML:Subject>", b"</edXML:Subjekt>")


# -- receiving scenarios --------------------------------------------------------------------


def _expect_answers(context: _Context, documents: list[bytes],
                    diffs: list[str]) -> list[dict[str, str]]:
    from vn_egov.hub.facts import package_facts

    answers = context.answers()
    for document in documents:
        import io

        wanted = package_facts(io.BytesIO(document)).document_id
        mine = [a for a in answers if a["document_id"] == wanted]
        if not mine:
            diffs.append(tr("answer: no status package answers {document}", document=wanted))
        elif any(a["status_code"] not in ANSWER_CODES or a["to"] != KIT_ORGAN for a in mine):
            diffs.append(tr("answer: {document} answered with {codes} to {to}",
                            document=wanted, codes=",".join(a["status_code"] for a in mine),
                            to=",".join(a["to"] for a in mine)))
    return answers


def _receive_documents(count: int) -> Callable[[_Context], Any]:
    def scenario(context: _Context) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
        documents = [_document(n, sender=KIT_ORGAN, recipient=VENDOR_ORGAN)
                     for n in range(1, count + 1)]
        for document in documents:
            context.plant(document, "edoc")
        context.run_vendor()
        acks = [row["status"] for row in context.deliveries()]
        diffs = [tr("acknowledgement: expected done, got {status}", status=status)
                 for status in acks if status != "done"]
        answers = _expect_answers(context, documents, diffs)
        return ({"acknowledged": ["done"] * count, "answers": count},
                {"acknowledged": acks, "answers": len(answers)}, tuple(diffs))

    return scenario


def _receive_invalid(context: _Context) -> tuple[dict[str, Any], dict[str, Any],
                                                 tuple[str, ...]]:
    context.plant(_invalid(_document(1, sender=KIT_ORGAN, recipient=VENDOR_ORGAN)), "edoc")
    context.run_vendor()
    [delivery] = context.deliveries()
    diffs = []
    if delivery["status"] != "fail":
        diffs.append(tr("acknowledgement: expected fail, got {status}",
                        status=delivery["status"]))
    answers = context.answers()
    if any(a["status_code"] != "02" for a in answers):
        diffs.append(tr("answer: an invalid document may only be answered 02 (refused)"))
    return ({"acknowledged": "fail"}, {"acknowledged": delivery["status"],
                                       "description": delivery["description"],
                                       "answers": [a["status_code"] for a in answers]},
            tuple(diffs))


def _receive_status(context: _Context) -> tuple[dict[str, Any], dict[str, Any],
                                                tuple[str, ...]]:
    # A status about a document the vendor sent: addressed to the vendor's agency.
    document = _document(7, sender=VENDOR_ORGAN, recipient=KIT_ORGAN)
    context.plant(_status(document, "03"), "status")
    context.run_vendor()
    acks = [row["status"] for row in context.deliveries("status")]
    diffs = () if acks == ["done"] else (tr("acknowledgement: expected done, got {status}",
                                            status=",".join(acks) or "-"),)
    return {"acknowledged": ["done"]}, {"acknowledged": acks}, diffs


def _receive_nothing(context: _Context) -> tuple[dict[str, Any], dict[str, Any],
                                                 tuple[str, ...]]:
    run = context.run_vendor()
    diffs = () if run.exit_code == 0 else (tr("exit status: expected 0 on an empty inbox, "
                                              "got {code}", code=run.exit_code),)
    return {"exit_code": 0}, {"exit_code": run.exit_code}, diffs


# -- sending scenarios ------------------------------------------------------------------------


def _send(message_type: str) -> Callable[[_Context], Any]:
    def scenario(context: _Context) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
        import hashlib

        document = _document(3, sender=VENDOR_ORGAN, recipient=KIT_ORGAN)
        package = document if message_type == "edoc" else _status(
            _document(4, sender=KIT_ORGAN, recipient=VENDOR_ORGAN), "03")
        file = context.folder / f"to-send.{message_type}.edxml"
        file.write_bytes(package)
        context.run_vendor(file=str(file), messagetype=message_type)
        accepted = context.accepted(message_type)
        sha = hashlib.sha256(package).hexdigest()
        diffs = []
        if not accepted:
            diffs.append(tr("the hub accepted no package from the connector (see its output "
                            "for the hub's answer)"))
        elif len({row["doc_id"] for row in accepted}) != 1:
            diffs.append(tr("the hub accepted {count} packages; expected one",
                            count=len({row["doc_id"] for row in accepted})))
        elif accepted[0]["sha256"] != sha:
            diffs.append(tr("the accepted package differs from the file given"))
        return ({"accepted": 1, "sha256": sha, "to": KIT_ORGAN},
                {"accepted": len({row["doc_id"] for row in accepted}),
                 "sha256": accepted[0]["sha256"] if accepted else None,
                 "to": accepted[0]["to"] if accepted else None}, tuple(diffs))

    return scenario


SCENARIOS: Final = (
    Scenario("recv-document", N_("Receives a valid document, acknowledges done, answers it"),
             "receive", _receive_documents(1)),
    Scenario("recv-three-documents", N_("Receives three documents, each acknowledged once and "
                                        "answered"), "receive", _receive_documents(3)),
    Scenario("recv-invalid-document", N_("Refuses an invalid document: acknowledges fail"),
             "receive", _receive_invalid),
    Scenario("recv-status", N_("Receives a status package about a document it sent"),
             "receive", _receive_status),
    Scenario("recv-empty-inbox", N_("Runs a cycle on an empty inbox without error"),
             "receive", _receive_nothing),
    Scenario("send-document", N_("Sends a document the hub accepts exactly once"), "send",
             _send("edoc")),
    Scenario("send-status", N_("Sends a status package the hub accepts exactly once"), "send",
             _send("status")),
)


def _case(scenario: Scenario, template: CommandTemplate, timeout: float) -> CaseResult:
    from vn_egov.hub.server import HubSettings, LocalHub, parse_systems

    started = time.perf_counter()
    secret, kit_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    systems = parse_systems({"system": [
        {"id": KIT_SYSTEM, "secret": kit_secret, "organ_ids": [KIT_ORGAN]},
        {"id": VENDOR_SYSTEM, "secret": secret, "organ_ids": [VENDOR_ORGAN]}]}, "kit")
    with tempfile.TemporaryDirectory(prefix="vn-egov-connector-") as scratch, \
            LocalHub(HubSettings(Path(scratch) / "hub"), systems) as hub:
        context = _Context(hub, Path(scratch), template, timeout, secret, kit_secret)
        expected, actual, diffs = scenario.run(context)
    run = context.runs[-1] if context.runs else None
    timed_out = run is not None and run.timed_out
    status: Status = "error" if timed_out else ("fail" if diffs else "pass")
    return CaseResult(
        case_id=scenario.id, title=translate(scenario.title), type="connector", spec=SPEC,
        status=status, expected=expected, actual=actual, diffs=diffs,
        message=tr("no answer within {seconds:g} s", seconds=timeout) if timed_out else None,
        command=run.argv if run else (), exit_code=run.exit_code if run else None,
        stdout=run.stdout if run else "", stderr=run.stderr if run else "",
        duration=time.perf_counter() - started)


def run_connector(*, receive: str | None = None, send: str | None = None,
                  timeout: float = 60.0, ids: tuple[str, ...] = (),
                  progress: Callable[[CaseResult], None] | None = None) -> RunResult:
    """Run the receiving scenarios with *receive* and the sending ones with *send* (at least
    one command); *ids* selects scenarios."""
    if receive is None and send is None:
        raise ConfigurationError(tr("give --receive, --send or both"),
                                 hint=tr('e.g. --receive "my-connector poll" --send '
                                         '"my-connector send {file}"'))
    templates = {"receive": CommandTemplate(receive) if receive else None,
                 "send": CommandTemplate(send) if send else None}
    if templates["send"] is not None:
        templates["send"].require("file")
    unknown = sorted(set(ids) - {s.id for s in SCENARIOS})
    if unknown:
        raise ConfigurationError(tr("unknown scenario(s): {ids}", ids=", ".join(unknown)),
                                 hint=", ".join(s.id for s in SCENARIOS))
    results = []
    for scenario in SCENARIOS:
        template = templates[scenario.side]
        if template is None or (ids and scenario.id not in ids):
            continue
        result = _case(scenario, template, timeout)
        results.append(result)
        if progress is not None:
            progress(result)
    target = " | ".join(t.text for t in templates.values() if t is not None)
    return RunResult("connector", target, CORPUS, tuple(results), __version__)
