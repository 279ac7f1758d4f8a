"""Make sure an officer learns that their report was stored, even if "saved" was lost.

A report is recorded as unacknowledged in the transaction that stores it
(``ReportStore.submit``), and acknowledged once its "saved" message and official entry went out.
If they did not (a crash, a lost answer, Telegram down, a process killed), the officer's next
update of any kind, on whichever process it arrives, first gets that acknowledgement, then is
handled as usual. Who waits for one is read with the sender's draft, in the one keyed read every
update costs (handlers/report/routing.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from core.domain import ProgressReport, User
from core.i18n import t
from handlers.common import say
from handlers.context import BotContext
from handlers.export import official_button
from handlers.report.official import send_official_entry

log = logging.getLogger(__name__)


async def send_saved(
    update: Update, context: BotContext, user: User, report: ProgressReport
) -> None:
    """Say the report is saved, with its official entry; then record the acknowledgement."""
    assert report.id is not None
    key = "report.saved_revision" if report.revision > 1 else "report.saved"
    saved = t(key, user.language, revision=report.revision)
    await say(update, context, saved, reply_markup=official_button(report.id, user.language))
    await send_official_entry(update, context, report)
    await context.services.store.reports.acknowledged(user.telegram_id, report.id)


async def acknowledge_first(update: Update, context: BotContext, report_id: int) -> None:
    """Give an officer the acknowledgement of a stored report before anything else."""
    sender, chat = update.effective_user, update.effective_chat
    if sender is None or chat is None or chat.type != ChatType.PRIVATE:
        return  # the acknowledgement belongs in the private chat where the report was filed
    store = context.services.store
    user, report = await store.read_both(
        store.users.person_query(sender.id), store.reports.by_id_query(report_id)
    )
    if user is None or report is None:
        return
    log.info("acknowledging report %s that was stored but not acknowledged", report_id)
    await send_saved(update, context, user, report)
