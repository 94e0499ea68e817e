"""``vn-egov hub``: the serve process (contract), and the client commands against it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.hub.hub_support import SYSTEMS, document_bytes

from vn_egov.cli.main import cli

SYSTEMS_TOML = "".join(
    f'[[system]]\nid = "{system_id}"\nsecret = "{secret}"\norgan_ids = {json.dumps(organs)}\n'
    for system_id, (secret, organs) in SYSTEMS.items())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    (tmp_path / "systems.toml").write_text(SYSTEMS_TOML, encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "vn_egov", "hub", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--data", str(tmp_path / "data"), "--systems",
         str(tmp_path / "systems.toml")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == f"listening on http://127.0.0.1:{port}\n"
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(20)


def _run(endpoint: str, system: str, *args: str, secret: str | None = None) -> tuple[int, str]:
    env = {"VN_EGOV_HUB_SECRET": secret if secret is not None else SYSTEMS[system][0]}
    result = CliRunner().invoke(cli, ["hub", "--endpoint", endpoint, "--system-id", system,
                                      *args], env=env)
    return result.exit_code, result.output


def test_serve_runs_until_sigterm(served: tuple[str, subprocess.Popen[str]]) -> None:
    endpoint, process = served
    code, output = _run(endpoint, "vxp.hp.02", "agencies")
    assert code == 0
    assert "000.00.01.H24" in output
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0


def test_client_commands_against_the_served_hub(served: tuple[str, subprocess.Popen[str]],
                                                tmp_path: Path) -> None:
    endpoint, _process = served
    package = tmp_path / "kh.edxml"
    package.write_bytes(document_bytes())
    code, output = _run(endpoint, "vxp.hp.01", "send", str(package), "--format", "json")
    assert code == 0
    answer = json.loads(output)
    assert (answer["status"], answer["ErrorCode"]) == ("OK", "0")
    assert answer["DocId"]
    code, output = _run(endpoint, "vxp.hp.02", "receive", "-d", str(tmp_path / "in"),
                        "--answer", "03")
    assert code == 0
    assert "1 package(s) received" in output
    [stored] = (tmp_path / "in").glob("*.edxml")
    assert stored.read_bytes() == package.read_bytes()
    code, output = _run(endpoint, "vxp.hp.01", "sent", "--format", "json")
    rows = json.loads(output)["data"]
    assert code == 0
    assert rows[0]["receiveStatus"] == "done"
    assert rows[0]["senderDocId"] == answer["DocId"]
    code, output = _run(endpoint, "vxp.hp.01", "receive", "--type", "status", "-d",
                        str(tmp_path / "statuses"), "--format", "json")
    [status] = json.loads(output)["received"]
    assert (status["action"], status["statusCode"]) == ("stored", "03")
    for system, (secret, _organs) in SYSTEMS.items():
        assert secret not in output, system


def test_ack_and_refusals_set_the_exit_status(served: tuple[str, subprocess.Popen[str]],
                                              tmp_path: Path) -> None:
    endpoint, _process = served
    package = tmp_path / "kh.edxml"
    package.write_bytes(document_bytes())
    _run(endpoint, "vxp.hp.01", "send", str(package))
    from vn_egov.hub.vpcp import VpcpTransport
    from vn_egov.hub.wire import Credentials

    with VpcpTransport(endpoint, Credentials("vxp.hp.02", SYSTEMS["vxp.hp.02"][0])) as dept:
        doc_id = dept.received()[0].doc_id
    code, output = _run(endpoint, "vxp.hp.02", "ack", doc_id, "--status", "fail",
                        "--description", "Sai thẩm quyền")
    assert code == 0
    assert output == f"acknowledged {doc_id}: fail\n"
    code, output = _run(endpoint, "vxp.hp.01", "sent", secret="wrong-secret")
    assert code == 2
    assert "does not verify" in output
    assert "wrong-secret" not in output
    broken = tmp_path / "broken.edxml"
    broken.write_bytes(package.read_bytes().replace(b"Subject>", b"Subjekt>"))
    code, output = _run(endpoint, "vxp.hp.01", "send", str(broken))
    assert code == 1
    assert "XSD001" in output


def test_missing_settings_are_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["hub", "--system-id", "x", "sent"],
                                env={"VN_EGOV_HUB_SECRET": "s"})
    assert result.exit_code == 2
    assert "no hub endpoint" in result.output
    result = CliRunner().invoke(cli, ["hub", "--endpoint", "http://127.0.0.1:9", "--system-id",
                                      "x", "sent"], env={"VN_EGOV_HUB_SECRET": ""})
    assert result.exit_code == 2
    assert "no hub secret" in result.output


def test_config_file_supplies_the_settings(served: tuple[str, subprocess.Popen[str]],
                                           tmp_path: Path) -> None:
    endpoint, _process = served
    (tmp_path / "secret.txt").write_text(SYSTEMS["vxp.hp.01"][0] + "\n", encoding="utf-8")
    config = tmp_path / "hub.toml"
    config.write_text(f'[hub]\nendpoint = "{endpoint}"\nsystem-id = "vxp.hp.01"\n'
                      'secret-file = "secret.txt"\nstate = "state"\n', encoding="utf-8")
    package = tmp_path / "kh.edxml"
    package.write_bytes(document_bytes(number=5))
    env = {k: v for k, v in os.environ.items() if k != "VN_EGOV_HUB_SECRET"}
    result = CliRunner().invoke(cli, ["hub", "--config", str(config), "send", str(package)],
                                env={**env, "VN_EGOV_HUB_SECRET": ""})
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "state" / "sent").glob("edoc-*.json"))
    (tmp_path / "bad.toml").write_text('[hub]\nendpont = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["hub", "--config", str(tmp_path / "bad.toml"), "sent"])
    assert result.exit_code == 2
    assert "unknown keys in [hub]: endpont" in result.output


def test_serve_refuses_a_bad_systems_file(tmp_path: Path) -> None:
    (tmp_path / "systems.toml").write_text('[[system]]\nid = "a b"\nsecret = "x"\n',
                                           encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["hub", "serve", "--data", str(tmp_path / "d"),
                                      "--systems", str(tmp_path / "systems.toml")])
    assert result.exit_code == 2
    assert "id must be 1-64 characters" in result.output
    assert time.perf_counter() - started < 10
