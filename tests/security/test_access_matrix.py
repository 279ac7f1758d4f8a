"""Every role, every command and every button: each person gets exactly their scope."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.app import ordered_handlers
from core.domain import Role
from core.i18n import t
from fakeapi import FakeUser
from handlers.report.routing import AtStep
from storage.pending_imports import PendingImports
from tests.harness import ADMIN_ID, Harness
from tests.security.corpus import Hostile, Kind
from tests.security.support import Outcome, record_errors, send
from tests.status_support import add_report

AGENCY_A = "สำนักงานเขตวังทองหลาง"
AGENCY_B = "สำนักงานเขตบางรัก"
NOV, OCT = date(2026, 11, 1), date(2026, 10, 1)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Secret:
    """A project and the words only people who may see it should ever read."""

    tag: str
    code: str
    agency: str

    @property
    def name(self) -> str:
        """Return the project name, which carries the tag."""
        return f"โครงการทดสอบ {self.tag}NAME"

    @property
    def words(self) -> tuple[str, ...]:
        """Return every marker of this project: name, work done, problems, reporter."""
        return (f"{self.tag}NAME", f"{self.tag}WORK", f"{self.tag}PROB", f"{self.tag}REP")


A1 = Secret("QAONE", "11110000-0001", AGENCY_A)
A2 = Secret("QATWO", "11110000-0002", AGENCY_A)
B1 = Secret("QBONE", "22220000-0001", AGENCY_B)
SECRETS = (A1, A2, B1)
SCOPE: dict[str, tuple[Secret, ...]] = {
    "stranger": (),
    "officer": (A1,),
    "other_officer": (B1,),
    "supervisor": (A1, A2),
    "other_supervisor": (B1,),
    "admin": (A1, A2, B1),
}
IDS = {"stranger": 4001, "officer": 4002, "other_officer": 4003, "supervisor": 4004}
IDS |= {"other_supervisor": 4005, "admin": ADMIN_ID}


@dataclass
class Matrix:
    """The projects, reports and agencies of the matrix, by tag."""

    project_ids: dict[str, int] = field(default_factory=dict)
    report_ids: dict[str, int] = field(default_factory=dict)
    agency_ids: dict[str, int] = field(default_factory=dict)
    import_key: str = ""


def plain(text: str) -> str:
    """Return a locale text as the person reads it (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", text))


REFUSALS = {
    plain(t(key))
    for key in (
        "status.not_found",
        "overview.not_found",
        "report.not_your_project",
        "report.stale_button",
        "export.official_not_found",
        "access.not_allowed",
        "access.stranger",
        "fallback.stale_button",
        "importing.stale",
        "history.empty",
        "people.project_not_found",
    )
}


async def _matrix(harness: Harness) -> tuple[Matrix, dict[str, FakeUser]]:
    matrix = Matrix()
    for secret in SECRETS:
        matrix.project_ids[secret.tag] = await harness.add_project(
            code=secret.code, name=secret.name, agency=secret.agency
        )
    people = {role: harness.fake.user(number, f"คน{role}") for role, number in IDS.items()}
    reporters = {A1.tag: 4101, A2.tag: 4102, B1.tag: 4103}
    for secret in SECRETS:
        reporter = harness.fake.user(reporters[secret.tag], f"ผู้รายงาน {secret.tag}REP")
        await harness.register(reporter, codes=(secret.code,))
        pid = matrix.project_ids[secret.tag]
        await add_report(harness.store, reporter.id, pid, OCT, "20", f"{secret.tag}WORK เดือนก่อน")
        report = await add_report(
            harness.store,
            reporter.id,
            pid,
            NOV,
            "30",
            f"{secret.tag}WORK",
            problems=f"{secret.tag}PROB ฝนตก",
            obstacles=f"{secret.tag}PROB งบประมาณ",
        )
        matrix.report_ids[secret.tag] = report.id or 0
    await harness.register(people["officer"], codes=(A1.code,))
    await harness.register(people["other_officer"], codes=(B1.code,))
    await harness.register(people["supervisor"], Role.SUPERVISOR, agency=AGENCY_A)
    await harness.register(people["other_supervisor"], Role.SUPERVISOR, agency=AGENCY_B)
    await harness.say(people["admin"], "/start")
    matrix.agency_ids = {name: number for number, name in await harness.store.projects.agency_ids()}
    matrix.import_key = await PendingImports(harness.store.db).put(
        ADMIN_ID, "project", "page.txt", "not a page", harness.clock.now()
    )
    return matrix, people


def commands(matrix: Matrix) -> list[str]:
    """Return every command and menu text the matrix sends, arguments naming every scope."""
    # /language th keeps the person's language (Thai) while still going through the command.
    typed = ["/start", "/help", "/language th", "/report", "/cancel", "/status", "/history"]
    typed += ["/overview"]
    typed += ["/problems", "/problems 11/2569", "/problems 10/2569", "/export", "/leave"]
    typed += ["/schedule", "/remind", "/invite", "/invite officer " + A1.code, "/audit"]
    typed += ["/status โครงการทดสอบ", "/history โครงการทดสอบ", "/kpi", "/kpi 5045-861"]
    for secret in SECRETS:
        typed += [f"/status {secret.code}", f"/history {secret.code}", f"/audit {secret.code}"]
        # Access changes naming nobody real: the scope answers before the person is looked up.
        typed += [f"/unassign {secret.code}", f"/unassign {secret.code} 1"]
        typed += [f"/handover {secret.code} 1 2", f"/acting {secret.code} 1 1/12/2569 2/12/2569"]
    typed += ["/unassign", "/handover", "/acting", "/deactivate", "/deactivate 1"]
    typed += [f"/overview {AGENCY_A}", f"/overview {AGENCY_B}"]
    for key in ("report", "status", "overview", "problems", "invite", "help"):
        typed.append(plain(t(f"menu.{key}")))
    return typed


def buttons(matrix: Matrix) -> list[str]:
    """Return every kind of button data, naming every project, report and agency."""
    data = ["st:l:c:0", "st:l:h:0", "st:l:c:5", "ov:p:0", "ov:p:3"]
    for tag, pid in matrix.project_ids.items():
        data += [f"rp:{pid}", f"rm:{pid}:202611", f"st:c:{pid}", f"st:g:{pid}", f"st:h:{pid}"]
        data.append(f"xo:{matrix.report_ids[tag]}")
    data += [f"ov:a:{number}" for number in matrix.agency_ids.values()]
    for number in matrix.agency_ids.values():
        data += [f"ia:{number}", f"io:{number}"]
    data += [f"it:{pid}" for pid in matrix.project_ids.values()] + ["id:"]
    data += ["iv:admin", "iv:supervisor", "iv:officer", "remind:no", "remind:send"]
    data += ["rq:00000000:4500", "ro:00000000", "rx:0", "rc:0:y", "rd:0:y", "rn:0", "rn:0:both"]
    data += ["rk:0:all", "rt:0:keep", "rr:0:go", "lg:th"]
    data += ["re:0", "rf:0:percent", f"mi:n:{matrix.import_key}", f"mi:y:{matrix.import_key}"]
    return data


def _registered() -> tuple[set[str], list[re.Pattern[str]]]:
    names: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    handlers = [
        handler.handler if isinstance(handler, AtStep) else handler
        for _, handler in ordered_handlers()
    ]
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            names |= set(handler.commands)
        elif isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
            pattern = handler.pattern
            if isinstance(pattern, re.Pattern):
                patterns.append(pattern)
            elif isinstance(pattern, str):
                patterns.append(re.compile(pattern))
    return names, patterns


def test_matrix_covers_every_registered_command_and_button() -> None:
    """Each command and each button pattern the application registers is in the matrix."""
    matrix = Matrix({"X": 1}, {"X": 1}, {"A": 1}, "0" * 12)
    names, patterns = _registered()
    typed = {text.split()[0].removeprefix("/") for text in commands(matrix) if text[0] == "/"}
    assert names - typed == set()
    data = buttons(matrix)
    uncovered = [p.pattern for p in patterns if not any(p.match(d) for d in data)]
    assert uncovered == []


def _texts_of(
    harness: Harness, person: FakeUser, outcomes: list[Outcome], since: int = 0
) -> list[str]:
    texts: list[str] = []
    for message in harness.fake.sent(person.chat_id):
        if message.message_id <= since:
            continue
        texts.append(message.content or "")
        texts += message.button_texts()
        document = message.document
        if document is not None and document.data is not None:
            with zipfile.ZipFile(io.BytesIO(document.data)) as archive:
                texts += [
                    archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                ]
    texts += [text or "" for outcome in outcomes for text in outcome.callback_answers]
    return texts


def _reply(outcome: Outcome) -> str:
    """Return the alert of a button press if it had one, else the last message."""
    alerts = [text for text in outcome.callback_answers if text]
    texts = alerts or [m.content or "" for m in outcome.messages]
    return texts[-1] if texts else ""


def _out_of_scope_requests(matrix: Matrix, scope: tuple[Secret, ...]) -> list[Hostile]:
    hidden = [secret for secret in SECRETS if secret not in scope]
    items: list[Hostile] = []
    for secret in hidden:
        pid = matrix.project_ids[secret.tag]
        items += [Hostile(secret.tag, Kind.COMMAND, f"/status {secret.code}")]
        items += [Hostile(secret.tag, Kind.COMMAND, f"/history {secret.code}")]
        items += [Hostile(secret.tag, Kind.COMMAND, f"/unassign {secret.code}")]
        items += [Hostile(secret.tag, Kind.COMMAND, f"/unassign {secret.code} 4101")]
        items += [Hostile(secret.tag, Kind.COMMAND, f"/handover {secret.code} 4101 4002")]
        for data in (f"st:c:{pid}", f"st:g:{pid}", f"st:h:{pid}", f"rp:{pid}"):
            items.append(Hostile(secret.tag, Kind.BUTTON, data))
        items.append(Hostile(secret.tag, Kind.BUTTON, f"xo:{matrix.report_ids[secret.tag]}"))
    if scope != SECRETS:
        for agency in {s.agency for s in hidden} - {s.agency for s in scope}:
            number = matrix.agency_ids[agency]
            items.append(Hostile(agency, Kind.BUTTON, f"ov:a:{number}"))
            items.append(Hostile(agency, Kind.COMMAND, f"/overview {agency}"))
    return items


async def _sees_exactly(
    harness: Harness,
    matrix: Matrix,
    person: FakeUser,
    role: str,
    scope: tuple[Secret, ...],
) -> None:
    # Only what the person reads from now on: earlier messages may predate a change.
    last = harness.fake.last_message(person.chat_id)
    since = last.message_id if last is not None else 0
    errors = record_errors(harness)
    outcomes: list[Outcome] = []
    for typed in commands(matrix):
        outcomes.append(await send(harness, person, Hostile(typed, Kind.COMMAND, typed)))
    for data in buttons(matrix):
        outcomes.append(await send(harness, person, Hostile(data, Kind.BUTTON, data)))
    await harness.store.drafts.discard(person.id)
    for item in _out_of_scope_requests(matrix, scope):
        outcome = await send(harness, person, item)
        outcomes.append(outcome)
        assert plain(_reply(outcome)) in REFUSALS, f"{role} {item.value}: {_reply(outcome)!r}"
    texts = "\n".join(_texts_of(harness, person, outcomes, since))
    hidden = [word for s in SECRETS if s not in scope for word in s.words]
    assert [word for word in hidden if word in texts] == []
    for secret in scope:
        # The person does see their own projects: the check above could fail.
        assert secret.words[0] in texts and secret.words[1] in texts
    assert errors.errors == []
    assert harness.fake.refusals == []


@pytest.mark.parametrize("role", list(SCOPE))
async def test_each_role_sees_exactly_its_scope(harness: Harness, role: str) -> None:
    """No out-of-scope word reaches the person; out-of-scope requests get not found/allowed."""
    matrix, people = await _matrix(harness)
    await _sees_exactly(harness, matrix, people[role], role, SCOPE[role])


@pytest.mark.parametrize("change", ["unassign", "handover"])
async def test_scope_follows_a_change_made_mid_report(harness: Harness, change: str) -> None:
    """Taken off A1 (or A1 handed to the other officer) mid-report: the matrix follows at once."""
    matrix, people = await _matrix(harness)
    officer, other = people["officer"], people["other_officer"]
    await harness.say(officer, "/report")  # A1 has a report this month: a correction
    await harness.tap(officer, t("report.button_correct"))
    admin = people["admin"]
    if change == "unassign":
        await harness.say(admin, f"/unassign {A1.code} {officer.id}")
    else:
        await harness.say(admin, f"/handover {A1.code} {officer.id} {other.id}")
    answer = await harness.say(officer, "45")
    assert plain(answer.content or "") == plain(t("report.out_of_scope", code=A1.code))
    await _sees_exactly(harness, matrix, officer, "officer", ())
    if change == "handover":
        await _sees_exactly(harness, matrix, other, "other_officer", (A1, B1))
