"""The Python API accepts the obvious types, or refuses them naming the type it expects; and
``help()`` shows every default by a readable name (never ``<object object at 0x...>``)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vn_egov
from vn_egov.edoc.demo import plan_package


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from vn_egov.signature.pki import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("pki"))


def test_policy_takes_one_crl_path_or_a_list(pki: Any) -> None:
    from vn_egov.signature import SignaturePolicy

    folder = pki.directory
    one = SignaturePolicy.from_files(trust=str(folder / "ca.pem"), crls=str(folder / "crl.pem"))
    as_path = SignaturePolicy.from_files(trust=folder / "ca.pem", crls=folder / "crl.pem")
    listed = SignaturePolicy.from_files(trust=str(folder / "ca.pem"),
                                        crls=[str(folder / "crl.pem")])
    assert one.crls == as_path.crls == listed.crls
    assert len(one.crls) == 2  # crl.pem holds the issuing CA's CRL and the root's
    with pytest.raises(TypeError, match="unexpected keyword argument 'allow_sha2'"):
        SignaturePolicy.from_files(trust=folder / "ca.pem", allow_sha2=True)


@pytest.mark.parametrize("password", ["demo-only", b"demo-only"])
def test_pkcs12_password_as_text_or_bytes(pki: Any, password: str | bytes) -> None:
    from vn_egov.signature import Signer

    signer = Signer.from_pkcs12(pki.directory / "signer.p12", password)
    assert signer.certificates[0] == pki.signer


def test_a_password_of_another_type_is_named(pki: Any) -> None:
    from vn_egov.signature import Signer

    with pytest.raises(TypeError, match="password must be bytes, str or None, not int"):
        Signer.from_pkcs12(pki.directory / "signer.p12", 1234)  # type: ignore[arg-type]


def test_sign_takes_a_package_model(pki: Any) -> None:
    from vn_egov.edoc import read
    from vn_egov.edoc.writer import write
    from vn_egov.signature import SignaturePolicy, Signer, Verifier

    signer = Signer(pki.signer_key, (pki.signer, pki.issuing))
    package = plan_package()
    from_model = signer.sign(package)
    assert from_model.startswith(write(package).split(b"<edXML:edXMLHeader>")[0])
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(from_model)
    assert result.trusted_valid, result.rule_ids()
    assert read(from_model).header.document_id == package.header.document_id
    with pytest.raises(TypeError, match=r"sign\(\) takes the XML to sign as bytes, text, a path "
                                        r"or a package model .* not int"):
        signer.sign(42)  # type: ignore[arg-type]


def test_write_refuses_a_path_and_says_what_to_use() -> None:
    from vn_egov.edoc import write

    with pytest.raises(TypeError, match=r"write\(\) takes a DocumentPackage or StatusPackage, not "
                                        r"str \(to read a file, use read\(path\); to write a "
                                        r"package to a file, write_file\(package, path\)\)"):
        write("file.edxml")  # type: ignore[arg-type]


@pytest.mark.parametrize("code", [3, "03"])
def test_answer_takes_a_number_or_the_two_digit_code(code: int | str) -> None:
    from vn_egov.edoc.builders import answer

    reply = answer(plan_package(), code, timestamp=dt.datetime(2015, 12, 28, 8, 30))
    assert (reply.header.status_code, reply.header.description) == ("03", "Đã tiếp nhận")


def test_answer_lists_the_codes_and_names_the_package_type() -> None:
    from vn_egov.edoc.builders import BuildError, answer

    with pytest.raises(BuildError, match="status code '07' is not one of 01, 02, 03, 04, 05, 06"):
        answer(plan_package(), 7)
    with pytest.raises(TypeError, match=r"answer\(\) takes the DocumentPackage to answer, not "
                                        r"str \(read it first: answer\(read_document\(path\)"):
        answer("plan.edxml", "03")  # type: ignore[arg-type]


def test_deadline_refuses_a_date_and_a_bare_number() -> None:
    from vn_egov.services.calendar.deadlines import compute_deadline
    from vn_egov.services.calendar.working import VN_TZ
    from vn_egov.services.catalogue.models import TimeLimit, TimeUnit

    limit = TimeLimit(value=3, unit=TimeUnit.WORKING_DAY)
    with pytest.raises(TypeError, match=r"received must be the receipt date and time, a "
                                        r"datetime with its time zone .* not date: a date "
                                        r"alone would be read as midnight"):
        compute_deadline(dt.date(2025, 3, 3), limit)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"limit must be a TimeLimit \(e.g. TimeLimit\(value=3, "
                                        r"unit=TimeUnit.WORKING_DAY\)\), not int"):
        compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ), 3)  # type: ignore[arg-type]
    due = compute_deadline(dt.datetime(2025, 3, 3, 16, tzinfo=VN_TZ), limit).due
    assert due.isoformat() == "2025-03-07T17:00:00+07:00"  # after the 15:00 cut-off: from Tue


# -- help() ------------------------------------------------------------------------------------


def _public_callables() -> Iterator[tuple[str, Any]]:
    for info in pkgutil.walk_packages(vn_egov.__path__, "vn_egov."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue
        for name in getattr(module, "__all__", ()):
            target = getattr(module, name, None)
            yield f"{info.name}.{name}", target
            if inspect.isclass(target):
                for attribute, member in vars(target).items():
                    if not attribute.startswith("_") or attribute == "__init__":
                        yield f"{info.name}.{name}.{attribute}", getattr(member, "__func__",
                                                                          member)


def test_help_shows_every_default_by_name() -> None:
    unreadable = []
    for where, target in _public_callables():
        if not callable(target):
            continue
        try:
            signature = inspect.signature(target)
        except (TypeError, ValueError):  # a builtin or a C type without a signature
            continue
        for parameter in signature.parameters.values():
            default = parameter.default
            if default is not inspect.Parameter.empty and " at 0x" in repr(default):
                unreadable.append(f"{where}({parameter.name}={default!r})")
    assert not unreadable, unreadable
    assert len({where for where, _ in _public_callables()}) > 300  # the walk saw the API


def test_the_timestamp_default_reads_now() -> None:
    from vn_egov.edoc.builders import answer

    assert str(inspect.signature(answer).parameters["timestamp"]).endswith("= now")
    assert Path(inspect.getfile(answer)).name == "builders.py"
