"""A strict, fault-injecting fake of the Telegram Bot API for tests and benchmarks.

Start a `FakeTelegram`, point PTB at `fake.base_url` / `fake.base_file_url`, let fake
users (`fake.user(...)`) produce updates, and assert on `fake.sent(chat_id)`,
`fake.refusals` and `fake.requests`.
"""

from tests.fakebot.control import add_control_routes
from tests.fakebot.errors import ApiError
from tests.fakebot.faults import Fault, FaultPlan, InjectedFault, peak_rate
from tests.fakebot.params import UploadedFile
from tests.fakebot.records import (
    CallbackAnswer,
    ChatActionRecord,
    MessageRecord,
    Refusal,
    RequestRecord,
    StoredFile,
)
from tests.fakebot.server import FakeTelegram
from tests.fakebot.users import TINY_PNG, FakeUser

__all__ = [
    "TINY_PNG",
    "ApiError",
    "CallbackAnswer",
    "ChatActionRecord",
    "FakeTelegram",
    "FakeUser",
    "Fault",
    "FaultPlan",
    "InjectedFault",
    "MessageRecord",
    "Refusal",
    "RequestRecord",
    "StoredFile",
    "UploadedFile",
    "add_control_routes",
    "peak_rate",
]
