"""Bot API methods that carry files: sendPhoto, sendDocument, sendMediaGroup, getFile."""

from __future__ import annotations

import mimetypes
import struct
from collections.abc import Callable
from typing import Any

from fakeapi import rules
from fakeapi.api import method, post_from_bot
from fakeapi.errors import ApiError, bad_request
from fakeapi.params import Params, UploadedFile
from fakeapi.records import StoredFile
from fakeapi.state import World

JSON = dict[str, Any]

PHOTO_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL_SIDE = 90
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")


def is_image(data: bytes) -> bool:
    """Say whether data starts like an image format Telegram accepts as a photo."""
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return webp or data.startswith(_IMAGE_MAGIC)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Read width and height from PNG, GIF or JPEG headers; None when unknown."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"GIF") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            # SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + int(length)
    return None


def photo_sizes(world: World, data: bytes) -> list[StoredFile]:
    """Store an uploaded photo as Telegram's PhotoSize list: a thumbnail and the full size."""
    width, height = image_size(data) or (1280, 960)
    scale = THUMBNAIL_SIDE / max(width, height, 1)
    thumb = world.new_file(
        "photo",
        data,
        width=max(1, round(width * min(scale, 1))),
        height=max(1, round(height * min(scale, 1))),
    )
    return [thumb, world.new_file("photo", data, width=width, height=height)]


def _check_upload(upload: UploadedFile, limit: int, too_big: ApiError) -> None:
    if not upload.data:
        raise bad_request("file must be non-empty")
    if len(upload.data) > limit:
        raise too_big


def resolve_photo(world: World, value: Any) -> list[StoredFile]:
    """Turn a photo parameter (upload, file_id or URL) into stored sizes."""
    if isinstance(value, UploadedFile):
        _check_upload(upload=value, limit=PHOTO_MAX_BYTES, too_big=bad_request("PHOTO_TOO_BIG"))
        if not is_image(value.data):
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = image_size(value.data) or (1280, 960)
        if width + height > 10_000 or max(width, height) > 20 * min(width, height):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        return photo_sizes(world, value.data)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        # The fake never fetches URLs (loopback only); it remembers the URL instead.
        return [world.new_file("photo", None, source_url=value)]
    if isinstance(value, str) and value:
        return [world.file_by_id(value, "photo")]
    raise bad_request("there is no photo in the request")


def resolve_document(world: World, value: Any) -> StoredFile:
    """Turn a document parameter (upload, file_id or URL) into a stored file."""
    if isinstance(value, UploadedFile):
        too_big = ApiError(413, "Request Entity Too Large")
        _check_upload(upload=value, limit=UPLOAD_MAX_BYTES, too_big=too_big)
        name = value.filename or "document"
        mime = value.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return world.new_file("document", value.data, file_name=name, mime_type=mime)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return world.new_file("document", None, source_url=value)
    if isinstance(value, str) and value:
        return world.file_by_id(value, "document")
    raise bad_request("there is no document in the request")


def _send_media(world: World, params: Params, files: Callable[[], JSON]) -> JSON:
    """Check chat, caption, markup and reply target, then store files and the message."""
    chat = world.chat_for_bot(params.chat_id())
    raw, parse_mode = params.str_("caption"), params.str_("parse_mode")
    caption, entities = rules.check_caption(raw, parse_mode, params.json_("caption_entities"))
    return post_from_bot(
        world,
        chat,
        params,
        caption=caption,
        entities=entities,
        raw=raw,
        parse_mode=parse_mode,
        **files(),
    )


@method("sendPhoto")
def send_photo(world: World, params: Params) -> JSON:
    """Send a photo after Telegram's checks."""
    return _send_media(world, params, lambda: {"photo": resolve_photo(world, params.raw("photo"))})


@method("sendDocument")
def send_document(world: World, params: Params) -> JSON:
    """Send a document after Telegram's checks."""
    return _send_media(
        world, params, lambda: {"document": resolve_document(world, params.raw("document"))}
    )


def _attached(params: Params, value: Any) -> Any:
    """Replace an attach://name reference by the uploaded part it names."""
    if isinstance(value, str) and value.startswith("attach://"):
        upload = params.raw(value.removeprefix("attach://"))
        if not isinstance(upload, UploadedFile):
            raise bad_request("wrong file identifier/HTTP URL specified")
        return upload
    return value


@method("sendMediaGroup")
def send_media_group(world: World, params: Params) -> list[JSON]:
    """Send 2-10 photos or 2-10 documents as one album."""
    chat = world.chat_for_bot(params.chat_id())
    media = params.json_("media")
    if not isinstance(media, list) or not all(isinstance(item, dict) for item in media):
        raise bad_request("can't parse media JSON object")
    if not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media in the album: must be 2-10")
    kinds = {item.get("type") for item in media}
    if not kinds <= {"photo", "document"}:
        raise bad_request("unsupported media type in the album")
    if len(kinds) > 1:
        raise bad_request("document can't be mixed with other media types")
    reply_to = world.reply_target(chat, params)
    prepared: list[JSON] = []
    for item in media:
        caption, entities = rules.check_caption(
            item.get("caption"), item.get("parse_mode"), item.get("caption_entities")
        )
        value = _attached(params, item.get("media"))
        files: JSON = (
            {"photo": resolve_photo(world, value)}
            if item["type"] == "photo"
            else {"document": resolve_document(world, value)}
        )
        prepared.append(
            {
                "caption": caption,
                "entities": entities,
                "raw": item.get("caption"),
                "parse_mode": item.get("parse_mode"),
                **files,
            }
        )
    group_id = world.next_media_group_id()
    return [
        world.add_message(
            chat,
            from_bot=True,
            sender=world.bot_user,
            media_group_id=group_id,
            reply_to=reply_to,
            **fields,
        ).to_api()
        for fields in prepared
    ]


@method("getFile")
def get_file(world: World, params: Params) -> JSON:
    """Describe a known file and where to download it."""
    file_id = params.str_("file_id", required=bad_request("file_id not specified"))
    stored = world.files.get(file_id or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if (stored.file_size or 0) > DOWNLOAD_MAX_BYTES:
        raise bad_request("file is too big")
    return stored.file_json()
