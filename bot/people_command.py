"""``python -m bot people ...``: change who reports on a project from a server, without Telegram.

The command line is trusted like an admin (actor ``cli`` in the audit trail). A refused change or
a mistyped date ends in one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from typing import Any

from core.config import Settings
from core.i18n import t
from core.typed_dates import read_date
from handlers.people import refusal_text
from storage import Storage
from storage.people import AccessChange, AccessRefused

LANGUAGE = "en"


def _day(text: str) -> date:
    day = read_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use 31/12/2569 or 2026-12-31)")
    return day


def add_parsers(commands: Any) -> None:
    """Add the ``people`` subcommands to the command-line parser."""
    people = commands.add_parser(
        "people", help="take officers off projects, hand projects over, acting, deactivate"
    ).add_subparsers(dest="action", required=True)
    listing = people.add_parser("list", help="who reports on a project")
    listing.add_argument("--project", required=True, metavar="CODE")
    off = people.add_parser("unassign", help="take an officer off a project")
    off.add_argument("--project", required=True, metavar="CODE")
    off.add_argument("--person", required=True, type=int, metavar="TELEGRAM_ID")
    over = people.add_parser("handover", help="hand a project to another officer")
    over.add_argument("--project", required=True, metavar="CODE")
    over.add_argument("--from", dest="from_id", required=True, type=int, metavar="TELEGRAM_ID")
    over.add_argument("--to", dest="to_id", required=True, type=int, metavar="TELEGRAM_ID")
    acting = people.add_parser("acting", help="name an acting officer (รักษาการ) for a period")
    acting.add_argument("--project", required=True, metavar="CODE")
    acting.add_argument("--person", required=True, type=int, metavar="TELEGRAM_ID")
    acting.add_argument("--first-day", required=True, type=_day, metavar="DATE")
    acting.add_argument("--last-day", required=True, type=_day, metavar="DATE")
    gone = people.add_parser("deactivate", help="deactivate a person who moved or left")
    gone.add_argument("--person", required=True, type=int, metavar="TELEGRAM_ID")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run a ``people`` subcommand; print its outcome and return the exit status."""
    try:
        print(asyncio.run(_change(settings, args)))
    except AccessRefused as refused:
        print(f"error: {refusal_text(refused.reason, LANGUAGE)}", file=sys.stderr)
        return 2
    return 0


def _drafts(change: AccessChange) -> str:
    return t("people.drafts_closed", LANGUAGE, count=change.drafts_closed).strip()


async def _change(settings: Settings, args: argparse.Namespace) -> str:
    store = await Storage.from_settings(settings).ready()
    people = store.people
    try:
        if args.action == "list":
            officers = await people.officers_of(None, args.project)
            lines = [
                f"{officer.telegram_id}\t{officer.name}"
                + (f"\tacting until {officer.acting_until}" if officer.acting_until else "")
                for officer in officers
            ]
            return "\n".join(lines) or f"nobody reports on {args.project}"
        if args.action == "unassign":
            change = await people.take_off(None, args.project, args.person)
            done = f"{args.person} is off project {args.project}"
        elif args.action == "handover":
            change = await people.hand_over(None, args.project, args.from_id, args.to_id)
            done = f"project {args.project} handed from {args.from_id} to {args.to_id}"
        elif args.action == "acting":
            zone = settings.timezone
            first, last = args.first_day, args.last_day
            change = await people.name_acting(None, args.project, args.person, first, last, zone)
            done = f"{args.person} acts for project {args.project} from {first} to {last}"
        else:
            change = await people.deactivate(None, args.person)
            done = f"{args.person} is deactivated"
    finally:
        await store.close()
    return f"{done}; {_drafts(change)}" if change.drafts_closed else done
