"""The official SDKVXP Java client against the local hub, unchanged (a measurement of interop).

Runs when ``VN_EGOV_SDKVXP_JAR`` names ``SDKVXP-2.0.1.jar`` in the SDK's ``lib`` folder (its
sibling jars are the classpath) and a JDK is installed; skips otherwise. The jar is never part
of this repository. The Java program below is ours: it drives the SDK's public classes
(``VnptProperties``, ``KnobstickServiceImp``, ``AgencyServiceImp``) as its example code does,
with one client object per system for its whole life (parameters pile up, the timestamp
stays), and prints what the SDK returned.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.hub.hub_support import CITY, DEPT_1, SYSTEMS, document_bytes

from vn_egov.hub.server import LocalHub

JAR = os.environ.get("VN_EGOV_SDKVXP_JAR", "")

PROGRAM = r"""
import com.vpcp.services.*;
import com.vpcp.services.model.*;

public class HubInterop {
    static VnptProperties props(String endpoint, String system, String secret, String store) {
        return new VnptProperties(endpoint, system, secret, store, 10, 3);
    }

    public static void main(String[] a) throws Exception {
        String endpoint = a[0], sender = a[1], senderSecret = a[2], receiver = a[3],
               receiverSecret = a[4], file = a[5], store = a[6];
        KnobstickServiceImp city =
            new KnobstickServiceImp(props(endpoint, sender, senderSecret, store));
        SendEdocResult sent = city.sendEdoc("{\"from\":\"" + sender
            + "\",\"servicetype\":\"eDoc\",\"messagetype\":\"edoc\"}", file);
        System.out.println("send|" + sent.getStatus() + "|" + sent.getErrorCode() + "|"
            + sent.getDocID());
        SendEdocResult again = city.sendEdoc("{\"from\":\"" + sender
            + "\",\"servicetype\":\"eDoc\",\"messagetype\":\"edoc\"}", file);
        System.out.println("again|" + again.getStatus() + "|" + again.getDocID());

        KnobstickServiceImp dept =
            new KnobstickServiceImp(props(endpoint, receiver, receiverSecret, store));
        CountReceiveEdoc count = dept.countReceiveEdoc("{}");
        System.out.println("count|" + count.getStatus() + "|" + count.getCount());
        GetReceivedEdocResult list = dept.getReceivedEdocList(
            "{\"servicetype\":\"eDoc\",\"messagetype\":\"edoc\"}");
        System.out.println("list|" + list.getStatus() + "|" + list.getKnobsticks().size());
        for (Knobstick item : list.getKnobsticks()) {
            System.out.println("item|" + item.getId() + "|" + item.getFrom() + "|" + item.getTo());
            GetEdocResult got = dept.getEdoc("{\"filePath\":\"" + store + "\",\"docId\":\""
                + item.getId() + "\"}");
            System.out.println("get|" + got.getStatus() + "|" + got.getErrorCode() + "|"
                + got.getFilePath() + "|" + (got.getData() == null ? 0 : got.getData().length()));
            GetChangeStatusResult ack = dept.updateStatus("{\"status\":\"done\",\"docId\":\""
                + item.getId() + "\"}");
            System.out.println("ack|" + ack.getStatus() + "|" + ack.getErrorCode());
        }
        System.out.println("count2|" + dept.countReceiveEdoc("{}").getCount() + "|"
            + dept.countReceiveStatus("{}").getCount());
        GetSendEdocResult sentList = city.getSentEdocList(
            "{\"servicetype\":\"eDoc\",\"messagetype\":\"edoc\"}");
        for (StatusResult row : sentList.getStatusResult()) {
            System.out.println("sent|" + row.getSenderDocId() + "|" + row.getToCode() + "|"
                + row.getSendStatus() + "|" + row.getReceiveStatus() + "|" + row.getNotation());
        }
        AgencyServiceImp agencies =
            new AgencyServiceImp(props(endpoint, sender, senderSecret, store));
        GetAgenciesResult all = agencies.getAgenciesList("{}");
        System.out.println("agencies|" + all.getStatus() + "|" + all.getAgencies().size());
        GetAgenciesResult qd20 = agencies.getAgenciesListQD20("{\"level\":\"1\"}");
        System.out.println("qd20|" + qd20.getStatus() + "|" + qd20.getAgencies().size());
        GetSynchronizeUnit units = agencies.getSynchronizeUnit("{}");
        System.out.println("units|" + units.getStatus() + "|" + units.getUnitSynchronize().size());
        RegisterAgencyResult registered = agencies.registerAgency("{}",
            "{\"id\":\"\",\"pcode\":\"000.00.00.H24\",\"code\":\"000.09.00.H24\",\"name\":\"Test\","
            + "\"mail\":\"\",\"mobile\":\"\",\"fax\":\"\"}");
        System.out.println("register|" + registered.getStatus() + "|" + registered.getErrorCode());
        DeleteAgencyResult deleted = agencies.deleteAgency("{\"AgencyCode\":\"000.09.00.H24\"}");
        System.out.println("delete|" + deleted.getStatus() + "|" + deleted.getErrorCode());

        KnobstickServiceImp intruder =
            new KnobstickServiceImp(props(endpoint, sender, "wrong-secret", store));
        SendEdocResult refused = intruder.sendEdoc("{\"from\":\"" + sender
            + "\",\"servicetype\":\"eDoc\",\"messagetype\":\"edoc\"}", file);
        System.out.println("refused|" + refused.getStatus() + "|" + refused.getErrorCode() + "|"
            + refused.getDocID() + "|" + refused.getErrorDesc());
    }
}
"""


def _classpath(jar: Path) -> str:
    siblings = sorted(p for p in jar.parent.glob("*.jar")
                      if p != jar and not p.name.startswith("SDKVXP-"))
    return os.pathsep.join(str(p) for p in (jar, *siblings))  # 2.0.1 first (2.0.0 left out)


def test_the_official_client_works_against_the_local_hub(hub: LocalHub, tmp_path: Path) -> None:
    if not JAR or not Path(JAR).is_file():
        pytest.skip("set VN_EGOV_SDKVXP_JAR to SDKVXP-2.0.1.jar (in the SDK's lib folder)")
    if not (shutil.which("javac") and shutil.which("java")):
        pytest.skip("no JDK (javac, java) installed")
    source = tmp_path / "HubInterop.java"
    source.write_text(PROGRAM, encoding="utf-8")
    classpath = _classpath(Path(JAR))
    subprocess.run(["javac", "-cp", classpath, "-d", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=120)
    package = document_bytes(recipients=(DEPT_1,))
    (tmp_path / "kh.edxml").write_bytes(package)
    store = tmp_path / "store"
    store.mkdir()
    completed = subprocess.run(
        ["java", "-cp", os.pathsep.join([str(tmp_path), classpath]), "HubInterop",
         hub.endpoint, "vxp.hp.01", SYSTEMS["vxp.hp.01"][0], "vxp.hp.02",
         SYSTEMS["vxp.hp.02"][0], str(tmp_path / "kh.edxml"), str(store)],
        capture_output=True, text=True, timeout=300, check=False)
    lines = [line.split("|") for line in completed.stdout.splitlines() if "|" in line]
    seen = {fields[0]: fields[1:] for fields in lines}
    print(completed.stdout)  # the measurement, shown with -s
    assert completed.returncode == 0, completed.stderr[-2000:]
    status, code, doc_id = seen["send"]
    assert (status, code) == ("OK", "0")
    assert len(doc_id) == 36
    assert seen["again"] == ["OK", doc_id]  # idempotent for the official client too
    assert seen["count"] == ["OK", "1"]
    assert seen["list"] == ["OK", "1"]
    assert seen["item"][1:] == [CITY, DEPT_1]
    get_status, get_code, saved, data_length = seen["get"]
    assert (get_status, get_code) == ("OK", "0")
    assert int(data_length) == len(package.decode("utf-8"))  # the SDK decodes data to text
    assert Path(saved).read_bytes() == package  # saved by the SDK under store/<y>/<m>/
    assert seen["ack"] == ["OK", "0"]
    assert seen["count2"] == ["0", "0"]
    assert seen["sent"] == [doc_id, DEPT_1, "done", "done", "1/KH-UBND"]
    assert seen["agencies"][0] == "OK"
    assert int(seen["agencies"][1]) > 40
    assert seen["qd20"][0] == "OK"
    assert seen["units"][0] == "OK"
    assert seen["register"] == ["OK", "0"]
    assert seen["delete"] == ["OK", "0"]
    assert seen["refused"][:3] == ["FAIL", "401", ""]
    assert "does not verify" in seen["refused"][3]
