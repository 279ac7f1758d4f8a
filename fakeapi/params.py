"""Decode Bot API request parameters and read them with Telegram-like type checks.

PTB sends str values raw and everything else JSON-encoded in form fields, so a form
value must be decoded per parameter: fields that are strings in the Bot API stay raw
(a text of "123" must not become an int), the rest are JSON-decoded when possible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from fakeapi.errors import ApiError, bad_request, missing

STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "action",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "url",
        "language_code",
        "photo",
        "document",
        "sticker",
        "thumbnail",
        "emoji",
        "title",
        "description",
        "short_description",
        "name",
        "secret_token",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "phone_number",
        "first_name",
        "last_name",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as received."""

    filename: str | None
    content_type: str | None
    data: bytes


def decode_value(name: str, raw: str) -> Any:
    """Turn one form field into the Python value the Bot API would see."""
    if name in STRING_FIELDS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class Params:
    """Typed, refusing accessors over one call's decoded parameters."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def raw(self, name: str) -> Any:
        """Return the decoded value or None when absent."""
        return self.values.get(name)

    def has(self, name: str) -> bool:
        """Say whether the parameter was sent (and is not null)."""
        return self.values.get(name) is not None

    def int_(self, name: str, *, required: ApiError | None = None) -> int | None:
        """Read an integer, accepting its decimal string form like Telegram."""
        value = self.values.get(name)
        if value is None or value == "":
            if required is not None:
                raise required
            return None
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be an Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise bad_request(f'field "{name}" must be an Integer')

    def req_int(self, name: str, required: ApiError | None = None) -> int:
        """Read a required integer."""
        value = self.int_(name, required=required or missing(name))
        assert value is not None
        return value

    def str_(self, name: str, *, required: ApiError | None = None) -> str | None:
        """Read a string; numbers are accepted as their text like Telegram does."""
        value = self.values.get(name)
        if value is None:
            if required is not None:
                raise required
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, str):
            return value
        raise bad_request(f'field "{name}" must be a String')

    def bool_(self, name: str) -> bool:
        """Read an optional boolean (false when absent)."""
        value = self.values.get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        if isinstance(value, int):
            return value != 0
        raise bad_request(f'field "{name}" must be a Boolean')

    def json_(self, name: str) -> Any:
        """Read a structured parameter, decoding it if it arrived as a JSON string."""
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def chat_id(self) -> int | str:
        """Read chat_id, which may be an integer or an @username."""
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, bool):
            raise bad_request("chat not found")
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            return int(value) if value.lstrip("-").isdigit() else value
        raise bad_request("chat not found")


async def read_params(request: web.Request) -> dict[str, Any]:
    """Collect parameters from the query string and a JSON, urlencoded or multipart body."""
    values: dict[str, Any] = {key: decode_value(key, raw) for key, raw in request.query.items()}
    if not request.body_exists:
        return values
    try:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            values.update(body)
            return values
        form = await request.post()
    except web.HTTPRequestEntityTooLarge as error:
        raise ApiError(413, "Request Entity Too Large") from error
    except ValueError as error:
        raise bad_request("can't parse request body") from error
    for key, value in form.items():
        if isinstance(value, web.FileField):
            values[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        elif isinstance(value, str):
            values[key] = decode_value(key, value)
    return values
