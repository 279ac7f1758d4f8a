"""Labels and fixed lines of the BMA project-monitor pages, shared by parsers and renderer.

The Thai strings are the web system's own wording; keeping them in one place means the
parser and the renderer cannot drift apart.
"""

from __future__ import annotations

# Project page: boilerplate lines the web page shows around the data.
PAGE_TITLE = "ความคืบหน้าโครงการ/กิจกรรม"
BACK_HOME = "Back Home"
CHART_PLACEHOLDER = "FusionCharts will render here"
YEAR_PLAN_LINK = "ดูโครงการแผนปีฯ : พิมพ์ข้อมูล"
PLAN_TEST_LINK = "(ทดสอบ) แสดงขั้นตอนการดำเนินงานโครงการ"
PLAN_CLICK_LINK = "(คลิก) ขั้นตอนการปฏิบัติงานของโครงการ"

# Project page: header labels.
OVERALL_PERCENT = "ความคืบหน้าโครงการ ร้อยละ"
ASSESSMENT = "*** สยป. ประเมินโครงการ"
PHONE = "โทร"

# Project page: section headings, in page order.
RATIONALE = "หลักการและเหตุผล"
OBJECTIVES = "วัตถุประสงค์ของโครงการ"
TARGETS = "เป้าหมายของโครงการ"
STRATEGY = "สนับสนุนยุทธศาสตร์กรุงเทพมหานครฯ"
PROGRESS = "ผลการดำเนินงาน"
PLAN = "แผนการดำเนินงานฯ"
KPI_SECTION = "สนับสนุนตัวชี้วัดตามแผนฯ"
FOOTER = "** ผลการประเมินโครงการ (รายไตรมาส) **"
HEADINGS = (RATIONALE, OBJECTIVES, TARGETS, STRATEGY, PROGRESS, PLAN, KPI_SECTION, FOOTER)

# Progress entries (ผลการดำเนินงาน).
ENTRY_TITLE = "ความคืบหน้าโครงการฯ ร้อยละ"
PROBLEMS = "** ปัญหาของโครงการ"
OBSTACLES = "** อุปสรรคของโครงการ"
ENTRY_SEPARATOR = "------------------&&&--------------------"
NONE_TEXT = "ไม่มี"
NO_TARGETS = "-"
# What officers type when there is nothing to report; all of them mean "none".
NONE_MARKERS = frozenset({"ไม่มี", "-", ""})

# Plan steps (แผนการดำเนินงานฯ).
STEP = "ขั้นตอน"
STEP_START = "เริ่มต้น"
STEP_END = "สิ้นสุด"

# KPI blocks, shared by the project page and the KPI detail page.
KPI_CODE = "รายละเอียดเกี่ยวกับตัวชี้วัด"
KPI_NAME = "ตัวชี้วัด"
KPI_TARGET = "ค่าเป้าหมาย"
KPI_ACHIEVED = "ผลงานที่ทำได้"
KPI_TYPE = "ประเภทตัวชี้วัด"
KPI_LEVEL = "ตัวชี้วัดระดับ"
QUARTER = "ไตรมาสที่"
# Column headings of the quarterly table; "{unit}" is the KPI's unit (ร้อยละ, ระดับ).
KPI_TABLE_HEAD = (
    QUARTER,
    "(1 - 4)",
    "*ผลงาน*",
    "({unit})",
    "*ผลประเมินตัวชี้วัด*",
    "(* 2.1 / 2.2 *)",
)

# KPI detail page (รายละเอียดตัวชี้วัด), as the real system shows it (tests/samples/bma-kpi-pages).
KPI_PAGE_TITLE = "รายละเอียดตัวชี้วัด"
KPI_PRINT_LINK = "รายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล"
KPI_ASSESSMENT = "*** สยป. ตรวจประเมินตัวชี้วัด"
QUARTER_VERSUS_TARGET = "ผลงานเทียบกับเป้าหมายรายไตรมาส"
QUARTER_REPORT = "รายงานผลฯ ไตรมาสที่"
KPI_SUMMARY = "** สรุปผลการดำเนินงาน **"
DEFINITION_LONG = "นิยาม หรือความหมายของตัวชี้วัด"
CALCULATION_LONG = "วิธีการคำนวณ หรือ เกณฑ์การประเมิน"
SOURCES_LONG = "วิธีการการเก็บข้อมูล/แหล่งข้อมูล"
SUPPORTING_ACTIVITIES = "โครงการ/กิจกรรมที่สนับสนุนตัวชี้วัด"

# How a responsible line naming a unit (not a person) begins.
DIVISION_PREFIXES = ("ฝ่าย", "กลุ่มงาน", "กอง", "ส่วน", "สำนัก", "งาน")
