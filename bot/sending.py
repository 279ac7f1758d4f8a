"""The one retry policy of Bot API calls: which calls may be repeated, after what, how soon.

Every call but getUpdates passes through the bot's rate limiter (bot/pacing.py, a public PTB
``BaseRateLimiter``), and that is the only place a call is repeated: the HTTP layer under it is a
plain ``HTTPXRequest`` and reminder delivery does not retry on its own. getUpdates is repeated by
PTB's polling loop.

What may be repeated after a network failure (dropped connection, 5xx, timeout):

* a call that surely never reached Telegram (the connection could not be made, or no connection
  was free): any call, it cannot have taken effect;
* a call whose repetition changes nothing more (reads, edits, deletes, settings, chat actions);
  an edit or delete repeated after its first attempt took effect is refused by Telegram
  ("message is not modified", "message to delete not found"): that refusal proves the first
  attempt worked and counts as success;
* a message send whose answer may have been lost: repeated too, since a missing next question or
  reminder is worse than seeing it twice. Telegram gives no way to ask whether a message arrived,
  so records never depend on it: they are written, and deduplicated in SQL, before their message
  is sent; a multi-part reminder or digest records each part delivered and a later attempt
  resumes after it (handlers/reminders/delivery.py).

Never repeated: answerCallbackQuery (Telegram refuses a second answer, and a lost one only keeps
the button's spinner a little longer) and getUpdates (PTB's loop does it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from telegram.error import BadRequest, NetworkError
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_PAUSE = 0.2  # seconds; doubles after each failure: 0.2 + 0.4 + 0.8 + 1.6 = 3 s in all
NEVER_REPEATED = frozenset({"getupdates", "answercallbackquery"})
# Edits and deletes: Telegram refuses their repetition once the first attempt took effect.
CHANGES = ("edit", "delete")
# Refusals that prove an earlier attempt of the same edit or delete took effect.
_DONE_ALREADY = ("message is not modified", "message to delete not found")
CONNECT_TIMEOUT, READ_TIMEOUT, WRITE_TIMEOUT = 5.0, 10.0, 20.0
POOL_SIZE = 256
# httpx failures raised before a request left: Telegram cannot have performed it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def transport() -> HTTPXRequest:
    """Return the HTTP transport of the bot: enough connections, Telegram-sized timeouts."""
    return HTTPXRequest(
        connection_pool_size=POOL_SIZE,
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        write_timeout=WRITE_TIMEOUT,
    )


def method_of(endpoint: str) -> str:
    """Return the lower-case Bot API method of an endpoint name or request URL."""
    return endpoint.rstrip("/").rsplit("/", 1)[-1].lower()


def never_sent(error: BaseException) -> bool:
    """Return whether a failed call surely never reached Telegram."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, _NOT_SENT):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


@dataclass
class Attempts:
    """The retry state of one call: how many failures, and whether it may have taken effect."""

    method: str
    failures: int = 0
    maybe_done: bool = False

    def pause_after(self, error: NetworkError) -> float | None:
        """Return how long to wait before repeating the call, or None to give up."""
        if self.method in NEVER_REPEATED or isinstance(error, BadRequest):
            return None
        self.failures += 1
        if self.failures >= ATTEMPTS:
            return None
        self.maybe_done = self.maybe_done or not never_sent(error)
        pause: float = FIRST_PAUSE * 2 ** (self.failures - 1)
        # One warning per call; the later attempts of the same call only at debug level.
        level = logging.WARNING if self.failures == 1 else logging.DEBUG
        log.log(level, "%s failed (%r), retrying in %.1f s", self.method, error, pause)
        return pause

    def done_already(self, refusal: BadRequest) -> bool:
        """Return whether a refusal of a repeated edit or delete proves the first one worked."""
        return (
            self.maybe_done
            and self.method.startswith(CHANGES)
            and any(text in str(refusal).lower() for text in _DONE_ALREADY)
        )
