"""Every file the library opens goes through the input gate; every JSON document through the
safe loader: catalogues, calendars, registries, build specifications, certificates,
attachment files.

Each special-file case runs in a thread with a time bound: opening a FIFO would block for
ever, so a reader that bypassed the gate fails the test instead of hanging the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vn_egov.edoc.attachments import attachment_from_file
from vn_egov.edoc.spec import BuildSpec
from vn_egov.edoc.streaming import LargeFile, stream_write
from vn_egov.errors import (
    ConfigurationError,
    InputError,
    MalformedJSONError,
    UnsafeJSONError,
    VnEgovError,
)
from vn_egov.safejson import dump_json, load_json
from vn_egov.services.calendar.working import WorkingCalendar, load_entries
from vn_egov.services.catalogue.importers import import_catalogue, load_records
from vn_egov.services.catalogue.models import Publisher
from vn_egov.signature import load_certificates
from vn_egov.units.registry import Registry

BOUND = 10.0


def _bounded(call: Callable[[], object]) -> BaseException | None:
    """Run *call* in a thread; fail if it does not return within the bound."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # the test looks at what was raised
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), "the reader blocked: it opened a special file"
    return outcome.get("error")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    os.mkfifo(path)
    yield path
    with contextlib.suppress(OSError):  # unblock a reader that opened it anyway
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def _named_fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


READERS: dict[str, tuple[Callable[[Path], object], type[VnEgovError], str]] = {
    "import_catalogue": (lambda p: import_catalogue(p, catalogue_id="x", title="t", version="1",
                                                    publisher=Publisher(name="p")),
                         InputError, "is a named pipe (FIFO)"),
    "calendar load_entries": (load_entries, ConfigurationError, "is a named pipe (FIFO)"),
    "WorkingCalendar.from_file": (WorkingCalendar.from_file, ConfigurationError,
                                  "is a named pipe (FIFO)"),
    "Registry.load": (Registry.load, InputError, "cannot read registry file: is a named pipe"),
    "BuildSpec.load": (BuildSpec.load, InputError, "is a named pipe (FIFO)"),
    "load_certificates": (load_certificates, InputError, "is a named pipe (FIFO)"),
    "attachment_from_file": (attachment_from_file, InputError, "is a named pipe (FIFO)"),
    "stream_write": (lambda p: stream_write(_package(), [LargeFile(p)], io.BytesIO()),
                     InputError, "is a named pipe (FIFO)"),
}


def _package() -> Any:
    from vn_egov.edoc.demo import plan_package

    return plan_package().model_copy(update={"attachments": [], "manifest": []})


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fifo_is_refused_unopened_by_every_reader(reader: str, fifo: Path) -> None:
    call, error, message = READERS[reader]
    raised = _bounded(lambda: call(fifo))
    assert isinstance(raised, error), repr(raised)
    assert message in str(raised)


def test_a_fifo_in_a_trust_folder_is_skipped_without_blocking(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    from vn_egov.signature.pki import make_certificate_pair

    _, certificate = make_certificate_pair("CN=Root")
    (tmp_path / "root.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    _named_fifo(tmp_path, "trap.pem")
    (tmp_path / "zero.crt").symlink_to("/dev/zero")
    found: list[Any] = []
    assert _bounded(lambda: found.extend(load_certificates(tmp_path))) is None
    assert found == [certificate]


@pytest.mark.parametrize(("reader", "error"), [
    ("import_catalogue", UnsafeJSONError), ("BuildSpec.load", UnsafeJSONError),
    ("calendar load_entries", ConfigurationError), ("Registry.load", ConfigurationError)])
def test_hostile_json_is_refused_with_its_path_by_every_json_reader(reader: str,
                                                                     error: type[Exception],
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(b'{"entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    call, _error, _message = READERS[reader]
    raised = _bounded(lambda: call(path))
    assert isinstance(raised, error), repr(raised)
    assert "objects and arrays nest deeper than 64 levels" in str(raised)


def test_catalogue_numbers_are_exact_decimals_end_to_end() -> None:
    records = (b'[{"MATTHC": "1.001193", "TENTTHC": "Khai sinh", "CACHTHUCTHUCHIEN": [{"KENH": '
               b'"1", "THOIGIAN": [{"THOIGIANGIAIQUYET": 0.5, "DONVITINH": "Ng\xc3\xa0y", '
               b'"PHILEPHI": [{"SOTIEN": 8000.50, "DONVI": "VND"}]}]}]}]')
    catalogue, issues = import_catalogue(records, catalogue_id="x", title="t", version="1",
                                         publisher=Publisher(name="p"))
    assert issues == []
    procedure = catalogue.procedures[0]
    channel = procedure.channels[0]
    assert channel.fees[0].amount == Decimal("8000.50")
    assert channel.time_limit is not None
    assert channel.time_limit.value == Decimal("0.5")
    assert procedure.raw_json is not None
    assert '"SOTIEN": 8000.50' in procedure.raw_json  # written as read, not as a float
    assert load_json(procedure.raw_json) == load_records(records)[0]


@pytest.mark.parametrize("literal", [b"NaN", b"1e999999999", b"-Infinity", b"9" * 100])
def test_catalogue_numbers_beyond_the_limits_are_refused(literal: bytes) -> None:
    with pytest.raises((MalformedJSONError, UnsafeJSONError), match=r"\$\[0\]\.fee"):
        load_records(b'[{"code": "1.001193", "fee": ' + literal + b"}]")


def test_dump_json_round_trips_what_load_json_reads() -> None:
    text = '{"a": [1, -0, 2.50, 1E+300, "Hải Phòng"], "b": {"c": null, "d": false}}'
    value = load_json(text)
    assert dump_json(value) == text.replace("-0", "0")  # -0 is read as the integer 0
    assert load_json(dump_json(value)) == value
    with pytest.raises(ValueError, match="is not a JSON number"):
        dump_json([Decimal("NaN")])
