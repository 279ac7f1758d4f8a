"""Logging that never writes the bot token, nor what people typed."""

from __future__ import annotations

import logging
import os

# Loggers that write the token (URLs) or people's messages (request parameters, update
# contents) below these levels, whatever level the bot logs at.
QUIET_LOGGERS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "apscheduler": logging.WARNING,
    "telegram": logging.INFO,
}
LEVEL_VARIABLE = "LOG_LEVEL"
# PTB's webhook server logs a refused request (wrong or missing secret token) only at DEBUG, the
# wrong token included, next to DEBUG lines that hold whole update bodies. Its logger lets
# DEBUG through to RefusedWebhooks, which keeps the refusals as one line and drops the rest.
WEBHOOK_LOGGER = "telegram.ext.Updater"
WEBHOOK_REFUSALS = {
    "Request did not include the secret token": "no secret token",
    "Request had the wrong secret token: %s": "wrong secret token",
}


class RedactToken(logging.Filter):
    """Replace the token wherever it appears in a log record, its traceback included."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback without the token."""
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<token>")
            record.args = ()
        if record.exc_info and not record.exc_text:
            # Exception texts (a URL in a network error) can carry the token too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, "<token>")
        return True


class RefusedWebhooks(logging.Filter):
    """Keep a refused webhook request as one WARNING line without token or body; drop DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite a refusal, pass INFO and above, and drop PTB's other DEBUG lines."""
        if record.levelno >= logging.INFO:
            return True
        reason = WEBHOOK_REFUSALS.get(str(record.msg))
        if reason is None:
            return False
        record.msg = "refused a webhook request (403): %s"
        record.args = (reason,)
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


def level_from_environment(default: int = logging.INFO) -> int:
    """Return the level named by LOG_LEVEL (DEBUG, INFO, ...), or the default."""
    named = logging.getLevelName(os.environ.get(LEVEL_VARIABLE, "").strip().upper())
    return named if isinstance(named, int) else default


def configure_logging(token: str | None, level: int | None = None) -> None:
    """Log to stderr without the token; keep the loggers that write personal data quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    chosen = level_from_environment() if level is None else level
    root.setLevel(chosen)
    for name, quiet_level in QUIET_LOGGERS.items():
        # Never louder than the bot itself.
        logging.getLogger(name).setLevel(max(quiet_level, chosen))
    webhook = logging.getLogger(WEBHOOK_LOGGER)
    webhook.filters[:] = [RefusedWebhooks()]
    if chosen <= logging.WARNING:
        webhook.setLevel(logging.DEBUG)
