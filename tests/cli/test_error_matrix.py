"""THE MATRIX: every command that takes a file x every way a user gets that file wrong.

Rows are the commands, each with the file it takes (the input it judges, or a file it needs
to do its job: a key, a certificate, a configuration); columns are the mistakes: a missing
file, a folder, an empty file, a binary file (a PNG image), a 19-byte JSON file, a file of the
right kind with a misspelt tag or key, and an output that cannot be written (into a missing
folder, onto a folder, under a file). Each cell asserts the exit code of the one exit-code
story (0 fine; 1 the input was judged and found wanting; 2 the tool could not do its job) and
a message without a traceback or a library's internals, naming the file, in English and in
Vietnamese. The first column runs each row with the right file: exit 0, so every other cell
fails for the reason it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vn_egov.cli.i18n import localize_click
from vn_egov.cli.main import cli
from vn_egov.i18n import language

#: What no message may show: tracebacks, the catch-all, parsers' and libraries' internals.
INTERNALS = ("Traceback", "internal error", "Please report", "ParseError", "ShortData",
             "ASN.1", "asn1", "chunk_size", "Errno", "object at 0x", "Could not deserialize",
             "pydantic", "errors.pydantic.dev", "lxml", "KeyError", "AttributeError",
             "TypeError", "ValueError", "NoneType", "File \"")
#: A letter only Vietnamese text has (the paths of the matrix are ASCII).
VIETNAMESE = re.compile("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐ]")

PASSWORD_ENV = {"VN_EGOV_TEST_PW": "demo-only", "VN_EGOV_HUB_SECRET": "secret-city-01"}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89" + bytes(range(256)) * 2)
JSON_19 = b'{"a": 1, "b": [2]}\n'
assert len(JSON_19) == 19


@dataclass
class Files:
    """The good files every row starts from, in one folder."""

    root: Path
    paths: dict[str, Path] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return str(self.paths[name])

    def add(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.paths[name] = path
        return path


def _pdf_available() -> bool:
    from vn_egov.signature.pdf.package import pdf_available

    return pdf_available()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    from cryptography.hazmat.primitives.serialization import Encoding

    from vn_egov.signature.pki import make_demo_pki

    root = tmp_path_factory.mktemp("matrix")
    made = Files(root)
    pki = make_demo_pki(root / "pki")
    for name in ("ca.pem", "chain.pem", "signer-key.pem", "signer-cert.pem", "signer.p12",
                 "crl.pem"):
        made.paths[name] = root / "pki" / name
    _packages(made, pki)
    _json_inputs(made)
    _materials(made, root)
    if _pdf_available():
        _pdfs(made, pki, root)
    # The mistakes, the same files for every row.
    made.add("empty.edxml", b"")
    made.add("image.png", PNG)
    made.add("data.json", JSON_19)
    (root / "folder").mkdir()
    made.paths["folder"] = root / "folder"
    made.paths["missing"] = root / "missing.edxml"
    made.add("out/.keep", b"")
    assert pki.root.public_bytes(Encoding.PEM) == (root / "pki" / "ca.pem").read_bytes()
    return made


def _packages(made: Files, pki: Any) -> None:
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.demo import minimal_pdf, plan_package
    from vn_egov.edoc.writer import write
    from vn_egov.signature import Signer

    document = write(plan_package())
    made.add("document.edxml", document)
    made.add("signed.edxml", Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(document))
    made.add("status.edxml", write(answer(plan_package(), "03")))
    made.add("misspelt.edxml", document.replace(b"edXML:Subject>", b"edXML:Subjekt>"))
    # A closing tag misspelt: the extractor, which streams, finds the XML malformed.
    made.add("misspelt-closing-tag.edxml",
             document.replace(b"</edXML:AttachmentName>", b"</edXML:AttachmentNmae>", 1))
    made.add("minimal.pdf", minimal_pdf("Van ban"))
    made.add("misspelt.pdf", minimal_pdf("Van ban").replace(b"%PDF-", b"%PFD-"))


def _json_inputs(made: Files) -> None:
    from vn_egov.edoc.spec import example_spec

    spec = example_spec()
    made.add("spec.json", json.dumps(spec, ensure_ascii=False).encode())
    misspelt_spec = json.loads(json.dumps(spec))
    misspelt_spec["header"]["subjekt"] = misspelt_spec["header"].pop("subject")
    made.add("misspelt-spec.json", json.dumps(misspelt_spec, ensure_ascii=False).encode())
    made.add("catalogue.json", _catalogue(misspelt=False))
    made.add("misspelt-catalogue.json", _catalogue(misspelt=True))
    made.add("national.json", (Path(__file__).parents[1] / "services" / "data"
                               / "legacy_lay_thu_tuc_1.001193.json").read_bytes())
    made.add("misspelt-national.json", b'[{"MaThuTuc": "1.001193", "TenThuTuk": "x"}]')
    payloads = Path(__file__).parents[1] / "services" / "data" / "portal"
    made.add("payload.json", _first_valid_payload(payloads))
    made.add("misspelt-payload.json", b'{"session": "x", "madonvi": "000.00.00.H24", '
                                      b'"service": "DongBoHoSoMC", "isUpdating": false, '
                                      b'"data": [{"MaHoSoo": "x"}]}')


def _materials(made: Files, root: Path) -> None:
    """Keys, certificates, configurations: the files a command needs besides its input."""
    made.add("misspelt-cert.pem", (root / "pki" / "ca.pem").read_bytes()
             .replace(b"BEGIN CERTIFICATE", b"BEGIN CERTIFICAT"))
    made.add("misspelt-key.pem", (root / "pki" / "signer-key.pem").read_bytes()
             .replace(b"BEGIN PRIVATE KEY", b"BEGIN PRIVATE KY"))
    made.add("misspelt-crl.pem", (root / "pki" / "crl.pem").read_bytes()
             .replace(b"BEGIN X509 CRL", b"BEGIN X509 CLR"))
    made.add("vn-egov.toml", b'strict = true\n')
    made.add("misspelt.toml", b'failon = "error"\n')
    made.add("calendar.toml", '[[entries]]\ndate = 2025-05-13\nkind = "day_off"\n'
                              'name = "Ngày giải phóng Hải Phòng"\n'.encode())
    made.add("misspelt-calendar.toml", b'[[entries]]\ndate = 2025-05-13\nkind = "day_of"\n')
    made.add("registry.toml", 'source = "own list"\n[[agencies]]\ncode = "000.00.00.G22"\n'
                              'name = "Văn phòng Chính phủ"\n'.encode())
    made.add("misspelt-registry.toml", b'source = "own list"\n[[agencies]]\n'
                                       b'code = "000.00.00.G22"\nnmae = "x"\n')
    made.add("senders.toml", b'"000.00.00.H24" = ["MST:0200000000"]\n')
    made.add("misspelt-senders.toml", b'"000.00.00.H24" = "MST:0200000000"\n')
    made.add("hub.toml", b'[hub]\nendpoint = "http://127.0.0.1:9"\nsystem-id = "vxp.hp.01"\n')
    made.add("misspelt-hub.toml", b'[hubb]\nendpoint = "http://127.0.0.1:9"\n')


def _pdfs(made: Files, pki: Any, root: Path) -> None:
    from vn_egov.signature.pdf.demo import (
        signed_plan_pdf,
        signing_material,
        write_signing_material,
    )

    material = signing_material(pki)
    write_signing_material(material, root / "pdf-pki")
    made.paths["person.p12"] = root / "pdf-pki" / "person.p12"
    made.add("signed.pdf", signed_plan_pdf(material))


def _catalogue(*, misspelt: bool) -> bytes:
    from vn_egov.services.catalogue.models import Catalogue, Procedure, Publisher

    catalogue = Catalogue(id="vb", title="Danh mục", version="1",
                          publisher=Publisher(name="UBND xã Vĩnh Bảo"),
                          procedures=[Procedure(code="1.001193", name="Đăng ký khai sinh")])
    data = catalogue.model_dump(mode="json")
    if misspelt:
        data["procedures"][0]["nmae"] = data["procedures"][0].pop("name")
    return json.dumps(data, ensure_ascii=False).encode()


def _first_valid_payload(folder: Path) -> bytes:
    from vn_egov.services.portal.checks import read_dossier_payload

    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        _records, issues = read_dossier_payload(data)
        if not any(issue.severity.value == "error" for issue in issues):
            return data
    raise AssertionError("no valid DongBoHoSoMC payload among the test data")


# -- the rows ----------------------------------------------------------------------------------

Args = Callable[[Files, str], list[str]]


@dataclass(frozen=True)
class Row:
    """A command and the file it takes: ``judged`` when the command judges that file (its
    mistakes exit 1), else the file is material the command needs (its mistakes exit 2)."""

    name: str
    args: Args
    good: str
    misspelt: str
    judged: bool = True
    needs_pdf: bool = False
    stdin: bool = False
    #: An empty file is a valid instance of this kind (an empty TOML table): exit 0.
    empty_is_fine: bool = False


ROWS = [
    Row("validate", lambda f, x: ["validate", x], "document.edxml", "misspelt.edxml",
        stdin=True),
    Row("inspect", lambda f, x: ["inspect", x], "document.edxml", "misspelt.edxml", stdin=True),
    Row("verify", lambda f, x: ["verify", x, "--trust", f["ca.pem"]], "signed.edxml",
        "misspelt.edxml", stdin=True),
    Row("verify --no-trust", lambda f, x: ["verify", x, "--no-trust"], "signed.edxml",
        "misspelt.edxml", stdin=True),
    Row("status", lambda f, x: ["status", x, "--code", "03", "-o", f["out/.keep"] + ".st"],
        "document.edxml", "misspelt.edxml", stdin=True),
    Row("extract", lambda f, x: ["extract", x, "-d", str(f.root / "out" / "extracted")],
        "document.edxml", "misspelt-closing-tag.edxml", stdin=True),
    Row("sign", lambda f, x: ["sign", x, "--pkcs12", f["signer.p12"], "--password-env",
                              "VN_EGOV_TEST_PW", "-o", f["out/.keep"] + ".signed"],
        "document.edxml", "misspelt.edxml", stdin=True),
    Row("build", lambda f, x: ["build", x, "-o", f["out/.keep"] + ".built"], "spec.json",
        "misspelt-spec.json", stdin=True),
    Row("services report", lambda f, x: ["services", "report", x], "catalogue.json",
        "misspelt-catalogue.json", stdin=True),
    Row("services export", lambda f, x: ["services", "export", x], "catalogue.json",
        "misspelt-catalogue.json", stdin=True),
    Row("services import", lambda f, x: ["services", "import", x, "--id", "vb", "--title", "t",
                                         "--publisher", "p"], "national.json",
        "misspelt-national.json", stdin=True),
    Row("services check-payload", lambda f, x: ["services", "check-payload", x],
        "payload.json", "misspelt-payload.json", stdin=True),
    Row("pdf verify", lambda f, x: ["pdf", "verify", x, "--trust", f["ca.pem"]], "signed.pdf",
        "misspelt.pdf", needs_pdf=True, stdin=True),
    Row("pdf sign", lambda f, x: ["pdf", "sign", x, "--pkcs12", f["person.p12"],
                                  "--password-env", "VN_EGOV_TEST_PW",
                                  "-o", f["out/.keep"] + ".pdf"],
        "minimal.pdf", "misspelt.pdf", needs_pdf=True, stdin=True),
    # Files a command needs to do its job: their mistakes are errors of use (2).
    Row("validate --config", lambda f, x: ["validate", "--config", x, f["document.edxml"]],
        "vn-egov.toml", "misspelt.toml", judged=False, empty_is_fine=True),
    Row("verify --trust", lambda f, x: ["verify", f["signed.edxml"], "--trust", x], "ca.pem",
        "misspelt-cert.pem", judged=False),
    Row("verify --crl", lambda f, x: ["verify", f["signed.edxml"], "--trust", f["ca.pem"],
                                      "--crl", x], "crl.pem", "misspelt-crl.pem", judged=False),
    Row("verify --sender-map", lambda f, x: ["verify", f["signed.edxml"], "--trust",
                                             f["ca.pem"], "--sender-map", x],
        "senders.toml", "misspelt-senders.toml", judged=False),
    Row("sign --key", lambda f, x: ["sign", f["document.edxml"], "--key", x, "--cert",
                                    f["signer-cert.pem"], "-o", f["out/.keep"] + ".k"],
        "signer-key.pem", "misspelt-key.pem", judged=False),
    Row("sign --cert", lambda f, x: ["sign", f["document.edxml"], "--key", f["signer-key.pem"],
                                     "--cert", x, "-o", f["out/.keep"] + ".c"],
        "signer-cert.pem", "misspelt-cert.pem", judged=False),
    Row("sign --pkcs12", lambda f, x: ["sign", f["document.edxml"], "--pkcs12", x,
                                       "--password-env", "VN_EGOV_TEST_PW",
                                       "-o", f["out/.keep"] + ".p"],
        "signer.p12", "misspelt-cert.pem", judged=False),
    Row("services deadline --calendar-file",
        lambda f, x: ["services", "deadline", "--start", "2025-03-07T09:00+07:00", "--days",
                      "1", "--calendar-file", x], "calendar.toml", "misspelt-calendar.toml",
        judged=False),
    Row("codes --registry", lambda f, x: ["codes", "validate", "agency", "000.00.00.G22",
                                          "--registry", x], "registry.toml",
        "misspelt-registry.toml", judged=False),
    Row("hub --config", lambda f, x: ["hub", "--config", x, "sent", "--doc-id", "x"],
        "hub.toml", "misspelt-hub.toml", judged=False),
    Row("pdf verify --trust", lambda f, x: ["pdf", "verify", f["signed.pdf"], "--trust", x],
        "ca.pem", "misspelt-cert.pem", judged=False, needs_pdf=True),
    Row("pdf sign --pkcs12", lambda f, x: ["pdf", "sign", f["minimal.pdf"], "--pkcs12", x,
                                           "--password-env", "VN_EGOV_TEST_PW",
                                           "-o", f["out/.keep"] + ".p.pdf"],
        "person.p12", "misspelt-cert.pem", judged=False, needs_pdf=True),
]
#: Rows whose good file talks to the network: only their file mistakes are run.
NO_GOOD_RUN = {"hub --config"}

MISTAKES = ("missing", "folder", "empty", "binary", "json", "misspelt")
MISTAKE_FILES = {"missing": "missing", "folder": "folder", "empty": "empty.edxml",
                 "binary": "image.png", "json": "data.json"}


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run(args: list[str], lang: str, stdin: bytes | None = None) -> Run:
    """Run ``vn-egov ARGS --lang LANG`` in-process as :func:`vn_egov.cli.main.main` does: the
    language applies from the start (a group's own errors come before ``--lang`` is parsed)
    and click speaks it too."""
    localize_click()
    with language(lang):
        result = CliRunner().invoke(cli, [*args, "--lang", lang], env=PASSWORD_ENV,
                                    input=stdin, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def _skip_without_pdf(row: Row) -> None:
    if row.needs_pdf and not _pdf_available():
        pytest.skip("the pdf extra is not installed")


def _path_named(text: str, path: str) -> bool:
    return path in text or Path(path).name in text


_PREFIXES = ("vn-egov: error: ", "vn-egov: lỗi: ", "Error: ", "Lỗi: ")


def _said(result: Run) -> str:
    """What the command said about the problem: its error lines without their prefix (the
    usage lines of click would be Vietnamese whatever the message), else all it printed."""
    errors = [line.split(": ", 2)[-1] if line.startswith("vn-egov") else line.split(": ", 1)[1]
              for line in result.text.splitlines() if line.startswith(_PREFIXES)]
    return "\n".join(errors) if errors else result.text


def assert_kind_message(result: Run, path: str, lang: str, english: Run | None) -> None:
    """No traceback, no internals, the file named, in the language asked for."""
    for marker in INTERNALS:
        assert marker not in result.text, (marker, result.text)
    assert _path_named(result.text, path), result.text
    if result.code == 2:
        lines = [line for line in result.err.splitlines() if line.strip()]
        one_line = len(lines) == 1 and lines[0].startswith(("vn-egov: error: ", "vn-egov: lỗi: "))
        usage = any(line.startswith(("Error: ", "Lỗi: ")) for line in lines)
        assert one_line or usage, result.err
    if lang == "vi":
        assert english is not None
        said = _said(result).replace(path, "").replace(Path(path).name, "")
        assert VIETNAMESE.search(said), result.text
        assert _said(result) != _said(english)


@pytest.mark.parametrize("row", [r for r in ROWS if r.name not in NO_GOOD_RUN],
                         ids=lambda r: r.name)
def test_the_right_file_exits_0(files: Files, row: Row) -> None:
    _skip_without_pdf(row)
    result = run(row.args(files, files[row.good]), "en")
    assert result.code == 0, result.text
    for marker in INTERNALS:
        assert marker not in result.text, (marker, result.text)


@pytest.mark.parametrize("row", [r for r in ROWS if r.stdin], ids=lambda r: r.name)
def test_a_dash_reads_standard_input(files: Files, row: Row) -> None:
    _skip_without_pdf(row)
    result = run(row.args(files, "-"), "en", stdin=Path(files[row.good]).read_bytes())
    assert result.code == 0, result.text


def _cells() -> Iterator[tuple[Row, str]]:
    for row in ROWS:
        for mistake in MISTAKES:
            yield row, mistake


@pytest.mark.parametrize(("row", "mistake"), list(_cells()),
                         ids=[f"{row.name}: {mistake}" for row, mistake in _cells()])
def test_every_mistake_gets_a_clear_message_and_its_exit_code(files: Files, row: Row,
                                                              mistake: str) -> None:
    _skip_without_pdf(row)
    path = files[row.misspelt] if mistake == "misspelt" else files[MISTAKE_FILES[mistake]]
    if mistake in ("missing", "folder"):
        expected = 2
    elif mistake == "empty" and row.empty_is_fine:
        expected = 0
    else:
        expected = 1 if row.judged else 2
    english = run(row.args(files, path), "en")
    assert english.code == expected, english.text
    if expected == 0:
        return
    assert_kind_message(english, path, "en", None)
    vietnamese = run(row.args(files, path), "vi")
    assert vietnamese.code == expected, vietnamese.text
    assert_kind_message(vietnamese, path, "vi", english)


# -- outputs that cannot be written ------------------------------------------------------------

Output = Callable[[Files, str], list[str]]

OUTPUT_ROWS: list[tuple[str, Output, bool]] = [
    ("build -o", lambda f, o: ["build", f["spec.json"], "-o", o], False),
    ("status -o", lambda f, o: ["status", f["document.edxml"], "--code", "03", "-o", o], False),
    ("sign -o", lambda f, o: ["sign", f["document.edxml"], "--pkcs12", f["signer.p12"],
                              "--password-env", "VN_EGOV_TEST_PW", "-o", o], False),
    ("pdf sign -o", lambda f, o: ["pdf", "sign", f["minimal.pdf"], "--pkcs12", f["person.p12"],
                                  "--password-env", "VN_EGOV_TEST_PW", "-o", o], False),
    ("conformance run -o", lambda f, o: ["conformance", "run", "--case", "status-03-acceptance",
                                         "-o", o], False),
    ("extract -d", lambda f, o: ["extract", f["document.edxml"], "-d", o], True),
    ("demo -o", lambda f, o: ["demo", "-o", o], True),
    ("pki demo -o", lambda f, o: ["pki", "demo", "-o", o], True),
]


def _unwritable(files: Files, folder_output: bool) -> dict[str, str]:
    """Where a file (or, for *folder_output*, a folder) cannot be written."""
    targets = {"into a missing folder": str(files.root / "no-such-folder" / "out.edxml"),
               "under a file": str(files.root / "data.json" / "out.edxml")}
    if folder_output:
        targets = {"onto a file": files["data.json"],
                   "under a file": str(files.root / "data.json" / "sub")}
    else:
        targets["onto a folder"] = files["folder"]
    return targets


def _output_cells() -> Iterator[tuple[str, Output, bool, str]]:
    for name, args, folder_output in OUTPUT_ROWS:
        for where in (("onto a file", "under a file") if folder_output
                      else ("into a missing folder", "onto a folder", "under a file")):
            yield name, args, folder_output, where


@pytest.mark.parametrize(("name", "args", "folder_output", "where"), list(_output_cells()),
                         ids=[f"{c[0]} {c[3]}" for c in _output_cells()])
def test_an_output_that_cannot_be_written_exits_2(files: Files, name: str, args: Output,
                                                  folder_output: bool, where: str) -> None:
    if name.startswith("pdf") and not _pdf_available():
        pytest.skip("the pdf extra is not installed")
    target = _unwritable(files, folder_output)[where]
    option = "-d" if name.endswith("-d") else "-o"
    english = run(args(files, target), "en")
    assert english.code == 2, english.text
    assert option in english.err, english.err
    assert_kind_message(english, target, "en", None)
    vietnamese = run(args(files, target), "vi")
    assert vietnamese.code == 2, vietnamese.text
    assert_kind_message(vietnamese, target, "vi", english)
    assert not (files.root / "no-such-folder").exists()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_binary_configuration_found_on_its_own_is_named(files: Files, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          lang: str) -> None:
    (tmp_path / "vn-egov.toml").write_bytes(PNG)
    monkeypatch.chdir(tmp_path)
    result = run(["validate", files["document.edxml"]], lang)
    assert result.code == 2, result.text
    assert result.err.startswith(("vn-egov: error: ", "vn-egov: lỗi: "))
    assert f"{tmp_path / 'vn-egov.toml'}: " in result.err
    for marker in INTERNALS:
        assert marker not in result.text, marker
    # The other commands do not read the configuration but for its language: they work.
    assert run(["inspect", files["document.edxml"]], lang).code == 0
