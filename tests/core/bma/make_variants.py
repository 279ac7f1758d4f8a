"""Write the corpus of real-shaped variants in tests/core/bma/data/variants.

Every variant is made from a real sample page, the way people damage pages when they copy,
paste, save and send them. Run ``python -m tests.core.bma.make_variants`` after changing a
sample; tests/core/bma/test_variants.py checks the files are what this script writes.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.core.bma import DATA_DIR, KPI_SAMPLES_DIR, read_sample

VARIANTS_DIR = DATA_DIR / "variants"
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ZWSP = "\u200b"
URL = "https://pms.bangkok.go.th/pms/project/progress.aspx?code=50450000-3247"


def _kpi() -> str:
    """Return the real KPI detail page."""
    return (KPI_SAMPLES_DIR / "kpi-2100-1040.txt").read_text(encoding="utf-8")


def _browser_frame() -> str:
    """A page printed from the browser: address and print header above, page number below."""
    page = read_sample("50450000-3247")
    header = "30/11/69 14:05 ความคืบหน้าโครงการ/กิจกรรม\n" + URL + "\n\n"
    rows = page.split("\n")
    middle = len(rows) // 2
    rows.insert(middle, f"{URL} 1/2\n30/11/69 14:05 ความคืบหน้าโครงการ/กิจกรรม")
    return header + "\n".join(rows) + f"\n{URL} 2/2\n"


def _no_blank_lines() -> str:
    """A page pasted into an editor that dropped every empty line."""
    return "\n".join(row for row in read_sample("50080000-2982").split("\n") if row.strip())


def _zero_width() -> str:
    """Zero-width spaces inside entry labels, as some Thai keyboards and documents add."""
    page = read_sample("01000000-2462")
    page = page.replace("ความคืบหน้าโครงการฯ", f"ความคืบหน้า{ZWSP}โครงการฯ")
    return page.replace("** ปัญหาของโครงการ", f"** ปัญหา{ZWSP}ของโครงการ")


def _kpi_heading_without_code() -> str:
    """The KPI section lost its code line: the KPI cannot be read, the rest can."""
    return read_sample("50450000-3247").replace("รายละเอียดเกี่ยวกับตัวชี้วัด : 5045-861\n", "")


def _empty_kpi_section() -> str:
    """A KPI section with its heading and the footer and nothing between them."""
    page = read_sample("50080000-2982")
    start = page.index("รายละเอียดเกี่ยวกับตัวชี้วัด")
    end = page.index("** ผลการประเมินโครงการ")
    return page[:start] + page[end:]


def _bad_entry() -> str:
    """One entry's percent was typed wrong: that entry is skipped, the others import."""
    return read_sample("50450000-3247").replace(
        "ร้อยละ 92.00 (2021-08-31)", "ร้อยละ 9x.00 (2021-08-31)"
    )


def _two_pages() -> str:
    """A project page and the real KPI page pasted one after the other into one file."""
    return read_sample("50450000-3247") + "\n" + _kpi()


def _three_pages_crlf() -> str:
    """The three project pages in one file, saved by a Windows editor (CRLF)."""
    text = "\n\n".join(
        read_sample(code) for code in ("01000000-2462", "50080000-2982", "50450000-3247")
    )
    return text.replace("\n", "\r\n")


def _kpi_with_frame() -> str:
    """The real KPI page printed from the browser, with Thai digits typed everywhere."""
    return "30/11/69 14:05 รายละเอียดตัวชี้วัด\n" + _kpi().translate(TO_THAI) + f"\n{URL} 1/1\n"


def _project_naming_the_kpi() -> str:
    """A project page whose KPI block names the real KPI page's code (2100-1040)."""
    return read_sample("50080000-2982").replace("5008-0791", "2100-1040")


def _kpi_target_unreadable() -> str:
    """The real KPI page with its target typed in words: the rest of the KPI still imports."""
    return _kpi().replace("ค่าเป้าหมาย ร้อยละ : 75.0000", "ค่าเป้าหมาย ร้อยละ : เจ็ดสิบห้า")


def _no_agency_line() -> str:
    """A project page that lost its 'AGENCY : (YEAR)' line under the name and code."""
    return read_sample("50450000-3247").replace("สำนักงานเขตวังทองหลาง : (2564)\n", "", 1)


def _not_a_page() -> str:
    """A chat message sent as a file: no project or KPI name and code."""
    return "สวัสดีครับ\nส่งรายงานเดือนนี้ครับ\n"


# name -> (how the text is made, how the file is encoded)
VARIANTS: dict[str, tuple[Callable[[], str], str]] = {
    "browser-frame.txt": (_browser_frame, "utf-8"),
    "no-blank-lines.txt": (_no_blank_lines, "utf-8"),
    "zero-width.txt": (_zero_width, "utf-8"),
    "thai-digits.txt": (lambda: read_sample("50450000-3247").translate(TO_THAI), "utf-8"),
    "bom-crlf.txt": (lambda: read_sample("50080000-2982").replace("\n", "\r\n"), "utf-8-sig"),
    "utf16.txt": (lambda: read_sample("50450000-3247"), "utf-16"),
    "windows-874.txt": (lambda: read_sample("50080000-2982"), "cp874"),
    "kpi-heading-without-code.txt": (_kpi_heading_without_code, "utf-8"),
    "empty-kpi-section.txt": (_empty_kpi_section, "utf-8"),
    "bad-entry.txt": (_bad_entry, "utf-8"),
    "two-pages.txt": (_two_pages, "utf-8"),
    "three-pages-crlf.txt": (_three_pages_crlf, "utf-8"),
    "kpi-browser-frame-thai-digits.txt": (_kpi_with_frame, "utf-8"),
    "project-naming-kpi-2100-1040.txt": (_project_naming_the_kpi, "utf-8"),
    "kpi-target-unreadable.txt": (_kpi_target_unreadable, "utf-8"),
    "no-agency-line.txt": (_no_agency_line, "utf-8"),
    "not-a-page.txt": (_not_a_page, "utf-8"),
}


def variant_bytes(name: str) -> bytes:
    """Return the bytes of a variant as this script makes them."""
    make, encoding = VARIANTS[name]
    return make().encode(encoding)


def main() -> None:
    """Write every variant file."""
    VARIANTS_DIR.mkdir(exist_ok=True)
    for name in VARIANTS:
        (VARIANTS_DIR / name).write_bytes(variant_bytes(name))


if __name__ == "__main__":
    main()
