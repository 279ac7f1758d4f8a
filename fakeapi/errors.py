"""The error type the fake raises to answer a call with a Telegram-shaped failure."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API failure: HTTP status, Telegram's description and optional parameters."""

    def __init__(
        self,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        *,
        refusal: bool = True,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters
        # Refusals are Telegram saying "your request is wrong"; tests assert there are none.
        self.refusal = refusal

    def body(self) -> dict[str, Any]:
        """Return the JSON body Telegram would send for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    """Build a 400 refusal with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {description}")


def forbidden(description: str) -> ApiError:
    """Build a 403 refusal with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {description}")


def missing(name: str) -> ApiError:
    """Build the refusal for a missing required parameter."""
    return bad_request(f'parameter "{name}" is required')
