"""``vn-egov hub``: send, receive, acknowledge and list through a document-exchange hub, and
run the local reference hub (``serve``).

The secret comes from ``VN_EGOV_HUB_SECRET`` or the ``[hub]`` table of ``--config FILE``; it
is never printed. Exit status: 0 done, 1 the hub refused a package sent, or a received package
was refused or left in the inbox, 2 usage, configuration, connection or hub error.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(command, ["send"], env={"VN_EGOV_HUB_SECRET": ""})
>>> result.exit_code
2
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    echo_json,
    examples,
    fail,
    format_option,
    handle_errors,
    writable_folder,
)
from vn_egov.cli.commands.verify import trust_options
from vn_egov.i18n import tr

__all__ = ["command"]


def _settings(ctx: click.Context) -> Any:
    return ctx.ensure_object(dict)["settings"]


def _transport(ctx: click.Context) -> Any:
    """The configured transport; exits 2 naming what is missing."""
    from vn_egov.hub.bkav import BkavTransport
    from vn_egov.hub.ledger import SentLedger
    from vn_egov.hub.vpcp import VpcpTransport
    from vn_egov.hub.wire import Credentials

    settings = _settings(ctx)
    if not settings.endpoint:
        fail(tr("no hub endpoint: give --endpoint or endpoint in the [hub] table"))
    if not settings.secret:
        fail(tr("no hub secret: set VN_EGOV_HUB_SECRET or secret in the [hub] table"))
    if settings.protocol == "bkav":
        if not settings.organ_id:
            fail(tr("the bkav protocol needs --organ-id (the agency code the hub knows)"))
        return BkavTransport(settings.endpoint, settings.organ_id, settings.secret,
                             timeout=settings.timeout, retries=settings.retries)
    if not settings.system_id:
        fail(tr("no system id: give --system-id or system-id in the [hub] table"))
    ledger = SentLedger(settings.state / "sent") if settings.state else None
    return VpcpTransport(settings.endpoint, Credentials(settings.system_id, settings.secret),
                         timeout=settings.timeout, retries=settings.retries, ledger=ledger,
                         fetch=settings.fetch)


@examples("vn-egov hub --config hub.toml send plan.edxml",
          "vn-egov hub --config hub.toml receive -d inbox/ --answer 03")
@click.group(name="hub")
@click.option("--endpoint", default=None, metavar="URL", help="Base URL of the hub.")
@click.option("--system-id", default=None, metavar="ID",
              help="The system id the hub issued (VPCP protocol).")
@click.option("--organ-id", default=None, metavar="ORGANID",
              help="The agency code the hub knows (Bkav protocol).")
@click.option("--protocol", type=click.Choice(["vpcp", "bkav"]), default=None,
              help="Hub API: vpcp (national hub, default) or bkav (eDoc REST 2.0).")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="TOML file with a [hub] table (or VN_EGOV_HUB_CONFIG).")
@click.option("--state", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of the sent ledger (idempotent sending, status matching).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds allowed per HTTP request.")
@click.pass_context
@handle_errors
def command(ctx: click.Context, endpoint: str | None, system_id: str | None,  # noqa: PLR0917
            organ_id: str | None, protocol: str | None, config_path: Path | None,
            state: Path | None, timeout: float | None) -> None:
    """Exchange packages through a document-exchange hub, or run the local reference hub."""
    from vn_egov.hub.config import load_client_config

    settings = load_client_config(config_path).with_options(
        endpoint=endpoint, system_id=system_id, organ_id=organ_id, protocol=protocol,
        state=state, timeout=timeout)
    ctx.ensure_object(dict)["settings"] = settings


@examples("vn-egov hub --config hub.toml send plan.edxml",
          "vn-egov hub --config hub.toml send status.edxml --message-type status")
@command.command(name="send")
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False, exists=True,
                                           allow_dash=True))
@click.option("--to", "to", multiple=True, metavar="ORGANID",
              help="Deliver only to these addressees of the package (repeatable).")
@click.option("--message-type", type=click.Choice(["edoc", "status"]), default="edoc",
              show_default=True, help="edoc for a document package, status for a status "
                                      "package.")
@format_option("text", "json")
@click.pass_context
@handle_errors
def send_command(ctx: click.Context, package: Path, to: tuple[str, ...], message_type: str,
                 output_format: str) -> None:
    """Send PACKAGE ('-': standard input); prints the hub's DocId."""
    from vn_egov.errors import PackageRejected
    from vn_egov.inputs import PACKAGE_MAX_BYTES, STDIN, read_input

    source: Path | bytes = package
    if str(package) == STDIN:
        source = read_input(STDIN, max_bytes=PACKAGE_MAX_BYTES,
                            limit_name="ParseLimits.max_bytes").data
    with _transport(ctx) as transport:
        try:
            result = transport.send(source, message_type=message_type, to=to)
        except PackageRejected as exc:
            fail(str(exc), EXIT_FINDINGS)
    if output_format == "json":
        echo_json(result.to_wire())
    else:
        click.echo(tr("sent {package}: DocId {doc_id}", package=package, doc_id=result.doc_id))


@examples("vn-egov hub --config hub.toml receive -d inbox/ --answer 03",
          "vn-egov hub --config hub.toml receive -d inbox/ --verify --trust ca.pem")
@command.command(name="receive")
@click.option("-d", "--dir", "folder", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Store each package as DIR/<docId>.edxml.")
@click.option("--type", "kind", type=click.Choice(["all", "edoc", "status"]), default="all",
              show_default=True, help="Documents (edoc), status packages, or both.")
@click.option("--answer", type=click.Choice(["01", "02", "03", "04", "05", "06"]),
              default=None,
              help="Answer each accepted document with this status code (e.g. 03); refused "
                   "documents are answered 02.")
@click.option("--verify", "verify_signatures", is_flag=True,
              help="Also verify each package's XML signature with the trust options: a "
                   "package that is unsigned, tampered or signed by an untrusted signer, or "
                   "by one who does not belong to its sender, is refused.")
@click.option("--no-bind-sender", is_flag=True,
              help="With --verify: do not require the signer to belong to the sending agency.")
@click.option("--allow-unsigned", is_flag=True,
              help="With --verify: accept unsigned packages (signed ones are still verified).")
@trust_options(sender=False)
@format_option("text", "json")
@click.pass_context
@handle_errors
def receive_command(ctx: click.Context, /, folder: Path, kind: str,  # noqa: PLR0917
                    answer: str | None, verify_signatures: bool, no_bind_sender: bool,
                    allow_unsigned: bool, output_format: str, **trust: Any) -> None:
    """Receive: list, download, validate (and with --verify check the signature), store in
    DIR, then acknowledge each package.

    Exit 0 every package stored, 1 a package was refused (answered 02 with --answer) or left
    in the inbox, 2 usage, configuration or connection error.
    """
    from vn_egov.hub.inbox import FolderStore, Inbox
    from vn_egov.hub.ledger import SentLedger

    writable_folder(folder, "-d")
    check = _signature_check(verify_signatures, no_bind_sender, allow_unsigned, trust)
    settings = _settings(ctx)
    with _transport(ctx) as transport:
        ledger = SentLedger(settings.state / "sent") if settings.state else None
        inbox = Inbox(transport, FolderStore(folder), folder / ".vn-egov-work", ledger=ledger,
                      answer=answer, verify=check)
        outcomes = [outcome for message_type in ("edoc", "status")
                    if kind in ("all", message_type)
                    for outcome in inbox.run_once(message_type)]
    if output_format == "json":
        echo_json({"received": [outcome.to_dict() for outcome in outcomes]})
    else:
        for outcome in outcomes:
            click.echo(_outcome_line(outcome))
        click.echo(tr("{count} package(s) received", count=len(outcomes)))
    # A refused package was judged and found wanting; one left in the inbox was not handled.
    if any(outcome.action in ("error", "rejected", "refused-id") for outcome in outcomes):
        raise SystemExit(EXIT_FINDINGS)


def _signature_check(verify: bool, no_bind_sender: bool, allow_unsigned: bool,
                     trust: dict[str, Any]) -> Any:
    """The :class:`~vn_egov.hub.inbox.SignatureCheck` of ``receive --verify`` (``None``
    without it): the signer is bound to each package's sender unless told otherwise."""
    from vn_egov.cli.commands.verify import policy_from_options, require_verify

    require_verify({**trust, "no_bind_sender": no_bind_sender,
                    "allow_unsigned": allow_unsigned}, verify)
    if not verify:
        return None
    from vn_egov.hub.inbox import SignatureCheck
    from vn_egov.signature import Verifier

    return SignatureCheck(Verifier(policy_from_options(**trust)),
                          require_signature=not allow_unsigned,
                          bind_sender=not no_bind_sender)


def _outcome_line(outcome: Any) -> str:
    if outcome.action == "stored":
        line = tr("stored {doc_id} -> {path}", doc_id=outcome.doc_id, path=outcome.path)
        if outcome.facts and outcome.message_type == "status":
            line += " " + tr("(status {code} for {document}; sent DocId {sent})",
                             code=outcome.facts.status_code,
                             document=outcome.facts.response_for,
                             sent=", ".join(r.doc_id for r in outcome.matched) or "-")
        return line
    if outcome.action == "already-stored":
        return tr("already stored {doc_id}: acknowledged", doc_id=outcome.doc_id)
    if outcome.action == "rejected":
        return tr("refused {doc_id}: {rules}", doc_id=outcome.doc_id,
                  rules=", ".join(outcome.rule_ids))
    return tr("left {doc_id} in the inbox: {error}", doc_id=outcome.doc_id, error=outcome.error)


@examples("vn-egov hub --config hub.toml ack 5f0c9a7e-2b1d --status done",)
@command.command(name="ack")
@click.argument("doc_id", metavar="DOCID")
@click.option("--status", type=click.Choice(["done", "fail", "processing"]), default="done",
              show_default=True, help="Transport acknowledgement.")
@click.option("--description", default=None, help="Reason (sent without diacritics).")
@format_option("text", "json")
@click.pass_context
@handle_errors
def ack_command(ctx: click.Context, doc_id: str, status: str, description: str | None,
                output_format: str) -> None:
    """Acknowledge one received package (updateStatus)."""
    with _transport(ctx) as transport:
        result = transport.acknowledge(doc_id, status, description)
    if output_format == "json":
        echo_json(result.to_wire())
    else:
        click.echo(tr("acknowledged {doc_id}: {status}", doc_id=doc_id, status=status))


@examples("vn-egov hub --config hub.toml sent",
          "vn-egov hub --config hub.toml sent --doc-id 5f0c9a7e-2b1d --format json")
@command.command(name="sent")
@click.option("--doc-id", default=None, metavar="DOCID", help="Only this sent package.")
@click.option("--status", "is_status", is_flag=True, help="Sent status packages.")
@format_option("text", "json")
@click.pass_context
@handle_errors
def sent_command(ctx: click.Context, doc_id: str | None, is_status: bool,
                 output_format: str) -> None:
    """List sent packages per recipient, with send and receive status."""
    with _transport(ctx) as transport:
        items = transport.sent(doc_id, message_type="status" if is_status else "edoc")
    if output_format == "json":
        echo_json({"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success",
                   "data": [item.to_wire() for item in items]})
        return
    for item in items:
        click.echo(f"{item.sender_doc_id}  {item.to_code or '-':<15} "
                   f"{item.send_status or '-':<6} {item.receive_status or '-':<11} "
                   f"{item.notation or ''}  {item.title or ''}")
    click.echo(tr("{count} recipient(s)", count=len(items)))


@examples("vn-egov hub --config hub.toml agencies",)
@command.command(name="agencies")
@format_option("text", "json")
@click.pass_context
@handle_errors
def agencies_command(ctx: click.Context, output_format: str) -> None:
    """List the agencies the hub knows."""
    with _transport(ctx) as transport:
        agencies = transport.agencies()
    if output_format == "json":
        echo_json({"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success",
                   "data": [agency.to_wire() for agency in agencies]})
        return
    for agency in agencies:
        click.echo(f"{agency.code:<16} {agency.name or ''}")
    click.echo(tr("{count} agency(ies)", count=len(agencies)))


@examples("vn-egov hub serve --data hub-data/ --systems systems.toml",
          "vn-egov hub serve --data hub-data/ --systems systems.toml --port 8080")
@command.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Folder for package bodies and the SQLite database.")
@click.option("--systems", "systems_file", type=click.Path(path_type=Path, dir_okay=False,
                                                           exists=True),
              required=True, help="systems.toml listing the connected systems.")
@click.option("--database", default=None, metavar="URL",
              help="SQLAlchemy URL (e.g. postgresql+psycopg://...); default SQLite in DATA.")
@click.option("--max-package-bytes", type=click.IntRange(min=1024), default=None,
              help="Largest package accepted (default 512 MiB).")
@handle_errors
def serve_command(host: str, port: int, data_dir: Path, systems_file: Path,  # noqa: PLR0917
                  database: str | None, max_package_bytes: int | None) -> None:
    """Run the local reference hub in the foreground until SIGINT or SIGTERM."""
    import logging

    from vn_egov.hub.server import HubSettings, load_systems, serve
    from vn_egov.hub.server.config import DEFAULT_MAX_PACKAGE_BYTES

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    systems = load_systems(systems_file)
    settings = HubSettings(data_dir, database,
                           max_package_bytes or DEFAULT_MAX_PACKAGE_BYTES)
    def ready(endpoint: str) -> None:
        # A line scripts wait for (like a JSON key): the same in every language.
        click.echo(f"listening on {endpoint}")

    # uvicorn handles SIGINT and SIGTERM: it stops accepting, finishes requests, returns.
    serve(settings, systems, host=host, port=port, on_ready=ready)
