"""The sender's ledger: which packages this system sent, by SHA-256, with the hub's DocId.

It makes sending idempotent on the client side too (a package the hub already accepted is
not sent again, even after a restart) and lets the receive loop match status packages to the
documents they answer. One small JSON file per sent package, written atomically.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     ledger = SentLedger(tmp)
...     _ = ledger.record(SentRecord(doc_id="d-1", sha256="ab" * 32, message_type="edoc",
...                                  document_id="000.00.00.H24,2015/12/25,4547/KH-UBND"))
...     ledger.find("edoc", "ab" * 32).doc_id, len(ledger.answering(
...         "000.00.00.H24,2015/12/25,4547/KH-UBND"))
('d-1', 1)
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = ["SentLedger", "SentRecord", "durable_write"]

_SHA: Final = re.compile(r"^[0-9a-f]{64}$")


class SentRecord(BaseModel):
    """One package this system sent and the hub accepted."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    sha256: str
    message_type: str
    to: tuple[str, ...] = ()
    document_id: str = ""
    notation: str = ""
    sent_at: str = ""


def durable_write(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that a crash leaves the old file or the new one, whole."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    with temporary.open("xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in *folder* durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class SentLedger:
    """Sent packages in ``folder/<message type>-<sha256>.json``."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, message_type: str, sha256: str) -> Path:
        if message_type not in ("edoc", "status") or not _SHA.match(sha256):
            raise ValueError("message type must be edoc or status, sha256 64 hex digits")
        return self.folder / f"{message_type}-{sha256}.json"

    def find(self, message_type: str, sha256: str) -> SentRecord | None:
        """The record of these bytes, if they were sent."""
        path = self._path(message_type, sha256)
        try:
            return SentRecord.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            return None

    def record(self, record: SentRecord) -> SentRecord:
        """Store *record* durably."""
        durable_write(self._path(record.message_type, record.sha256),
                      record.model_dump_json().encode("utf-8"))
        return record

    def __iter__(self) -> Iterator[SentRecord]:
        for path in sorted(self.folder.glob("*-*.json")):
            try:
                yield SentRecord.model_validate(json.loads(path.read_bytes()))
            except (OSError, ValueError, ValidationError):
                continue

    def answering(self, document_id: str) -> list[SentRecord]:
        """The sent documents a status package about *document_id* answers."""
        return [r for r in self if r.message_type == "edoc" and document_id
                and r.document_id == document_id]
