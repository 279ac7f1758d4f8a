"""Retry Bot API calls that failed on the way (dropped connection, 5xx, timeout).

The send pacer (bot/pacing.py) retries only 429 (RetryAfter). A send that fails for a network
reason is retried here a few times with a short pause, so that a person does not miss the next
question of a conversation. The price: when Telegram performed the call but the answer was
lost, the retry shows the same message twice. That never duplicates data: every record is
written (and deduplicated in SQL) before its message is sent, not because of it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import BadRequest, NetworkError
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_PAUSE = 0.2  # seconds; doubles after each failure: 0.2 + 0.4 + 0.8 + 1.6 = 3 s in all
# getUpdates has the updater's own retry loop; a second answer to a button press is refused
# by Telegram, and a lost answer only leaves the button's spinner a little longer.
NOT_RETRIED = frozenset({"getupdates", "answercallbackquery"})
# Methods whose repetition Telegram refuses once the first attempt took effect
# ("message is not modified", "message to delete not found"): then the first one counts.
CHANGES = frozenset(
    {
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
        "editmessagemedia",
        "deletemessage",
    }
)
TIMEOUTS = {"connect_timeout": 5.0, "read_timeout": 10.0, "write_timeout": 20.0}
POOL_SIZE = 256


def method_of(url: str) -> str:
    """Return the lower-case Bot API method name at the end of a request URL."""
    return url.rstrip("/").rsplit("/", 1)[-1].lower()


class RetryingRequest(HTTPXRequest):
    """An HTTPXRequest that retries calls failing for network reasons."""

    def __init__(
        self, attempts: int = ATTEMPTS, first_pause: float = FIRST_PAUSE, **kwargs: Any
    ) -> None:
        options: dict[str, Any] = {"connection_pool_size": POOL_SIZE, **TIMEOUTS, **kwargs}
        super().__init__(**options)
        self.attempts = max(1, attempts)
        self.first_pause = first_pause

    # BaseRequest.post is marked final for typing only; wrapping it keeps PTB's own error
    # mapping (status codes to exceptions) under the retry loop.
    async def post(  # type: ignore[misc]
        self,
        url: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> dict[str, Any] | list[dict[str, Any]] | bool:
        """Post, retrying network failures of every method but those in NOT_RETRIED."""
        method = method_of(url)
        attempts = 1 if method in NOT_RETRIED else self.attempts
        uncertain = False
        for attempt in range(1, attempts + 1):
            try:
                return await super().post(
                    url, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
                )
            except BadRequest:
                # The lost first attempt did it; the retry's refusal only confirms that.
                if uncertain and method in CHANGES:
                    return True
                raise
            except NetworkError as error:  # TimedOut included; RetryAfter is not one
                if attempt == attempts:
                    raise
                uncertain = True
                pause = self.first_pause * 2 ** (attempt - 1)
                log.warning("%s failed (%s), retry %d in %.1f s", method, error, attempt, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")
