"""The receive loop: list → get → validate → store durably → acknowledge.

Each package of the inbox is downloaded to a work folder, validated with the library's
profiles (``edxml-document`` or ``edxml-status``), optionally signature-checked, stored
durably (a folder, or your callback), and only then acknowledged: ``done``, or ``fail`` with
the failing finding ids as description. A crash at any point loses nothing and stores
nothing twice:

* before the store: the hub still lists the package; the next run downloads it again (the
  half-written work file is removed at start-up);
* between the store and the acknowledgement: the next run finds the package already stored
  (the folder's file, or the journal of the callback store) and only acknowledges it;
* after the acknowledgement: the hub no longer lists it.

Status packages are collected the same way (``message_type="status"``) and matched with the
sent documents recorded in the :class:`~vn_egov.hub.ledger.SentLedger`.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     store = FolderStore(Path(tmp) / "in")
...     store.has("5f0c9a7e"), store.path_for("5f0c9a7e").name
(False, '5f0c9a7e.edxml')
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar, Final, Literal, Protocol

from vn_egov.errors import ConfigurationError, HubError, VnEgovError
from vn_egov.hub.facts import PackageFacts, package_facts
from vn_egov.hub.ledger import SentLedger, SentRecord, _sync_folder, durable_write
from vn_egov.hub.models import MessageType, ReceivedItem
from vn_egov.hub.transport import Transport
from vn_egov.hub.wire import VIETNAM
from vn_egov.i18n import tr
from vn_egov.validation import Report, Severity, check
from vn_egov.validation.api import FULL_VALIDATION_BYTES

__all__ = [
    "CallbackStore",
    "FolderStore",
    "Inbox",
    "Outcome",
    "Received",
    "SignatureCheck",
]

LOG: Final = logging.getLogger("vn_egov.hub.inbox")
PROFILES: Final = {"edoc": "edxml-document", "status": "edxml-status"}
_SAFE_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
Action = Literal["stored", "already-stored", "rejected", "refused-id", "error"]


def safe_doc_id(doc_id: str) -> bool:
    """True when *doc_id* can name a file (``DIR/<docId>.edxml``) without escaping ``DIR``.

    >>> safe_doc_id("5f0c9a7e-2b1d"), safe_doc_id("../etc/passwd"), safe_doc_id(".hidden")
    (True, False, False)
    """
    return bool(_SAFE_ID.match(doc_id)) and ".." not in doc_id


@dataclass(frozen=True)
class Received:
    """A downloaded package handed to a store: its inbox entry, the file (valid until the
    store returns), the validation report and the header facts."""

    item: ReceivedItem
    message_type: MessageType
    path: Path
    report: Report
    facts: PackageFacts


class PackageStore(Protocol):
    """Where accepted packages go. ``put`` must be durable when it returns."""

    def has(self, doc_id: str) -> bool:
        """True when the package was stored already."""

    def put(self, package: Received) -> Path | None:
        """Store *package* durably; the stored file when there is one."""


class FolderStore:
    """Packages as ``folder/<docId>.edxml`` (moved in atomically, flushed to disk); refused
    packages under ``folder/rejected/`` with their findings as ``<docId>.json``."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.rejected = self.folder / "rejected"

    def path_for(self, doc_id: str) -> Path:
        """The file of a stored package."""
        if not safe_doc_id(doc_id):
            raise HubError(tr("the document id {doc_id} cannot name a file", doc_id=doc_id[:80]))
        return self.folder / f"{doc_id}.edxml"

    def has(self, doc_id: str) -> bool:
        """True when ``folder/<docId>.edxml`` exists."""
        return self.path_for(doc_id).exists()

    def put(self, package: Received) -> Path:
        """Move the downloaded file into place (durably)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(package.item.doc_id)
        os.replace(package.path, target)
        _sync_folder(self.folder)
        return target

    def put_rejected(self, package: Received) -> Path:
        """Keep a refused package and its findings for inspection."""
        self.rejected.mkdir(parents=True, exist_ok=True)
        target = self.rejected / f"{package.item.doc_id}.edxml"
        durable_write(self.rejected / f"{package.item.doc_id}.json", json.dumps(
            package.report.to_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
        os.replace(package.path, target)
        _sync_folder(self.rejected)
        return target


class CallbackStore:
    """Hands each accepted package to *callback*, and journals it so that a restarted loop
    does not call it again for a package it already took. The callback must be durable when
    it returns; a crash between its return and the journal entry calls it once more for the
    same ``docId``, so it should treat the docId as an idempotency key."""

    def __init__(self, callback: Callable[[Received], None],
                 journal: str | os.PathLike[str]) -> None:
        self.callback = callback
        self.journal = Path(journal)
        self.journal.mkdir(parents=True, exist_ok=True)

    def _marker(self, doc_id: str) -> Path:
        return self.journal / hashlib.sha256(doc_id.encode("utf-8")).hexdigest()

    def has(self, doc_id: str) -> bool:
        """True when the journal says the callback took this package."""
        return self._marker(doc_id).exists()

    def put(self, package: Received) -> None:
        """Call the callback, then journal the docId."""
        self.callback(package)
        durable_write(self._marker(package.item.doc_id), package.item.doc_id.encode("utf-8"))


class SignatureCheck:
    """The signature step of the receive loop: the failing finding ids of a package's signature
    (``unsigned`` when it has none and one is required).

    The signer is bound to the sender by default: the signed ``From`` must be the agency the
    package came from and the certificate must belong to it (SIG027; configure the
    ``sender_map`` of the verifier's :class:`~vn_egov.signature.SignaturePolicy`), so that a
    trusted agency cannot re-sign another agency's package unnoticed. ``bind_sender=False``
    turns the binding off.
    """

    def __init__(self, verifier: object | None = None, *, require_signature: bool = True,
                 require_trust: bool = True, bind_sender: bool = True) -> None:
        from vn_egov.signature import Verifier

        self.verifier = verifier if isinstance(verifier, Verifier) else Verifier()
        self.require_signature = require_signature
        self.require_trust = require_trust
        self.bind_sender = bind_sender

    def __call__(self, path: Path, facts: PackageFacts) -> tuple[str, ...]:
        from vn_egov.signature.result import CryptoState

        expected = (facts.sender or None) if self.bind_sender else None
        result = self.verifier.verify(path, expected_sender=expected)
        if result.crypto is CryptoState.UNSIGNED:
            return ("unsigned",) if self.require_signature else ()
        failing = [issue.rule for issue in result.issues if issue.severity is Severity.ERROR]
        if not result.signature_intact and not failing:
            failing.append(f"signature-{result.crypto.value}")
        if self.require_trust and result.signature_intact and not result.trusted_valid \
                and not failing:
            failing.append(f"trust-{result.trust.value}")
        return tuple(dict.fromkeys(failing))


@dataclass(frozen=True)
class Outcome:
    """What the loop did with one inbox entry."""

    doc_id: str
    message_type: MessageType
    action: Action
    acknowledged: str = ""
    rule_ids: tuple[str, ...] = ()
    path: Path | None = None
    facts: PackageFacts | None = None
    matched: tuple[SentRecord, ...] = ()
    answered: str = ""
    error: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"docId": self.doc_id, "messageType": self.message_type, "action": self.action,
                "acknowledged": self.acknowledged, "rules": list(self.rule_ids),
                "path": str(self.path) if self.path else None,
                "statusCode": self.facts.status_code if self.facts else "",
                "answers": self.facts.response_for if self.facts else "",
                "matchedSent": [record.doc_id for record in self.matched],
                "answered": self.answered, "error": self.error}


@dataclass
class Inbox:
    """The durable receive loop of one system.

    *store*: a :class:`FolderStore`, a :class:`CallbackStore` or your own
    :class:`PackageStore`. *work*: a folder for downloads (same file system as a folder
    store, so that storing is a rename). *ledger*: the sent ledger used to match statuses.
    *verify*: an optional :class:`SignatureCheck` (or any callable with its signature).
    *answer*: a status code (e.g. ``"03"``) to answer each accepted document with; refused
    documents are then answered ``02`` with the finding ids.
    """

    transport: Transport
    store: PackageStore
    work: Path
    ledger: SentLedger | None = None
    verify: Callable[[Path, PackageFacts], tuple[str, ...]] | None = None
    answer: str | None = None
    strict: bool = False
    full_validation_bytes: int = FULL_VALIDATION_BYTES
    _cleaned: bool = field(default=False, init=False, repr=False)

    #: Status codes a receiver answers a document with (13, 15 and 16 belong to other flows).
    ANSWER_CODES: ClassVar[tuple[str, ...]] = ("01", "02", "03", "04", "05", "06")

    def __post_init__(self) -> None:
        if self.answer is not None and self.answer not in self.ANSWER_CODES:
            raise ConfigurationError(
                tr("a document is answered with a status code from 01 to 06, not {code}",
                   code=self.answer), hint=tr("e.g. 03 (accepted)"))

    def _clean(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        if not self._cleaned:
            for leftover in self.work.glob("*.part"):
                leftover.unlink(missing_ok=True)
            self._cleaned = True

    def run_once(self, message_type: MessageType = "edoc") -> list[Outcome]:
        """Process every package the inbox lists now; one :class:`Outcome` each."""
        self._clean()
        return [self._process(item, message_type)
                for item in self.transport.received(message_type)]

    def collect_statuses(self) -> list[Outcome]:
        """Process the status packages of the inbox, matched with the sent documents."""
        return self.run_once("status")

    # -- one package ---------------------------------------------------------------------------

    def _process(self, item: ReceivedItem, message_type: MessageType) -> Outcome:
        doc_id = item.doc_id
        if not safe_doc_id(doc_id):
            description = tr("the document id cannot name a file")
            self.transport.acknowledge(doc_id, "fail", description)
            return Outcome(doc_id, message_type, "refused-id", "fail", error=description)
        try:
            if self.store.has(doc_id):
                # Stored before a crash, never acknowledged: answer (same bytes as before,
                # so the hub keeps one) and acknowledge, without storing again.
                answered = ""
                if isinstance(self.store, FolderStore):
                    answered = self._answer(self.store.path_for(doc_id), item, message_type)
                self.transport.acknowledge(doc_id, "done")
                return Outcome(doc_id, message_type, "already-stored", "done",
                               answered=answered)
            return self._fetch_and_store(item, message_type)
        except VnEgovError as exc:
            LOG.warning("package %s left in the inbox: %s", doc_id, exc)
            return Outcome(doc_id, message_type, "error", error=str(exc))

    def _download(self, doc_id: str, message_type: MessageType) -> Path:
        path = self.work / f"{secrets.token_hex(12)}.part"
        try:
            with path.open("xb") as out:
                self.transport.get(doc_id, out, message_type=message_type)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    def _fetch_and_store(self, item: ReceivedItem, message_type: MessageType) -> Outcome:
        path = self._download(item.doc_id, message_type)
        try:
            report = check(path, PROFILES[message_type], strict=self.strict,
                           full_validation_bytes=self.full_validation_bytes)
            facts = package_facts(path)
            failing = tuple(dict.fromkeys(issue.rule for issue in report.issues
                                          if issue.severity >= report.fail_on))
            if not failing and self.verify is not None:
                failing = self.verify(path, facts)
            package = Received(item, message_type, path, report, facts)
            if failing:
                return self._reject(package, failing)
            stored = self.store.put(package)
            answered = self._answer(stored or path, item, message_type)
            self.transport.acknowledge(item.doc_id, "done")
            matched = tuple(self.ledger.answering(facts.response_for)) if (
                self.ledger is not None and message_type == "status") else ()
            return Outcome(item.doc_id, message_type, "stored", "done", (), stored, facts,
                           matched, answered)
        finally:
            path.unlink(missing_ok=True)

    def _reject(self, package: Received, failing: tuple[str, ...]) -> Outcome:
        kept = None
        if isinstance(self.store, FolderStore):
            kept = self.store.put_rejected(package)
        description = tr("invalid package: {rules}", rules=", ".join(failing))
        answered = ""
        if self.answer is not None and package.message_type == "edoc":
            answered = self._refusal(kept or package.path, package, description)
        self.transport.acknowledge(package.item.doc_id, "fail", description)
        return Outcome(package.item.doc_id, package.message_type, "rejected", "fail",
                       failing, kept, package.facts, answered=answered)

    def _refusal(self, path: Path, package: Received, description: str) -> str:
        """Answer a refused document 02 from its header facts (the package itself may not
        be readable). Best effort: without the facts a status needs, or when the hub refuses
        the answer, the refusal is still acknowledged ``fail``."""
        from vn_egov.edoc.models import Organization, ResponseFor, StatusHeader, StatusPackage
        from vn_egov.edoc.writer import write

        facts = package.facts
        if not (facts.sender and facts.document_id and facts.notation and package.item.to):
            return ""
        try:
            promulgated = datetime.strptime(facts.promulgation_date, "%Y/%m/%d").date()
        except ValueError:
            promulgated = None
        status = StatusPackage(header=StatusHeader(
            sender=Organization(organ_id=package.item.to),
            response_for=ResponseFor(organ_id=facts.sender, code=facts.notation,
                                     promulgation_date=promulgated,
                                     document_id=facts.document_id),
            status_code="02", description=description, timestamp=self._moment(path)))
        try:
            return self.transport.send(write(status), message_type="status").doc_id
        except VnEgovError as exc:
            LOG.warning("could not answer the refused package %s: %s", package.item.doc_id,
                        exc)
            return ""

    @staticmethod
    def _moment(path: Path) -> datetime:
        """The stored file's time (Vietnam, to the second): answering again after a crash
        makes the same bytes, which the hub accepts once."""
        return datetime.fromtimestamp(int(path.stat().st_mtime), VIETNAM).replace(tzinfo=None)

    def _answer(self, path: Path, item: ReceivedItem, message_type: MessageType) -> str:
        if self.answer is None or message_type != "edoc":
            return ""
        return self._send_answer(path, item, self.answer, None)

    def _send_answer(self, path: Path, item: ReceivedItem, code: str,
                     description: str | None) -> str:
        """Send a status package answering the document in *path* for the addressee the
        hub delivered it to (timestamp: :meth:`_moment`)."""
        from vn_egov.edoc import read_document
        from vn_egov.edoc.builders import answer
        from vn_egov.edoc.writer import write

        document = read_document(path)
        mine = [o for o in document.header.recipients if o.organ_id == item.to]
        status = answer(document, code, sender=mine[0] if mine else item.to,
                        description=description, timestamp=self._moment(path))
        result = self.transport.send(write(status), message_type="status")
        return result.doc_id
