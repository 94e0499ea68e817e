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
    examples,
    fail,
    format_option,
    handle_errors,
    judging,
)
from vn_egov.i18n import N_, tr, translate

__all__ = ["command"]


_DATE_ONLY = re.compile(r"[0-9]{4}-?[0-9]{2}-?[0-9]{2}")


def _aware(text: str, option: str) -> dt.datetime:
    from vn_egov.services.calendar.working import VN_TZ

    if _DATE_ONLY.fullmatch(text.strip()):
        # A receipt date alone would be read as midnight: a dossier received at 16:00 after
        # the cut-off would get the deadline of one received before opening.
        example = text.strip() + "T09:00"
        fail(tr("{option} {value} is a date without a time of day; give the time the dossier "
                "was received, e.g. {example} (a date alone would be read as midnight)",
                option=option, value=repr(text), example=example))
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(tr("{option} {value} is not an ISO date-time (e.g. 2025-03-03T09:00+07:00)",
                option=option, value=repr(text)))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=VN_TZ)


def _calendar(calendar_file: Path | None, culture_day: bool) -> Any:
    from vn_egov.services.calendar.working import WorkingCalendar

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
            self.fail(tr("{value} is not a number", value=repr(value)), param, ctx)
        if not number.is_finite() or number < 0:
            self.fail(tr("{value} must be a finite number, 0 or more", value=repr(value)),
                      param, ctx)
        return number


_calendar_file = click.option("--calendar-file", type=click.Path(path_type=Path, dir_okay=False),
                              help="TOML/JSON file with extra days off or working days.")
_culture_day = click.option("--culture-day/--no-culture-day", default=False, show_default=True,
                            help="Count 24/11 (Ngày Văn hóa Việt Nam) as a holiday (unverified).")


@examples("vn-egov services deadline --start 2025-03-03T16:00 --days 3",
          "vn-egov services calendar 2026 --lang vi")
@click.group()
def command() -> None:
    """Public services: deadlines, calendar, indicators, catalogue import/export."""


@examples("vn-egov services deadline --start 2025-03-03T16:00 --days 3",
          "vn-egov services deadline --start 2025-07-03T09:00 --hours 4 --format json")
@command.command()
@click.option("--start", required=True,
              help="Receipt date and time, ISO 8601 (e.g. 2025-03-03T16:00; offset optional: "
                   "+07:00). A date alone is refused: it would be read as midnight.")
@click.option("--days", type=_DecimalType(), help="Time limit in working days.")
@click.option("--hours", type=_DecimalType(), help="Time limit in working hours (added to days).")
@click.option("--calendar-days", is_flag=True, help="Count --days as calendar days.")
@click.option("--channel", type=click.Choice(["direct", "online", "postal"]), default="direct",
              show_default=True, help="Submission channel (the 15:00 cut-off is for direct).")
@click.option("--cutoff", help="Afternoon cut-off HH:MM, or 'none' (default: the regime's).")
@click.option("--convention", type=click.Choice(["civil_code", "production"]),
              default="civil_code", show_default=True,
              help="Count days from the next day (civil code) or in hours from receipt.")
@click.option("--midnight", is_flag=True, help="End the last day at 24:00, not at closing.")
@_calendar_file
@_culture_day
@format_option("text", "json")
@handle_errors
def deadline(start: str,  # noqa: PLR0917 - click passes options as arguments
             days: Decimal | None, hours: Decimal | None, calendar_days: bool, channel: str,
             cutoff: str | None, convention: str, midnight: bool, calendar_file: Path | None,
             culture_day: bool, output_format: str) -> None:
    """Due time of a dossier received at --start with a limit of --days / --hours.

    The regime (NĐ 118/2025 since 1/7/2025, NĐ 61/2018 before) follows the receipt date.
    """
    from vn_egov.services.calendar.deadlines import compute_deadline
    from vn_egov.services.catalogue.models import ChannelKind

    received = _aware(start, "--start")
    policy = _policy(received, cutoff, convention, midnight)
    result = compute_deadline(received, _limit(days, hours, calendar_days),
                              _calendar(calendar_file, culture_day), policy,
                              channel=ChannelKind(channel.upper()))
    if output_format == "json":
        echo_json(result.to_dict())
        return
    rows = ((tr("received at"), result.received.isoformat()),
            (tr("receipt day"), result.receipt_day.isoformat()),
            (tr("limit"), f"{result.limit.value} {result.limit.unit.value}"),
            (tr("due"), result.due.isoformat()), (tr("due date"), result.due_date.isoformat()),
            (tr("regime"), result.policy.name))
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        click.echo(f"{label + ':':<{width}} {value}")


def _limit(days: Decimal | None, hours: Decimal | None, calendar_days: bool) -> Any:
    from vn_egov.services.catalogue.models import TimeLimit, TimeUnit

    if days is None and hours is None:
        fail(tr("give --days, --hours or both"))
    if calendar_days and (hours is not None or days is None):
        fail(tr("--calendar-days needs --days and no --hours"))
    if hours is None and days is not None:
        unit = TimeUnit.CALENDAR_DAY if calendar_days else TimeUnit.WORKING_DAY
        return TimeLimit(value=days, unit=unit)
    total = (days or Decimal(0)) * 8 + (hours or Decimal(0))
    return TimeLimit(value=total, unit=TimeUnit.WORKING_HOUR)


def _policy(received: dt.datetime, cutoff: str | None, convention: str, midnight: bool) -> Any:
    from vn_egov.services.calendar.regime import DayConvention, policy_for

    policy = policy_for(received).replace(convention=DayConvention(convention),
                                          end_of_day="midnight" if midnight else "office_close")
    if cutoff is None:
        return policy
    if cutoff.lower() == "none":
        return policy.replace(cutoff=None)
    try:
        return policy.replace(cutoff=dt.time.fromisoformat(cutoff))
    except ValueError:
        fail(tr("--cutoff {value} is not HH:MM or 'none'", value=repr(cutoff)))


@examples("vn-egov services calendar 2026", "vn-egov services calendar --check")
@command.command(name="calendar")
@click.argument("years", nargs=-1, type=click.IntRange(1990, 2100))
@click.option("--check", is_flag=True,
              help="Report which years lack verified data (exit 1 when one does).")
@_calendar_file
@_culture_day
@format_option("text", "json")
@handle_errors
def calendar_command(years: tuple[int, ...], check: bool, calendar_file: Path | None,
                     culture_day: bool, output_format: str) -> None:
    """Days off and make-up working days of YEARS for state agencies, or --check them.

    Without YEARS, --check covers last year, this year and next year.
    """
    calendar = _calendar(calendar_file, culture_day)
    if check:
        _check_years(calendar, years, output_format)
        return
    if len(years) != 1:
        fail(tr("give one YEAR, or --check with any number of years"))
    year = years[0]
    days = calendar.exceptions(year)
    if output_format == "json":
        echo_json({"year": year, "days": [day.to_dict() for day in days]})
        return
    for info in days:
        flag = "" if info.verified else "  [" + tr("unverified") + "]"
        state = tr("working") if info.working else tr("off")
        origin = f" ({info.instrument})" if info.instrument else ""
        weekday = translate(_WEEKDAYS[info.day.weekday()])
        click.echo(f"{info.day.isoformat()} {weekday} {state:8} {translate(info.reason)}: "
                   f"{info.name or ''}{origin}{flag}")


#: Short weekday names, Monday first (``%a`` would follow the C locale, not the language).
_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _check_years(calendar: Any, years: tuple[int, ...], output_format: str) -> None:
    if not years:
        this_year = dt.datetime.now(dt.UTC).astimezone(_vn_tz()).year
        years = (this_year - 1, this_year, this_year + 1)
    coverages = [calendar.year_coverage(year) for year in sorted(set(years))]
    if output_format == "json":
        echo_json({"years": [coverage.to_dict() for coverage in coverages]})
    else:
        for coverage in coverages:
            click.echo(_coverage_line(coverage))
    if not all(coverage.verified for coverage in coverages):
        raise SystemExit(EXIT_FINDINGS)


def _coverage_line(coverage: Any) -> str:
    decided = "; ".join(f"{occasion.value} {', '.join(instruments)}"
                        for occasion, instruments in sorted(coverage.decided.items()))
    if coverage.verified:
        line = tr("{year}: verified ({decided})", year=coverage.year, decided=decided)
    else:
        line = tr("{year}: NOT verified: missing decision on {missing}; {count} estimated "
                  "day(s)", year=coverage.year,
                  missing=", ".join(o.value for o in coverage.missing) or "-",
                  count=len(coverage.estimates))
    for pending in coverage.pending:
        line += "\n  " + tr("pending: {name} ({instruments})", name=pending.name,
                             instruments="; ".join(pending.instruments))
    return line


def _vn_tz() -> dt.tzinfo:
    from vn_egov.services.calendar.working import VN_TZ

    return VN_TZ


_STARTS_WITH_MARKUP = re.compile(rb"[ \t\r\n]*(?:\xef\xbb\xbf)?<")


def _load(path: Path) -> tuple[str, Any]:
    """The catalogue or dossiers in *path*; invalid content exits 1 with every problem named."""
    from pydantic import ValidationError

    from vn_egov.cli._problems import problems

    try:
        return _load_content(path)
    except ValidationError as exc:
        fail(tr("{path}: invalid content ({count} problem(s)): {problems}", path=path,
                count=exc.error_count(), problems="; ".join(problems(exc, 10))), EXIT_FINDINGS)


def _load_content(path: Path) -> tuple[str, Any]:
    from vn_egov.errors import UnsafeJSONError, UnsafeXMLError
    from vn_egov.inputs import JSON_MAX_BYTES, PACKAGE_MAX_BYTES, open_input
    from vn_egov.safejson import load_json
    from vn_egov.services.catalogue.models import Catalogue
    from vn_egov.services.catalogue.xml import catalogue_from_xml
    from vn_egov.services.dossier.models import Dossier

    # One bounded read through the input gate (a FIFO or a device is refused unopened). The
    # first bytes tell XML from JSON; JSON is then held to its own, smaller bound at once,
    # so a 290 MB "catalogue.json" is refused after 50 MB, not read whole.
    with open_input(cli_source(path), max_bytes=PACKAGE_MAX_BYTES,
                    limit_name="ParseLimits.max_bytes", too_large=UnsafeXMLError) as reader:
        head = reader.read(64 * 1024)
        is_xml = _STARTS_WITH_MARKUP.match(head) is not None
        if not is_xml:
            reader.limit(JSON_MAX_BYTES, "JSONLimits.max_bytes", UnsafeJSONError)
        data, name = reader.read_all(start=head), reader.name or str(path)
    with judging(name):
        if is_xml:
            return "catalogue", catalogue_from_xml(data)
        parsed = load_json(data, source_name=name)
    if isinstance(parsed, dict) and "procedures" in parsed:
        return "catalogue", Catalogue.model_validate(parsed)
    if isinstance(parsed, dict) and "dossiers" in parsed:
        parsed = parsed["dossiers"]
    if not isinstance(parsed, list):
        fail(tr("{path}: expected a catalogue (XML or JSON with 'procedures') or a list of "
                "dossiers", path=name), EXIT_FINDINGS)
    return "dossiers", [Dossier.model_validate(item) for item in parsed]


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(tr("{option} {value} is not an ISO date (e.g. 2025-03-31)", option=option,
                value=repr(text)))


@examples("vn-egov services report catalogue.xml",
          "vn-egov services report dossiers.json --from 2025-01-01 --to 2025-03-31")
@command.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--from", "start", help="First day of the period (ISO date), for dossiers.")
@click.option("--to", "end", help="Last day of the period (ISO date), for dossiers.")
@format_option("text", "json")
@handle_errors
def report(path: Path, start: str | None, end: str | None, output_format: str) -> None:
    """Plan indicators of a CATALOGUE, or the QĐ 766 table of a DOSSIERS file for a period."""
    from vn_egov.services.indicators.plan import catalogue_indicators
    from vn_egov.services.indicators.qd766 import qd766_report

    kind, loaded = _load(path)
    if kind == "catalogue":
        result = catalogue_indicators(loaded).to_dict()
        if output_format == "json":
            echo_json({"kind": kind, **result})
        else:
            _print_plan(path, result)
        return
    if start is None or end is None:
        fail(tr("a dossier report needs the period: --from DATE --to DATE"))
    table = qd766_report(loaded, _date(start, "--from"), _date(end, "--to"))
    if output_format == "json":
        echo_json({"kind": kind, **table.to_dict()})
    else:
        _print_qd766(path, table)


def _print_plan(path: Path, result: dict[str, Any]) -> None:
    click.echo(tr("catalogue: {path}", path=path))
    groups = [(tr("overall"), result["overall"]),
              *[(key, values) for key, values in result["by_agency"].items()]]
    for group, values in groups:
        parts = ", ".join(f"{k}={v}" for k, v in values.items())
        click.echo(f"  {group}: {parts}")


_RATES = ("on_time_rate", "online_share", "online_payment_share", "digitised_share",
          "digitised_result_share")
_RATE_LABELS = {"on_time_rate": N_("on-time rate"), "online_share": N_("share filed online"),
                "online_payment_share": N_("share paid online"),
                "digitised_share": N_("share digitised"),
                "digitised_result_share": N_("share of digitised results")}


def _print_qd766(path: Path, table: Any) -> None:
    from vn_egov.services.indicators.qd766 import COLUMNS

    click.echo(tr("QĐ 766/QĐ-TTg indicators, {start} to {end}: {path}",
                  start=table.start.isoformat(), end=table.end.isoformat(), path=path))
    rows = [(tr("overall"), table.overall.to_dict()),
            *[(key, row.to_dict()) for key, row in sorted(table.by_agency.items())]]
    labels = {**{key: translate(label) for key, label in COLUMNS.items()},
              **{key: translate(label) for key, label in _RATE_LABELS.items()}}
    width = max(len(label) for label in labels.values())
    click.echo(" " * width + "".join(f" {name:>16}" for name, _ in rows))
    for key, label in labels.items():
        cells = [values[key] for _, values in rows]
        text = [("-" if v is None else f"{v * 100:.2f}%") if key in _RATES else str(v)
                for v in cells]
        click.echo(f"{label:<{width}}" + "".join(f" {cell:>16}" for cell in text))


@examples("vn-egov services check-payload DongBoHoSoMC.json",
          "vn-egov services check-payload --progress CapNhatTienDo.json --format json")
@command.command(name="check-payload")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("--progress", is_flag=True, help="The file is CapNhatTienDoHoSoMC, not DongBoHoSoMC.")
@format_option("text", "json")
@handle_errors
def check_payload(path: Path, progress: bool, output_format: str) -> None:
    """What the national portal will refuse in a DongBoHoSoMC (or --progress) payload.

    Accepts the envelope, a bare array or one record, as real systems send them; exit 1 when
    the portal would refuse something.
    """
    from vn_egov.errors import UnsafeJSONError
    from vn_egov.inputs import JSON_MAX_BYTES, read_input
    from vn_egov.safejson import load_json
    from vn_egov.services.portal.checks import read_dossier_payload, read_progress_payload

    data, read_name = read_input(cli_source(path), max_bytes=JSON_MAX_BYTES,
                                 limit_name="JSONLimits.max_bytes", too_large=UnsafeJSONError)
    name = read_name or str(path)
    reader = read_progress_payload if progress else read_dossier_payload
    with judging(name):
        load_json(data, source_name=name)  # the JSON itself first: its errors name the place
        records, issues = reader(data)
    if output_format == "json":
        echo_json({"path": name, "records": len(records),
                   "issues": [issue.to_dict() for issue in issues]})
    else:
        for issue in issues:
            click.echo(issue.format(name))
        click.echo(tr("{count} record(s), {issues} finding(s)", count=len(records),
                      issues=len(issues)))
    if any(issue.severity.value == "error" for issue in issues):
        raise SystemExit(EXIT_FINDINGS)


@examples("vn-egov services import tthc.json --id vb --title TTHC --publisher \"UBND xã\"",)
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
    from vn_egov.services.catalogue.importers import import_catalogue
    from vn_egov.services.catalogue.models import Publisher
    from vn_egov.services.catalogue.xml import catalogue_to_xml

    # The gate and the JSON limits first (an unreadable input is not judged); the bytes read
    # are then parsed once, by the safe loader (exact decimals), and the importer takes the
    # parsed value.
    raw, read_name = read_input(cli_source(path), max_bytes=JSON_MAX_BYTES,
                                limit_name="JSONLimits.max_bytes", too_large=UnsafeJSONError)
    name = read_name or str(path)
    with judging(name):
        data = load_json(raw, source_name=name)
        catalogue, issues = import_catalogue(
            data, catalogue_id=catalogue_id, title=title, version=version,
            publisher=Publisher(code=publisher_code, name=publisher))
    for issue in issues:
        click.echo(issue.format(name), err=True)
    if output_format == "json":
        click.echo(catalogue.model_dump_json(indent=2))
    else:
        click.echo(catalogue_to_xml(catalogue).decode("utf-8"), nl=False)
    if any(issue.severity.value == "error" for issue in issues):
        raise SystemExit(EXIT_FINDINGS)


@examples("vn-egov services export catalogue.xml --format cpsv > catalogue.jsonld",)
@command.command(name="export")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@format_option("xml", "json", "cpsv", default="xml")
@handle_errors
def export_command(path: Path, output_format: str) -> None:
    """Write a catalogue (XML or JSON) as XML, JSON or CPSV-AP 3.2.0 JSON-LD (lossy)."""
    from vn_egov.services.catalogue.cpsv import to_cpsv_jsonld
    from vn_egov.services.catalogue.xml import catalogue_to_xml

    kind, catalogue = _load(path)
    if kind != "catalogue":
        fail(tr("{path} is not a catalogue", path=path))
    if output_format == "xml":
        click.echo(catalogue_to_xml(catalogue).decode("utf-8"), nl=False)
    elif output_format == "json":
        click.echo(catalogue.model_dump_json(indent=2))
    else:
        export = to_cpsv_jsonld(catalogue)
        echo_json(export.document)
        for line in export.unmapped:
            click.echo(tr("not mapped: {line}", line=line), err=True)
