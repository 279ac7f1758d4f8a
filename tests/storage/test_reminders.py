"""The reminder audience, the claim-before-send delivery log and leave, on a real database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.domain import PlanStep, Project, Role
from core.reminders import ThaiWorkCalendar, occasions_for_month
from core.reminders.digest import DigestProject
from storage import Storage
from storage.convert import month_key, to_hundredths
from storage.db import SyncConnection
from storage.leases import LEASE_TTL
from storage.users import UserStore

NOVEMBER = date(2026, 11, 1)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Bangkok"))
STEP = PlanStep(1, "all", Decimal(100), date(2026, 10, 1), date(2027, 9, 30))


async def _world(store: Storage) -> tuple[int, int]:
    """Two projects of two agencies, two officers on the first, one on the second."""
    first = await store.projects.add(Project("P-1", "One", "Agency A", 2570, plan_steps=(STEP,)))
    second = await store.projects.add(Project("P-2", "Two", "Agency B", 2570))

    def work(conn: SyncConnection) -> None:
        UserStore.register(conn, 1, "Somsri", Role.OFFICER, None, [first])
        UserStore.register(conn, 2, "Somchai", Role.OFFICER, None, [first, second])
        UserStore.register(conn, 3, "Boss", Role.SUPERVISOR, "Agency A", [])

    await store.db.write(work)
    return first, second


async def _report(store: Storage, project_id: int, month: date) -> None:
    def work1(conn: SyncConnection) -> None:
        conn.execute(
            "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
            " work_done) VALUES (?, ?, 1, ?, ?, 'w')",
            (project_id, month_key(month), to_hundredths(Decimal(30)), month.isoformat()),
        )

    await store.db.write(work1)


async def test_targets_are_assignments_without_a_report_for_the_month(store: Storage) -> None:
    """Officer targets skip reported projects and carry reachability and leave."""
    first, second = await _world(store)
    await _report(store, second, NOVEMBER)
    await store.users.set_reachable(2, False)
    await store.reminders.set_leave(1, date(2026, 11, 20))
    targets = await store.reminders.officer_targets(NOVEMBER)
    assert [(t.person_id, t.project_id) for t in targets] == [(1, first), (2, first)]
    assert targets[0].leave_until == date(2026, 11, 20) and targets[0].reachable
    assert targets[1].reachable is False
    assert len(await store.reminders.officer_targets(date(2026, 12, 1))) == 3


async def test_reminder_targets_leave_out_officers_on_leave(store: Storage) -> None:
    """An officer on leave through the occasion's day is not a target; unreachable ones are."""
    await _world(store)
    await store.reminders.set_leave(1, date(2026, 11, 20))
    await store.users.set_reachable(2, False)
    occasions = {o.kind: o for o in occasions_for_month(NOVEMBER, ThaiWorkCalendar())}
    day20 = await store.reminders.reminder_targets(occasions["day20"])
    day25 = await store.reminders.reminder_targets(occasions["day25"])
    assert {t.person_id for t in day20} == {2}
    assert {t.person_id for t in day25} == {1, 2}


async def test_claim_once_then_never_again_after_sent(store: Storage) -> None:
    """A delivery is claimed once; after it is marked sent nobody may claim it again."""
    first, _ = await _world(store)
    reminders = store.reminders
    claimed = await reminders.claim(1, first, NOVEMBER, "day20", NOW)
    assert claimed is not None
    assert await reminders.claim(1, first, NOVEMBER, "day20", NOW) is None
    await reminders.finish(claimed, "sent", NOW)
    later = NOW + timedelta(days=1)
    assert await reminders.claim(1, first, NOVEMBER, "day20", later) is None
    assert await reminders.claim(1, first, NOVEMBER, "day25", NOW) is not None
    assert await reminders.settled(NOVEMBER, "day20", later) == {(1, first)}


async def test_digest_rows_without_project_are_unique_too(store: Storage) -> None:
    """Digests (no project) are claimed once per person and period despite the NULL."""
    await _world(store)
    claimed = await store.reminders.claim(3, None, NOVEMBER, "digest", NOW)
    assert claimed is not None
    assert await store.reminders.claim(3, None, NOVEMBER, "digest", NOW) is None
    await store.reminders.finish(claimed, "sent", NOW)
    assert (
        await store.reminders.claim(3, None, NOVEMBER, "digest", NOW + timedelta(hours=1)) is None
    )
    rows = await store.reminders.deliveries(NOVEMBER)
    assert len(rows) == 1 and rows[0].project_id is None


async def test_failed_deliveries_are_retried_up_to_three_attempts(store: Storage) -> None:
    """A failed delivery may be claimed again until it has had three attempts."""
    first, _ = await _world(store)
    reminders = store.reminders
    for attempt in range(1, 4):
        claimed = await reminders.claim(1, first, NOVEMBER, "day20", NOW)
        assert claimed is not None, attempt
        await reminders.finish(claimed, "failed", NOW, "boom")
    assert await reminders.claim(1, first, NOVEMBER, "day20", NOW) is None
    (row,) = await reminders.deliveries()
    assert (row.state, row.attempts) == ("failed", 3)


async def test_unreachable_is_final_for_the_occasion(store: Storage) -> None:
    """A delivery that found the person unreachable is not retried."""
    first, _ = await _world(store)
    claimed = await store.reminders.claim(1, first, NOVEMBER, "day20", NOW)
    assert claimed is not None
    await store.reminders.finish(claimed, "unreachable", NOW, "Forbidden")
    assert (
        await store.reminders.claim(1, first, NOVEMBER, "day20", NOW + timedelta(hours=2)) is None
    )


async def test_delivery_in_flight_of_a_live_process_is_left_alone(store: Storage) -> None:
    """A pending delivery whose claimer still beats is not claimed by another process."""
    first, _ = await _world(store)
    assert await store.reminders.claim(1, first, NOVEMBER, "day20", NOW, by="a") is not None
    await store.leases.heartbeat("a", NOW + LEASE_TTL)
    later = NOW + LEASE_TTL + timedelta(seconds=1)
    assert await store.reminders.claim(1, first, NOVEMBER, "day20", later, by="b") is None
    assert (1, first) in await store.reminders.settled(NOVEMBER, "day20", later)


async def test_delivery_in_flight_of_a_stopped_process_is_resumed_where_it_stopped(
    store: Storage,
) -> None:
    """A pending delivery of a process silent for the lease's TTL is resumed at its next part."""
    first, _ = await _world(store)
    claimed = await store.reminders.claim(1, first, NOVEMBER, "day20", NOW, by="a")
    assert claimed is not None
    await store.reminders.part_sent(claimed, 1)
    takeover = NOW + LEASE_TTL
    assert (1, first) not in await store.reminders.settled(NOVEMBER, "day20", takeover)
    assert await store.reminders.claim(1, first, NOVEMBER, "day20", takeover, by="b") == claimed
    assert await store.reminders.parts_sent(claimed) == 1
    # b now beats as the claimer: a third process leaves the delivery to it.
    again = takeover + timedelta(seconds=1)
    assert await store.reminders.claim(1, first, NOVEMBER, "day20", again, by="c") is None


async def test_leave_is_set_replaced_and_cleared(store: Storage) -> None:
    """Leave has one row per person: setting again replaces it; clearing says if it existed."""
    await _world(store)
    reminders = store.reminders
    assert await reminders.leave_until(1) is None
    await reminders.set_leave(1, date(2026, 12, 1))
    await reminders.set_leave(1, date(2026, 12, 31))
    assert await reminders.leave_until(1) == date(2026, 12, 31)
    assert await reminders.clear_leave(1) is True
    assert await reminders.clear_leave(1) is False


async def test_digest_projects_carry_plan_reports_and_officers(store: Storage) -> None:
    """Digest data holds each project's plan steps, current reports and officers."""
    first, second = await _world(store)
    await _report(store, first, NOVEMBER)
    projects = await store.reminders.digest_projects()
    assert [p.code for p in projects] == ["P-1", "P-2"]
    one = projects[0]
    assert one.steps == (STEP,) and [r.month for r in one.reports] == [NOVEMBER]
    assert [o.name for o in one.officers] == ["Somchai", "Somsri"]
    only_b = await store.reminders.digest_projects("Agency B")
    assert [p.project_id for p in only_b] == [second]
    recipients = await store.reminders.digest_recipients()
    assert [(r.person_id, r.role, r.agency) for r in recipients] == [(3, "supervisor", "Agency A")]


async def test_finished_and_closed_year_projects_get_no_reminder(store: Storage) -> None:
    """A project at 100% and one of a closed fiscal year owe no report: nobody is reminded."""
    first, second = await _world(store)
    old = await store.projects.add(Project("P-OLD", "Old", "Agency A", 2564))

    def finish(conn: SyncConnection) -> None:
        conn.execute("INSERT INTO assignments (user_id, project_id) VALUES (1, ?)", (old,))
        conn.execute(
            "INSERT INTO reports (project_id, month, revision, percent_hundredths, reported_on,"
            " work_done) VALUES (?, ?, 1, 10000, '2026-10-31', 'done')",
            (second, month_key(date(2026, 10, 1))),
        )

    await store.db.write(finish)
    targets = await store.reminders.officer_targets(NOVEMBER)
    assert sorted((t.person_id, t.project_id) for t in targets) == [(1, first), (2, first)]


async def test_acting_officers_are_reminded_and_listed_during_their_period(store: Storage) -> None:
    """An acting officer (รักษาการ) is reminded and named in the digest only on days they act."""
    _, second = await _world(store)
    await store.db.write(lambda conn: UserStore.register(conn, 4, "Acting", Role.OFFICER, None, []))
    zone = ZoneInfo("Asia/Bangkok")
    await store.people.name_acting(None, "P-2", 4, date(2026, 11, 18), date(2026, 11, 22), zone)

    def reminded(on: date) -> set[tuple[int, int]]:
        return {(t.person_id, t.project_id) for t in targets[on]}

    targets = {
        on: await store.reminders.officer_targets(NOVEMBER, on)
        for on in (date(2026, 11, 17), date(2026, 11, 20), date(2026, 11, 23))
    }
    assert (4, second) not in reminded(date(2026, 11, 17))
    assert (4, second) in reminded(date(2026, 11, 20))
    assert (4, second) not in reminded(date(2026, 11, 23))
    assert reminded(date(2026, 11, 20)) - {(4, second)} == reminded(date(2026, 11, 17))

    def officers(projects: list[DigestProject]) -> set[int]:
        project = next(p for p in projects if p.project_id == second)
        return {officer.person_id for officer in project.officers}

    assert officers(await store.reminders.digest_projects(on=date(2026, 11, 20))) == {2, 4}
    assert officers(await store.reminders.digest_projects(on=date(2026, 12, 1))) == {2}
    assert officers(await store.reminders.digest_projects()) == {2}
