"""``vn-egov demo`` exchanges for real through an in-process hub."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vn_egov.cli.main import cli
from vn_egov.edoc import read_status
from vn_egov.edoc.demo import DEPARTMENTS


def test_demo_exchanges_through_the_local_hub(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert ". Started a local hub at http://127.0.0.1:" in out
    assert "sent kh-4547-ubnd.signed.edxml through the hub: DocId " in out
    signed = (tmp_path / "kh-4547-ubnd.signed.edxml").read_bytes()
    for index, department in enumerate(DEPARTMENTS, start=1):
        [stored] = (tmp_path / "hub" / f"vxp.hp.so{index:02d}" / "inbox").glob("*.edxml")
        assert stored.read_bytes() == signed  # the signed package, byte for byte
        assert f"{department.organ_name} received {stored.stem}, validated it" in out
        assert f"   {department.organ_id}: sent done, received done" in out
    statuses = [read_status(path) for path in
                (tmp_path / "hub" / "vxp.hp.ubnd" / "statuses").glob("*.edxml")]
    assert sorted(s.header.sender.organ_id for s in statuses) == sorted(
        d.organ_id for d in DEPARTMENTS)
    assert {s.header.status_code for s in statuses} == {"03"}
    assert "4 of 4 departments answered 03 (Đã tiếp nhận); every status matched" in out
    assert out.rstrip().endswith("Done.")


def test_demo_narrates_the_delivery_states_in_vietnamese(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--lang", "vi", "demo", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for department in DEPARTMENTS:
        assert f"   {department.organ_id}: gửi hoàn tất, nhận hoàn tất" in result.output
    assert " done" not in result.output
