"""Admins import BMA pages by sending the .txt file, with a preview and a confirm button."""

from __future__ import annotations

from dataclasses import replace

from core.bma import entry_from_report, parse_project_page, render_project_page
from core.domain import Role
from core.i18n import t
from fakeapi import FakeUser
from storage.pending_imports import PendingImports
from tests.core.bma import KPI_SAMPLES_DIR, read_sample
from tests.core.bma.make_variants import VARIANTS_DIR
from tests.harness import ADMIN_ID, Harness

CODE = "50450000-3247"


def _page_bytes(code: str = CODE) -> bytes:
    """Return a sample page as the bytes of a .txt file."""
    return read_sample(code).encode("utf-8")


async def _send(
    harness: Harness, user: FakeUser, data: bytes, name: str = "page.txt", mime: str = "text/plain"
) -> str:
    """Send a file as a document and return the bot's answer."""
    await harness.deliver(user.send_document(name, data, mime))
    return harness.last(user).content or ""


async def _report_count(harness: Harness) -> int:
    """Return how many reports are stored."""
    project = await harness.store.projects.by_code(CODE)
    if project is None or project.id is None:
        return 0
    return len(await harness.store.reports.history(project.id))


async def test_admin_previews_then_confirms_an_import(harness: Harness) -> None:
    """The admin sees what the page holds, confirms, and the entries are stored."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    preview = await _send(harness, admin, _page_bytes())
    assert "ผลการดำเนินงาน 12 รายการ (ใหม่ 12 รายการ มีอยู่แล้ว 0 รายการ)" in preview
    assert "ขั้นตอนการดำเนินงาน 6 ขั้นตอน" in preview and CODE in preview
    assert await _report_count(harness) == 0
    done = await harness.tap(admin, t("importing.button_confirm"))
    assert "เพิ่มผลการดำเนินงาน 12 รายการ" in (done.content or "")
    assert await _report_count(harness) == 12
    assert await PendingImports(harness.store.db).count() == 0
    again = await _send(harness, admin, _page_bytes())
    assert "(ใหม่ 0 รายการ มีอยู่แล้ว 12 รายการ)" in again
    unchanged = await harness.tap(admin, t("importing.button_confirm"))
    assert "ไม่มีการเปลี่ยนแปลง" in (unchanged.content or "")
    assert await _report_count(harness) == 12
    assert harness.fake.refusals == []


async def test_utf16_file_with_bom_is_read(harness: Harness) -> None:
    """A page saved as UTF-16 ("Unicode" in Windows editors) is understood."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    preview = await _send(harness, admin, read_sample(CODE).encode("utf-16"))
    assert "ใหม่ 12 รายการ" in preview
    assert harness.fake.refusals == []


async def test_cancel_and_stale_buttons(harness: Harness) -> None:
    """Cancel stores nothing; the same preview's confirm afterwards is refused clearly."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    await _send(harness, admin, _page_bytes())
    preview = harness.last(admin)
    confirm_data = preview.button(t("importing.button_confirm"))["callback_data"]
    cancelled = await harness.tap(admin, t("importing.button_cancel"))
    assert cancelled.content == t("importing.cancelled")
    await harness.deliver(admin.press_data(preview.message_id, confirm_data))
    await harness.deliver(admin.press_data(preview.message_id, "mi:y:0123456789ab"))
    answers = [a.text for a in harness.fake.callback_answers]
    assert answers[-2:] == [t("importing.stale"), t("importing.stale")]
    assert await _report_count(harness) == 0
    assert harness.fake.refusals == []


async def test_malformed_page_names_part_and_line(harness: Harness) -> None:
    """A page without its code line gets a Thai message naming the header and line 6."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    broken = read_sample(CODE).replace(f" : {CODE}\n", "\n", 1).encode("utf-8")
    answer = await _send(harness, admin, broken)
    assert "อ่านไม่ได้ ไม่ได้นำเข้า" in answer
    assert "ส่วนหัว" in answer and "บรรทัดที่ 6" in answer
    assert t("importing.button_confirm") not in str(harness.last(admin).reply_markup)
    text = read_sample(CODE)
    cut = await _send(harness, admin, text[: len(text) // 2].encode("utf-8"))
    assert "ข้ามส่วน «ผลการดำเนินงาน รายการ ที่ 7»" in cut
    assert await _report_count(harness) == 0
    assert harness.fake.refusals == []


async def test_other_files_are_refused_politely(harness: Harness) -> None:
    """A non-text file and a binary .txt get a clear answer and no preview."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    assert await _send(harness, admin, b"%PDF-1.4", "scan.pdf", "application/pdf") == t(
        "importing.not_text"
    )
    assert await _send(harness, admin, b"\x00\x01\x02", "x.txt") == t("importing.undecodable")
    assert harness.fake.refusals == []


async def test_kpi_detail_page_imports_before_its_project(harness: Harness) -> None:
    """A KPI detail page imports on its own and is linked once its project arrives."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    detail = (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_bytes()
    assert t("importing.outcome_no_project") in await _send(harness, admin, detail)
    done = await harness.tap(admin, t("importing.button_confirm"))
    assert "บันทึกรายละเอียดตัวชี้วัด 2100-1040 แล้ว" in (done.content or "")
    await _send(harness, admin, (VARIANTS_DIR / "project-naming-kpi-2100-1040.txt").read_bytes())
    await harness.tap(admin, t("importing.button_confirm"))
    preview = await _send(harness, admin, detail)
    assert "2100-1040" in preview and "50080000-2982" in preview
    again = await harness.tap(admin, t("importing.button_confirm"))
    assert "มีอยู่แล้ว ไม่มีการเปลี่ยนแปลง (โครงการที่ใช้: 50080000-2982)" in (again.content or "")
    assert harness.fake.refusals == []


async def test_non_admin_document_is_not_imported(harness: Harness) -> None:
    """An officer sending a page file gets a polite answer and nothing is stored."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer, Role.OFFICER)
    answer = await _send(harness, officer, _page_bytes())
    assert answer == t("importing.not_allowed")
    assert await _report_count(harness) == 0
    assert harness.fake.refusals == []


async def test_photo_step_of_the_report_still_works(harness: Harness) -> None:
    """Inside the report conversation a photo is taken and a document is not imported."""
    await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer, Role.OFFICER)
    await harness.say(officer, "/report")
    await harness.say(officer, "45")
    await harness.say(officer, "ประชุมคณะทำงาน")
    await harness.tap(officer, t("report.button_none"))
    await harness.say(officer, "ไม่มี")
    await harness.deliver(officer.send_photo())
    assert "ได้รับรูปแล้ว 1 รูป" in (harness.last(officer).content or "")
    texts_before = len(harness.texts(officer))
    await harness.deliver(officer.send_document("page.txt", _page_bytes(), "text/plain"))
    new_texts = harness.texts(officer)[texts_before:]
    assert t("report.unexpected_input") in new_texts
    assert t("importing.not_allowed") not in new_texts
    assert harness.fake.refusals == []


async def test_entry_typed_in_the_bot_is_not_imported_twice(harness: Harness) -> None:
    """A page holding an entry the officer filed through the bot counts it as stored."""
    project_id = await harness.add_project()
    officer = harness.fake.user(2001, "สมศรี")
    await harness.register(officer, Role.OFFICER)
    await harness.file_report(officer)
    [typed] = await harness.store.reports.history(project_id)
    page = parse_project_page(read_sample(CODE))
    pasted = entry_from_report(typed, 1)
    later = tuple(replace(e, number=e.number + 1) for e in page.entries)
    stored_year = (await harness.store.projects.by_code(CODE)).fiscal_year  # type: ignore[union-attr]
    text = render_project_page(replace(page, fiscal_year=stored_year, entries=(pasted, *later)))
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    preview = await _send(harness, admin, text.encode("utf-8"))
    assert "ผลการดำเนินงาน 13 รายการ (ใหม่ 12 รายการ มีอยู่แล้ว 1 รายการ)" in preview
    assert "ต่างจากที่มีอยู่ จะคงของเดิมไว้" in preview
    await harness.tap(admin, t("importing.button_confirm"))
    assert await _report_count(harness) == 13
    stored = await harness.store.projects.by_code(CODE)
    assert stored is not None and len(stored.plan_steps) == 2
    assert harness.fake.refusals == []


async def test_file_with_two_pages_imports_both_and_says_so(harness: Harness) -> None:
    """A project page and a KPI page in one file: previewed and imported page by page."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    data = (VARIANTS_DIR / "two-pages.txt").read_bytes()
    preview = await _send(harness, admin, data)
    assert "(2 หน้า)" in preview and "หน้าที่ 2 (บรรทัดที่ 261)" in preview
    done = (await harness.tap(admin, t("importing.button_confirm"))).content or ""
    assert "หน้าที่ 1 (บรรทัดที่ 1): นำเข้าโครงการ 50450000-3247 แล้ว" in done
    assert "หน้าที่ 2 (บรรทัดที่ 261): บันทึกรายละเอียดตัวชี้วัด 2100-1040 แล้ว" in done
    assert await _report_count(harness) == 12
    assert harness.fake.refusals == []


async def test_page_without_agency_line_says_so_then_takes_the_stored_header(
    harness: Harness,
) -> None:
    """In Thai: a new project's page without its agency line is not imported; once stored, it is."""
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    missing = (VARIANTS_DIR / "no-agency-line.txt").read_bytes()
    missing_line = t("importing.outcome_agency_missing", code=CODE)
    assert missing_line in await _send(harness, admin, missing)
    refused = (await harness.tap(admin, t("importing.button_confirm"))).content or ""
    assert refused == f"หน้าที่ 1 (บรรทัดที่ 1): {missing_line}"
    assert await harness.store.projects.by_code(CODE) is None
    await _send(harness, admin, _page_bytes())
    await harness.tap(admin, t("importing.button_confirm"))
    kept = "ใช้หน่วยงาน สำนักงานเขตวังทองหลาง ปีงบประมาณ 2564 ของโครงการที่มีอยู่ในระบบ"
    assert kept in await _send(harness, admin, missing)
    done = (await harness.tap(admin, t("importing.button_confirm"))).content or ""
    assert f"โครงการ {CODE} มีข้อมูลครบแล้ว" in done and kept in done
    assert harness.fake.refusals == []


async def test_page_of_another_year_is_replaced_only_by_the_button(harness: Harness) -> None:
    """A page of FY 2564 onto the stored FY 2570 project changes nothing until ♻️ is pressed."""
    await harness.add_project()
    admin = harness.fake.user(ADMIN_ID, "ผู้ดูแล")
    preview = await _send(harness, admin, _page_bytes())
    assert "ในระบบเป็นปีงบประมาณ 2570 แต่หน้านี้เป็นปีงบประมาณ 2564" in preview
    kept = (await harness.tap(admin, t("importing.button_confirm"))).content or ""
    assert "ไม่ได้นำเข้า" in kept and await _report_count(harness) == 0
    await _send(harness, admin, _page_bytes())
    replaced = (await harness.tap(admin, t("importing.button_replace"))).content or ""
    assert "แทนที่โครงการ 50450000-3247 ปีงบประมาณ 2570" in replaced
    assert await _report_count(harness) == 12
    assert harness.fake.refusals == []
