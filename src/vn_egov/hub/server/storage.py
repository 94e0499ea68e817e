"""The local hub's storage: package bodies as files named by their SHA-256, queues and statuses
in a SQL database through SQLAlchemy (SQLite in WAL mode by default, PostgreSQL by URL).

Request input never becomes a path: a body's file name is the hex digest the hub computed
itself, and document ids are looked up in the database, always together with the asking
system, so a system reaches only its own inbox and its own sent list.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Final

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from vn_egov.hub.facts import PackageFacts
from vn_egov.hub.wire import VIETNAM

__all__ = ["BlobStore", "Delivery", "Route", "Storage"]

metadata = MetaData()

documents = Table(
    "hub_documents", metadata,
    Column("doc_id", String(36), primary_key=True),
    Column("sender_system", String(64), nullable=False),
    Column("from_organ", String(64), nullable=False),
    Column("message_type", String(16), nullable=False),
    Column("service_type", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("title", Text, nullable=False),
    Column("notation", String(255), nullable=False),
    Column("document_id", String(255), nullable=False),
    Column("status_code", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # Idempotent sendEdoc: the same bytes from the same system are one document.
    UniqueConstraint("sender_system", "message_type", "sha256", name="uq_hub_send"),
)
deliveries = Table(
    "hub_deliveries", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("receiver_doc_id", String(36), nullable=False, unique=True),
    Column("doc_id", String(36), ForeignKey("hub_documents.doc_id"), nullable=False),
    Column("recipient_system", String(64), nullable=True),
    Column("to_organ", String(64), nullable=False),
    Column("send_status", String(16), nullable=False),
    Column("send_status_desc", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_desc", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("received_at", DateTime, nullable=True),
    Index("ix_hub_inbox", "recipient_system", "status"),
)
agencies = Table(
    "hub_registered_agencies", metadata,
    Column("code", String(64), primary_key=True),
    Column("system_id", String(64), nullable=False),
    Column("agency_id", String(64), nullable=False),
    Column("pcode", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("mail", String(255), nullable=False),
    Column("mobile", String(64), nullable=False),
    Column("fax", String(64), nullable=False),
)

PENDING: Final = "pending"
UNDELIVERED: Final = "undelivered"  # no connected system receives for the addressee
OPEN_STATUSES: Final = (PENDING, "processing")
CHUNK: Final = 1024 * 1024


def now() -> datetime:
    """Vietnam local time without an offset (how hub times are shown), to the second."""
    return datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)


class BlobStore:
    """Package bodies under ``root/blobs/<2 hex>/<64 hex>``, written through ``root/tmp``.

    A body is written to a temporary file, flushed to disk, then renamed into place: a crash
    leaves either no file or the whole file. Identical bodies are stored once.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.blobs = root / "blobs"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.blobs.mkdir(parents=True, exist_ok=True)

    def temporary(self) -> tuple[Path, IO[bytes]]:
        """A new temporary file (name from a random token) open for writing."""
        path = self.tmp / f"{secrets.token_hex(16)}.part"
        return path, path.open("xb")

    def path_of(self, sha256: str) -> Path:
        """The file of a stored body (*sha256* comes from the database, 64 hex digits)."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.blobs / sha256[:2] / sha256

    def commit(self, temporary: Path, sha256: str) -> Path:
        """Move a finished temporary file into place (or drop it when the body exists)."""
        target = self.path_of(sha256)
        if target.exists():
            temporary.unlink(missing_ok=True)
            return target
        target.parent.mkdir(exist_ok=True)
        os.replace(temporary, target)
        return target

    def chunks(self, sha256: str, size: int = CHUNK) -> Iterator[bytes]:
        """The stored body in chunks of *size* bytes."""
        with self.path_of(sha256).open("rb") as stream:
            while chunk := stream.read(size):
                yield chunk

    def clean(self) -> None:
        """Remove temporary files left by a crash (run at start-up)."""
        for leftover in self.tmp.glob("*.part"):
            leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class Route:
    """Where one addressee of a package goes: its OrganId and the receiving system (or None
    with the reason when no connected system serves it)."""

    organ_id: str
    system_id: str | None
    problem: str = ""


@dataclass(frozen=True)
class StoredDocument:
    """A package the hub accepted."""

    doc_id: str
    sender_system: str
    message_type: str
    sha256: str
    size: int
    created: bool


@dataclass(frozen=True)
class Delivery:
    """One package in one system's inbox."""

    id: int
    receiver_doc_id: str
    doc_id: str
    sha256: str
    size: int
    message_type: str
    service_type: str
    from_organ: str
    to_organ: str
    status: str
    status_desc: str
    created_at: datetime
    updated_at: datetime


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Storage:
    """Queues and statuses of the hub in a SQL database.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     storage = Storage(f"sqlite:///{tmp}/hub.db")
    ...     storage.inbox("vxp.hp.02", "edoc")
    []
    """

    def __init__(self, url: str) -> None:
        options: dict[str, Any] = {"future": True}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options["pool_pre_ping"] = True
        self.engine = create_engine(url, **options)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        metadata.create_all(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- sending ---------------------------------------------------------------------------

    def find_sent(self, sender: str, message_type: str, sha256: str) -> str | None:
        """The DocId already given to these bytes from this system, if any."""
        with self.engine.connect() as connection:
            return connection.execute(select(documents.c.doc_id).where(
                documents.c.sender_system == sender, documents.c.message_type == message_type,
                documents.c.sha256 == sha256)).scalar_one_or_none()

    def store(self, *, sender: str, message_type: str, service_type: str, sha256: str,
              size: int, facts: PackageFacts, routes: Sequence[Route]) -> StoredDocument:
        """Record an accepted package and queue it for each routed recipient, atomically.

        The same bytes sent again by the same system give the first DocId (``created`` is
        then False) and queue nothing: a retried sendEdoc never delivers twice.
        """
        doc_id = str(uuid.uuid4())
        stamp = now()
        row = {"doc_id": doc_id, "sender_system": sender, "from_organ": facts.sender[:64],
               "message_type": message_type, "service_type": service_type[:32],
               "sha256": sha256, "size": size, "title": facts.subject,
               "notation": facts.notation[:255], "document_id": facts.document_id[:255],
               "status_code": facts.status_code[:8], "created_at": stamp}
        rows = [{"receiver_doc_id": str(uuid.uuid4()), "doc_id": doc_id,
                 "recipient_system": route.system_id, "to_organ": route.organ_id[:64],
                 "send_status": "done" if route.system_id else "fail",
                 "send_status_desc": route.problem or "queued",
                 "status": PENDING if route.system_id else UNDELIVERED,
                 "status_desc": "", "created_at": stamp, "updated_at": stamp}
                for route in routes]
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(documents), [row])
                if rows:
                    connection.execute(insert(deliveries), rows)
        except IntegrityError:
            existing = self.find_sent(sender, message_type, sha256)
            if existing is None:
                raise
            return StoredDocument(existing, sender, message_type, sha256, size, False)
        return StoredDocument(doc_id, sender, message_type, sha256, size, True)

    # -- receiving -------------------------------------------------------------------------

    def _delivery_query(self) -> Any:
        return select(deliveries.c.id, deliveries.c.receiver_doc_id, deliveries.c.doc_id,
                      documents.c.sha256, documents.c.size, documents.c.message_type,
                      documents.c.service_type, documents.c.from_organ,
                      deliveries.c.to_organ, deliveries.c.status, deliveries.c.status_desc,
                      deliveries.c.created_at, deliveries.c.updated_at).join(
            documents, documents.c.doc_id == deliveries.c.doc_id)

    def inbox(self, system: str, message_type: str, *, limit: int = 1000) -> list[Delivery]:
        """The system's packages of *message_type* not yet acknowledged done or fail."""
        query = self._delivery_query().where(
            deliveries.c.recipient_system == system, documents.c.message_type == message_type,
            deliveries.c.status.in_(OPEN_STATUSES)).order_by(deliveries.c.id).limit(limit)
        with self.engine.connect() as connection:
            return [Delivery(**row._mapping) for row in connection.execute(query)]

    def count(self, system: str, message_type: str) -> int:
        """How many packages of *message_type* wait in the system's inbox."""
        query = select(func.count()).select_from(deliveries.join(
            documents, documents.c.doc_id == deliveries.c.doc_id)).where(
            deliveries.c.recipient_system == system, documents.c.message_type == message_type,
            deliveries.c.status.in_(OPEN_STATUSES))
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def delivery(self, system: str, receiver_doc_id: str) -> Delivery | None:
        """One package of the system's own inbox (acknowledged or not), else ``None``."""
        query = self._delivery_query().where(deliveries.c.recipient_system == system,
                                             deliveries.c.receiver_doc_id == receiver_doc_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return Delivery(**row._mapping) if row else None

    def delivery_by_number(self, system: str, number: int) -> Delivery | None:
        """Like :meth:`delivery`, by the numeric id the Bkav REST 2.0 API uses."""
        query = self._delivery_query().where(deliveries.c.recipient_system == system,
                                             deliveries.c.id == number)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return Delivery(**row._mapping) if row else None

    def delivery_number(self, doc_id: str) -> int:
        """The smallest numeric delivery id of a document (the Bkav API's document id)."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.min(deliveries.c.id)).where(
                deliveries.c.doc_id == doc_id)).scalar_one())

    def acknowledge(self, system: str, receiver_doc_id: str, status: str,
                    description: str) -> bool:
        """Set the transport status of one package of the system's inbox; False if unknown."""
        stamp = now()
        values: dict[str, Any] = {"status": status, "status_desc": description,
                                  "updated_at": stamp}
        if status in ("done", "fail"):
            values["received_at"] = stamp
        with self.engine.begin() as connection:
            result = connection.execute(update(deliveries).where(
                deliveries.c.recipient_system == system,
                deliveries.c.receiver_doc_id == receiver_doc_id).values(**values))
        return bool(result.rowcount)

    # -- sent list -------------------------------------------------------------------------

    def sent(self, system: str, message_type: str, doc_id: str | None = None,
             *, limit: int = 1000) -> list[dict[str, Any]]:
        """Per recipient, the system's sent packages (newest first), or one of them."""
        query = select(documents, deliveries.c.receiver_doc_id, deliveries.c.to_organ,
                       deliveries.c.send_status, deliveries.c.send_status_desc,
                       deliveries.c.status, deliveries.c.status_desc,
                       deliveries.c.received_at).join(
            deliveries, documents.c.doc_id == deliveries.c.doc_id).where(
            documents.c.sender_system == system, documents.c.message_type == message_type)
        if doc_id is not None:
            query = query.where(documents.c.doc_id == doc_id)
        query = query.order_by(documents.c.created_at.desc(), deliveries.c.id).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def is_sender_of(self, system: str, doc_id: str) -> bool:
        """True when *doc_id* is one of the system's sent packages."""
        with self.engine.connect() as connection:
            return connection.execute(select(documents.c.doc_id).where(
                documents.c.sender_system == system,
                documents.c.doc_id == doc_id)).first() is not None

    # -- registered agencies ---------------------------------------------------------------

    def register_agency(self, system: str, values: dict[str, str]) -> bool:
        """Record an agency registered by *system*; False when another system owns the code."""
        row = {"code": values["code"], "system_id": system, "agency_id": values.get("id", ""),
               "pcode": values.get("pcode", ""), "name": values.get("name", ""),
               "mail": values.get("mail", ""), "mobile": values.get("mobile", ""),
               "fax": values.get("fax", "")}
        with self.engine.begin() as connection:
            owner = connection.execute(select(agencies.c.system_id).where(
                agencies.c.code == row["code"])).scalar_one_or_none()
            if owner is not None and owner != system:
                return False
            if owner is None:
                connection.execute(insert(agencies), [row])
            else:
                connection.execute(update(agencies).where(agencies.c.code == row["code"])
                                   .values(**row))
        return True

    def delete_agency(self, system: str, code: str) -> bool:
        """Delete an agency the system registered; False when it has none with this code."""
        with self.engine.begin() as connection:
            result = connection.execute(agencies.delete().where(
                agencies.c.code == code, agencies.c.system_id == system))
        return bool(result.rowcount)

    def registered_agencies(self) -> list[dict[str, Any]]:
        """Every agency registered through the API."""
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(
                select(agencies).order_by(agencies.c.code))]


def file_digest(path: Path) -> str:
    """SHA-256 hex of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
