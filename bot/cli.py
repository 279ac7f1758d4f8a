"""``python -m bot``: run the bot, or manage it on a server without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bot import export_command as page_commands
from bot import people_command
from bot.backup import resolve_target, suffix_of, take_backup
from bot.logging_setup import configure_logging
from bot.remind_command import remind_command
from core.config import ConfigError, Settings, load_settings, webhook_of
from core.domain import PlanStep, Project, Role
from core.i18n import t
from core.invite_links import deep_link
from core.reminders.clock import SystemClock
from core.thai_dates import BE_OFFSET, fiscal_year_bounds, slash_date_be
from core.thai_numbers import to_arabic_digits
from core.typed_dates import BE_THRESHOLD, EXPECTED_FORM, in_fiscal_year, read_date
from storage import Storage, StorageError
from storage.invites import UnknownAgency
from storage.migrate import migrate

# Fiscal years the database accepts (Buddhist Era), and where typed CE years begin.
MIN_FISCAL_YEAR = 2400
MAX_FISCAL_YEAR = 2700
MIN_CE_YEAR = 1900
# The kinds of update the bot handles, asked of Telegram when polling or setting the webhook.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    root = argparse.ArgumentParser(prog="python -m bot", description="field-report-bot")
    commands = root.add_subparsers(dest="command")
    run = commands.add_parser("run", help="start the bot (the default; polls Telegram)")
    run.add_argument(
        "--webhook",
        metavar="URL",
        help="take updates from Telegram's webhook at this public https:// URL instead of"
        " polling (needs WEBHOOK_SECRET; listens on WEBHOOK_LISTEN:WEBHOOK_PORT)",
    )
    playground = commands.add_parser(
        "playground", help="try the bot in a browser, without Telegram (the default with no token)"
    )
    playground.add_argument("--port", type=int, help="default PLAYGROUND_PORT or 8080")
    playground.add_argument("--database", help="default PLAYGROUND_DATABASE or data/playground…")
    commands.add_parser("migrate", help="bring the database schema up to date")
    project = commands.add_parser("project", help="manage projects").add_subparsers(
        dest="action", required=True
    )
    add = project.add_parser("add", help="add a project")
    add.add_argument("--code", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--agency", required=True)
    add.add_argument("--fiscal-year", required=True, help="Buddhist Era, e.g. 2569")
    add.add_argument("--division")
    add.add_argument("--responsible")
    add.add_argument("--phone")
    add.add_argument(
        "--plan-step",
        action="append",
        default=[],
        metavar="DESCRIPTION|WEIGHT|START|END",
        help="dates as 1/10/2568, 2025-10-01 or 1 ต.ค. 2568, within the fiscal year",
    )
    invite = commands.add_parser("invite", help="create an invite link").add_subparsers(
        dest="role", required=True
    )
    officer = invite.add_parser("officer")
    officer.add_argument("--project", action="append", required=True, metavar="CODE")
    supervisor = invite.add_parser("supervisor")
    supervisor.add_argument("--agency", required=True)
    invite.add_parser("admin")
    remind = commands.add_parser("remind", help="send the reminders and digests due now")
    remind.add_argument("--dry-run", action="store_true", help="only show who would get what")
    backup = commands.add_parser("backup", help="copy the database while the bot runs")
    backup.add_argument("path", help="backup file, or a folder for a dated file")
    page_commands.add_parsers(commands)
    people_command.add_parsers(commands)
    return root


def parse_fiscal_year(text: str) -> int:
    """Read a Buddhist-Era fiscal year (Thai digits allowed); refuse a CE year clearly."""
    digits = to_arabic_digits(text.strip())
    if not digits.isdigit():
        raise ValueError(f"fiscal year {text!r}: expected a Buddhist-Era year such as 2569")
    year = int(digits)
    if MIN_CE_YEAR <= year < BE_THRESHOLD:
        raise ValueError(
            f"fiscal year {year} looks like a CE year: give the Buddhist-Era year,"
            f" e.g. {year + BE_OFFSET}"
        )
    if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise ValueError(f"fiscal year {year}: expected a Buddhist-Era year such as 2569")
    return year


def _step_date(order: int, text: str, fiscal_year: int | None) -> date:
    """Read a plan step's date as Thai people type it, within the fiscal year."""
    day = read_date(text)
    if fiscal_year is None:
        if day is None:
            raise ValueError(f"plan step {order}: bad date {text!r}, e.g. {EXPECTED_FORM}")
        return day
    first, last = fiscal_year_bounds(fiscal_year)
    expected = (
        f"a date of fiscal year {fiscal_year} ({slash_date_be(first)} to {slash_date_be(last)}),"
        f" e.g. {slash_date_be(first)} or {first.isoformat()}"
    )
    if day is None:
        raise ValueError(f"plan step {order}: bad date {text!r}: expected {expected}")
    if not in_fiscal_year(day, fiscal_year):
        raise ValueError(
            f"plan step {order}: {text!r} is not in fiscal year {fiscal_year}: expected {expected}"
        )
    return day


def parse_plan_step(order: int, text: str, fiscal_year: int | None = None) -> PlanStep:
    """Parse ``DESCRIPTION|WEIGHT|START|END`` (weight in percent; dates BE or CE, d/m/yyyy,
    ISO, Thai digits or Thai month names, within ``fiscal_year`` when it is given)."""
    parts = text.split("|")
    if len(parts) != 4:
        raise ValueError(f"plan step {order}: expected DESCRIPTION|WEIGHT|START|END")
    description, weight, start, end = (part.strip() for part in parts)
    try:
        amount = Decimal(to_arabic_digits(weight).rstrip("%").strip())
    except InvalidOperation as error:
        raise ValueError(f"plan step {order}: bad weight {weight!r}, e.g. 20 or 20%") from error
    step = PlanStep(
        order,
        description,
        amount,
        _step_date(order, start, fiscal_year),
        _step_date(order, end, fiscal_year),
    )
    if step.end < step.start or not Decimal(0) <= step.weight <= Decimal(100):
        raise ValueError(f"plan step {order}: end before start or weight outside 0-100")
    return step


async def _with_store(settings: Settings) -> Storage:
    return await Storage.from_settings(settings).ready()


async def add_project(settings: Settings, args: argparse.Namespace) -> str:
    """Store a project from the command line."""
    year = parse_fiscal_year(args.fiscal_year)
    steps = tuple(parse_plan_step(i, text, year) for i, text in enumerate(args.plan_step, start=1))
    if sum((step.weight for step in steps), Decimal(0)) > 100:
        raise ValueError("plan step weights add up to more than 100%")
    store = await _with_store(settings)
    try:
        if await store.projects.by_code(args.code):
            raise ValueError(f"project {args.code} exists already")
        await store.projects.add(
            Project(
                code=args.code,
                name=args.name,
                agency=args.agency,
                fiscal_year=year,
                division=args.division,
                responsible=args.responsible,
                phone=args.phone,
                plan_steps=steps,
            )
        )
    finally:
        await store.close()
    return f"project {args.code} added with {len(steps)} plan step(s)"


async def create_invite(settings: Settings, args: argparse.Namespace) -> str:
    """Create an invite and return the deep link and the raw /start command."""
    store = await _with_store(settings)
    try:
        role = Role(args.role)
        now = SystemClock(settings.timezone).now()
        token = await store.invites.create(
            role,
            now,
            agency=getattr(args, "agency", None),
            project_codes=getattr(args, "project", None) or (),
        )
        username = settings.bot_username or await store.meta.get("bot_username")
    except UnknownAgency as error:
        raise ValueError(page_commands.unknown_agency(error.name, error.closest)) from error
    except LookupError as error:
        raise ValueError(f"unknown project code: {error}") from error
    finally:
        await store.close()
    return f"{deep_link(username, token)}\n/start {token}"


async def run_migrations(settings: Settings) -> str:
    """Apply pending migrations."""
    store = Storage.from_settings(settings)
    await store.db.open()
    try:
        applied = await migrate(store.db)
    finally:
        await store.db.close()
    return f"applied migrations: {applied or 'none'}"


async def backup_command(settings: Settings, path: str) -> str:
    """Take an online backup of the database (safe while the bot runs)."""
    if not settings.database_url and not settings.database_path.is_file():
        raise ValueError(f"no database at {settings.database_path}")
    now = SystemClock(settings.timezone).now()
    source = settings.database_url or settings.database_path
    try:
        target = await take_backup(source, resolve_target(Path(path), now, suffix_of(source)))
    except RuntimeError as error:
        raise ValueError(str(error)) from error
    return f"backup written to {target}"


async def check_database(settings: Settings) -> None:
    """Open the configured database and migrate it; StorageError when that fails."""
    store = await Storage.from_settings(settings).ready()
    await store.close()


def one_line(error: StorageError) -> str:
    """Return the first line of a storage error (the driver's hints follow on other lines)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def run_bot(settings: Settings, webhook_url: str | None = None) -> int:
    """Poll Telegram, or serve its webhook when a URL is given, until stopped."""
    if not settings.token:
        print(t("cli.no_token", "th"), file=sys.stderr)
        print(t("cli.no_token", "en"), file=sys.stderr)
        return 2
    try:
        webhook = None if webhook_url is None else webhook_of(settings, webhook_url)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    from bot.app import build_application

    configure_logging(settings.token)
    application = build_application(settings, several_processes=webhook is not None)
    if webhook is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return 0
    # Every process sets the same webhook at start; Telegram keeps the pending updates.
    try:
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.path,
            webhook_url=webhook.url,
            secret_token=webhook.secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    except OSError as error:
        # The webhook server could not listen (a port in use, an address not of this host).
        print(
            f"error: cannot listen on {webhook.listen}:{webhook.port} for the webhook:"
            f" {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    # With no subcommand and no token, start the playground instead of stopping.
    command = args.command or ("run" if settings.token else "playground")
    if command == "playground":
        from playground.main import run_playground

        return run_playground(getattr(args, "port", None), getattr(args, "database", None))
    if settings.database_url:
        # Before PTB starts or a command begins: a wrong or unreachable server is one line.
        try:
            asyncio.run(check_database(settings))
        except StorageError as error:
            print(f"database error: {one_line(error)}", file=sys.stderr)
            return 2
    if command == "run":
        return run_bot(settings, getattr(args, "webhook", None))
    if command in ("import", "export"):
        return page_commands.run(settings, args)
    if command == "people":
        return people_command.run(settings, args)
    actions = {
        "migrate": lambda: run_migrations(settings),
        "project": lambda: add_project(settings, args),
        "invite": lambda: create_invite(settings, args),
        "remind": lambda: remind_command(settings, args.dry_run),
        "backup": lambda: backup_command(settings, args.path),
    }
    try:
        print(asyncio.run(actions[command]()))
    except ValueError as error:
        # A mistake in what was typed: one clear line, and the status argparse uses too.
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
