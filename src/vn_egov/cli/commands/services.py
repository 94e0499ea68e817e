"""``vn-egov services``: deadlines, the working calendar, plan indicators, import and export.

Times given without an offset on the command line are read as Asia/Ho_Chi_Minh (the library
API itself refuses naive datetimes).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    cli_source,
    echo_json,
    fail,
    format_option,
    handle_errors,
)
from vn_egov.errors import InputError

__all__ = ["command"]


def _aware(text: str, option: str) -> dt.datetime:
    from vn_egov.services.calendar import VN_TZ

    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not an ISO date-time (e.g. 2025-03-03T09:00+07:00)")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VN_TZ)


def _calendar(calendar_file: Path | None, culture_day: bool) -> Any:
    from vn_egov.services.calendar import WorkingCalendar

    if calendar_file is not None:
        from vn_egov.inputs import JSON_MAX_BYTES, check_path

        # The calendar reader opens the file itself: refuse a FIFO or a device unopened.
        check_path(calendar_file, max_bytes=JSON_MAX_BYTES)
        return WorkingCalendar.from_file(calendar_file, include_culture_day=culture_day)
    return WorkingCalendar(include_culture_day=culture_day)


class _DecimalType(click.ParamType):  # type: ignore[type-arg]
    name = "number"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Decimal:
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite() or number < 0:
            self.fail(f"{value!r} must be a finite number, 0 or more", param, ctx)
        return number


_calendar_file = click.option("--calendar-file", type=click.Path(path_type=Path, dir_okay=False),
                              help="TOML/JSON file with extra days off or working days.")
_culture_day = click.option("--culture-day/--no-culture-day", default=False, show_default=True,
                            help="Count 24/11 (Ngày Văn hóa Việt Nam) as a holiday (unverified).")


@click.group()
def command() -> None:
    """Public services: deadlines, calendar, indicators, catalogue import/export."""


@command.command()
@click.option("--start", required=True, help="Receipt time, ISO 8601 (offset optional: +07:00).")
@click.option("--days", type=_DecimalType(), help="Time limit in working days.")
@click.option("--hours", type=_DecimalType(), help="Time limit in working hours (added to days).")
@click.option("--calendar-days", is_flag=True, help="Count --days as calendar days.")
@click.option("--cutoff", default="15:00", show_default=True,
              help="Afternoon cut-off HH:MM, or 'none'.")
@_calendar_file
@_culture_day
@format_option("text", "json")
@handle_errors
def deadline(start: str,  # noqa: PLR0917 - click passes options as arguments
             days: Decimal | None, hours: Decimal | None, calendar_days: bool,
             cutoff: str, calendar_file: Path | None, culture_day: bool,
             output_format: str) -> None:
    """Due time of a dossier received at --start with a limit of --days / --hours."""
    from vn_egov.services.deadlines import DeadlinePolicy, compute_deadline
    from vn_egov.services.models import TimeLimit, TimeUnit

    if days is None and hours is None:
        fail("give --days, --hours or both")
    if calendar_days and (hours is not None or days is None):
        fail("--calendar-days needs --days and no --hours")
    try:
        policy = DeadlinePolicy(cutoff=None if cutoff.lower() == "none"
                                else dt.time.fromisoformat(cutoff))
    except ValueError:
        fail(f"--cutoff {cutoff!r} is not HH:MM or 'none'")
    if hours is None and days is not None:
        unit = TimeUnit.CALENDAR_DAY if calendar_days else TimeUnit.WORKING_DAY
        limit = TimeLimit(value=days, unit=unit)
    else:
        total = (days or Decimal(0)) * 8 + (hours or Decimal(0))
        limit = TimeLimit(value=total, unit=TimeUnit.WORKING_HOUR)
    result = compute_deadline(_aware(start, "--start"), limit,
                              _calendar(calendar_file, culture_day), policy)
    if output_format == "json":
        echo_json(result.to_dict())
        return
    click.echo(f"received:    {result.received.isoformat()}")
    click.echo(f"receipt day: {result.receipt_day.isoformat()}")
    click.echo(f"limit:       {result.limit.value} {result.limit.unit.value}")
    click.echo(f"due:         {result.due.isoformat()}")
    click.echo(f"due date:    {result.due_date.isoformat()}")


@command.command(name="calendar")
@click.argument("year", type=click.IntRange(1990, 2100))
@_calendar_file
@_culture_day
@format_option("text", "json")
@handle_errors
def calendar_command(year: int, calendar_file: Path | None, culture_day: bool,
                     output_format: str) -> None:
    """Non-working days (and make-up working days) of YEAR for state agencies."""
    days = _calendar(calendar_file, culture_day).exceptions(year)
    if output_format == "json":
        echo_json({"year": year, "days": [day.to_dict() for day in days]})
        return
    for info in days:
        flag = "" if info.verified else "  [unverified]"
        state = "working" if info.working else "off"
        click.echo(f"{info.day.isoformat()} {info.day:%a} {state:8} {info.reason}: "
                   f"{info.name or ''}{flag}")


_STARTS_WITH_MARKUP = re.compile(rb"[ \t\r\n]*(?:\xef\xbb\xbf)?<")


def _load(path: Path) -> tuple[str, Any]:
    """The catalogue or dossiers in *path*; invalid content exits 1 with every problem named."""
    from pydantic import ValidationError

    try:
        return _load_content(path)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in exc.errors()[:10])
        fail(f"{path}: invalid content ({exc.error_count()} problem(s)): {problems}",
             EXIT_FINDINGS)


def _load_content(path: Path) -> tuple[str, Any]:
    from vn_egov.errors import UnsafeJSONError
    from vn_egov.inputs import JSON_MAX_BYTES, PACKAGE_MAX_BYTES, open_input
    from vn_egov.safejson import load_json
    from vn_egov.services.dossier import Dossier
    from vn_egov.services.export_xml import catalogue_from_xml
    from vn_egov.services.models import Catalogue

    # One bounded read through the input gate (a FIFO or a device is refused unopened). The
    # first bytes tell XML from JSON; JSON is then held to its own, smaller bound at once,
    # so a 290 MB "catalogue.json" is refused after 50 MB, not read whole.
    with open_input(cli_source(path), max_bytes=PACKAGE_MAX_BYTES) as reader:
        head = reader.read(64 * 1024)
        is_xml = _STARTS_WITH_MARKUP.match(head) is not None
        if not is_xml:
            reader.limit(JSON_MAX_BYTES, "JSONLimits.max_bytes", UnsafeJSONError)
        data, name = reader.read_all(start=head), reader.name
    if is_xml:
        return "catalogue", catalogue_from_xml(data)
    parsed = load_json(data, source_name=name)
    if isinstance(parsed, dict) and "procedures" in parsed:
        return "catalogue", Catalogue.model_validate(parsed)
    if isinstance(parsed, dict) and "dossiers" in parsed:
        parsed = parsed["dossiers"]
    if isinstance(parsed, list):
        return "dossiers", [Dossier.model_validate(item) for item in parsed]
    raise InputError(f"{path}: expected a catalogue (XML or JSON with 'procedures') or a list "
                     "of dossiers", source=str(path))


@command.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--now", help="Reference time for open dossiers (default: current time).")
@format_option("text", "json")
@handle_errors
def report(path: Path, now: str | None, output_format: str) -> None:
    """Plan indicators of a CATALOGUE (XML/JSON) or a DOSSIERS JSON file."""
    from vn_egov.services.indicators import catalogue_indicators, dossier_indicators

    kind, loaded = _load(path)
    if kind == "catalogue":
        result = catalogue_indicators(loaded).to_dict()
    else:
        moment = _aware(now, "--now") if now else dt.datetime.now(dt.UTC)
        result = dossier_indicators(loaded, moment).to_dict()
    if output_format == "json":
        echo_json({"kind": kind, **result})
        return
    click.echo(f"{kind}: {path}")
    for group, values in [("overall", result["overall"]),
                          *[(f"{section} {key}", v) for section in ("by_agency", "by_procedure")
                            for key, v in result.get(section, {}).items()]]:
        parts = ", ".join(f"{k}={v}" for k, v in values.items())
        click.echo(f"  {group}: {parts}")


@command.command(name="import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--id", "catalogue_id", required=True, help="Catalogue id.")
@click.option("--title", required=True, help="Catalogue title.")
@click.option("--version", "version", default="1", show_default=True)
@click.option("--publisher", required=True, help="Publishing body (name).")
@click.option("--publisher-code", help="Publishing body OrganId.")
@format_option("xml", "json", default="xml")
@handle_errors
def import_command(path: Path,  # noqa: PLR0917 - click passes options as arguments
                    catalogue_id: str, title: str, version: str, publisher: str,
                   publisher_code: str | None, output_format: str) -> None:
    """Import national JSON records (either shape); issues go to stderr."""
    from vn_egov.errors import UnsafeJSONError
    from vn_egov.inputs import JSON_MAX_BYTES, read_input
    from vn_egov.safejson import load_json
    from vn_egov.services.export_xml import catalogue_to_xml
    from vn_egov.services.importers import import_catalogue
    from vn_egov.services.models import Publisher

    # The gate and the JSON limits first. The importer then reads the same, now checked,
    # bytes: it expects binary floats, not the decimals load_json returns.
    data, name = read_input(cli_source(path), max_bytes=JSON_MAX_BYTES,
                            limit_name="JSONLimits.max_bytes", too_large=UnsafeJSONError)
    load_json(data, source_name=name)
    catalogue, issues = import_catalogue(data, catalogue_id=catalogue_id, title=title,
                                         version=version,
                                         publisher=Publisher(code=publisher_code, name=publisher))
    for issue in issues:
        click.echo(issue.format(str(path)), err=True)
    if output_format == "json":
        click.echo(catalogue.model_dump_json(indent=2))
    else:
        click.echo(catalogue_to_xml(catalogue).decode("utf-8"), nl=False)
    if any(issue.severity.value == "error" for issue in issues):
        raise SystemExit(EXIT_FINDINGS)


@command.command(name="export")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@format_option("xml", "json", "cpsv", default="xml")
@handle_errors
def export_command(path: Path, output_format: str) -> None:
    """Write a catalogue (XML or JSON) as XML, JSON or CPSV-AP 3.2.0 JSON-LD (lossy)."""
    from vn_egov.services.cpsv import to_cpsv_jsonld
    from vn_egov.services.export_xml import catalogue_to_xml

    kind, catalogue = _load(path)
    if kind != "catalogue":
        fail(f"{path} is not a catalogue")
    if output_format == "xml":
        click.echo(catalogue_to_xml(catalogue).decode("utf-8"), nl=False)
    elif output_format == "json":
        click.echo(catalogue.model_dump_json(indent=2))
    else:
        export = to_cpsv_jsonld(catalogue)
        echo_json(export.document)
        for line in export.unmapped:
            click.echo(f"not mapped: {line}", err=True)
