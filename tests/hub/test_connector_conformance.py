"""``vn-egov conformance connector``: our own CLI as the vendor connector passes every
scenario; a careless connector fails the scenarios it gets wrong."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vn_egov.cli.main import cli
from vn_egov.conformance.connector import SCENARIOS, run_connector
from vn_egov.errors import ConfigurationError

CLI = f'"{sys.executable}" -m vn_egov hub --endpoint {{endpoint}} --system-id {{system_id}}'
RECEIVE = CLI + " receive -d {workdir} --answer 03"
SEND = CLI + " send --message-type {messagetype} {file}"

#: Acknowledges everything done without looking, never answers.
CARELESS = '''
import os
from vn_egov.hub import Credentials, VpcpTransport
hub = VpcpTransport(os.environ["VN_EGOV_HUB_ENDPOINT"], Credentials(
    os.environ["VN_EGOV_HUB_SYSTEM_ID"], os.environ["VN_EGOV_HUB_SECRET"]))
for kind in ("edoc", "status"):
    for item in hub.received(kind):
        hub.acknowledge(item.doc_id, "done")
'''


def test_our_cli_passes_every_scenario() -> None:
    run = run_connector(receive=RECEIVE, send=SEND)
    assert [(r.case_id, r.status) for r in run.results] == [(s.id, "pass") for s in SCENARIOS]
    assert run.passed
    assert run.mode == "connector"


def test_a_careless_connector_fails_what_it_gets_wrong(tmp_path: Path) -> None:
    script = tmp_path / "careless.py"
    script.write_text(CARELESS, encoding="utf-8")
    run = run_connector(receive=f'"{sys.executable}" "{script}"')
    verdicts = {r.case_id: r for r in run.results}
    assert {k: v.status for k, v in verdicts.items()} == {
        "recv-document": "fail", "recv-three-documents": "fail",
        "recv-invalid-document": "fail", "recv-status": "pass", "recv-empty-inbox": "pass"}
    assert verdicts["recv-invalid-document"].diffs == (
        "acknowledgement: expected fail, got done",)
    assert verdicts["recv-document"].diffs[0].startswith(
        "answer: no status package answers 000.00.00.H24,2024/05/20,1/CV-KT")


def test_a_connector_that_cannot_send_fails(tmp_path: Path) -> None:
    wrong = SEND.replace("--system-id {system_id}", "--system-id somebody.else")
    [result] = run_connector(send=wrong, ids=("send-document",)).results
    assert result.status == "fail"
    assert "does not verify" in result.stderr
    assert result.actual["accepted"] == 0


def test_a_hanging_connector_is_an_error() -> None:
    run = run_connector(receive=f'"{sys.executable}" -c "import time; time.sleep(30)"',
                        ids=("recv-empty-inbox",), timeout=1)
    assert [r.status for r in run.results] == ["error"]
    assert run.results[0].message == "no answer within 1 s"


def test_usage_errors() -> None:
    with pytest.raises(ConfigurationError, match="give --receive, --send or both"):
        run_connector()
    with pytest.raises(ConfigurationError, match="must contain"):
        run_connector(send="my-connector send")
    with pytest.raises(ConfigurationError, match="unknown scenario"):
        run_connector(receive="x", ids=("nope",))


def test_cli_reports_as_the_package_kit(tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    result = CliRunner().invoke(cli, ["conformance", "connector", "--receive", RECEIVE,
                                      "--scenario", "recv-document", "--format", "junit",
                                      "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert "1 cases, 1 passed" in result.output
    assert 'name="recv-document"' in report.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["conformance", "connector", "--send", SEND,
                                      "--scenario", "send-status", "--format", "json"])
    data = json.loads(result.output)
    assert data["mode"] == "connector"
    assert data["counts"]["pass"] == 1
