"""Render parsed pages back into the BMA system's plain-text page layout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.bma import labels
from core.bma.model import Kpi, ProgressEntry, ProjectPage
from core.bma.text import BE_OFFSET
from core.domain import PlanStep, ProgressReport

_CENT = Decimal("0.01")


def _num(value: Decimal) -> str:
    # "f" keeps the digits as parsed ("100.0000") and never switches to exponent form.
    """Write a number with the digits it was parsed with."""
    return format(value, "f")


def _pct2(value: Decimal) -> str:
    """Write a percent with two decimals."""
    return format(value.quantize(_CENT), "f")


def _labelled(label: str, unit: str, value: str) -> str:
    """Write a ``label unit : value`` line."""
    head = f"{label} {unit}" if unit else label
    return f"{head} : {value}".rstrip()


def _paragraphs(*blocks: str) -> str:
    # The system puts a blank line between items; lines inside a block stay together.
    """Join items with the blank line the system puts between them."""
    return "\n\n".join(blocks)


def _plan_date(day: date, times: bool) -> str:
    """Write a plan date with or without the system's midnight time."""
    return f"{day.isoformat()} 00:00:00" if times else day.isoformat()


def render_progress_entry(entry: ProgressEntry) -> str:
    """Render one progress entry exactly as the web system lays it out."""
    percent = _pct2(entry.percent)
    title = f"({entry.number}) {labels.ENTRY_TITLE} {percent} ({entry.reported_on.isoformat()})"
    return _paragraphs(
        title,
        percent,
        entry.description,
        f"{labels.PROBLEMS} :{entry.problems_text}",
        f"{labels.OBSTACLES} :{entry.obstacles_text}",
    )


def entry_from_report(report: ProgressReport, number: int = 1) -> ProgressEntry:
    """Build the page entry for a bot report, dated with a BE date as officers write it."""
    day = report.reported_on
    stamp = f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"
    return ProgressEntry(
        number=number,
        percent=report.percent.quantize(_CENT),
        reported_on=day,
        description=f"{stamp} : {report.work_done}",
        problems_text=report.problems or labels.NONE_TEXT,
        obstacles_text=report.obstacles or labels.NONE_TEXT,
    )


def _render_step(step: PlanStep, times: bool) -> str:
    """Render one plan step block."""
    return "\n".join(
        (
            f"{labels.STEP} {step.order}",
            f":{step.description}",
            f":{_num(step.weight)}%",
            f"{labels.STEP_START} :{_plan_date(step.start, times)}",
            f"{labels.STEP_END} :{_plan_date(step.end, times)}",
        )
    )


def _render_kpi(kpi: Kpi) -> str:
    """Render one KPI block with its quarterly table."""
    target = "" if kpi.target is None else _num(kpi.target)
    achieved = "" if kpi.achieved is None else _num(kpi.achieved)
    kind = [f"{labels.KPI_TYPE} : {kpi.kpi_type}"] if kpi.kpi_type is not None else []
    level = [kpi.level] if kpi.level is not None else []
    head = [h.format(unit=kpi.unit) for h in labels.KPI_TABLE_HEAD]
    rows = [
        f"{q.quarter}\n{'' if q.result is None else _num(q.result)}\n\n"
        f"{_num(q.evaluation[0])} / {_num(q.evaluation[1])}"
        for q in kpi.quarters
    ]
    return _paragraphs(
        f"{labels.KPI_CODE} : {kpi.code}",
        f"{labels.KPI_NAME} : {kpi.name}",
        _labelled(labels.KPI_TARGET, kpi.unit, target),
        _labelled(labels.KPI_ACHIEVED, kpi.unit, achieved),
        "\n".join(kind + level),
        "\n".join(head + rows),
    )


def render_project_page(page: ProjectPage) -> str:
    """Render a project page in the official layout (blank line between items)."""
    percent = _num(page.percent)
    contact = [page.responsible] if page.responsible is not None else []
    contact.append(labels.YEAR_PLAN_LINK)
    if page.assessment is not None:
        contact.append(f"{labels.ASSESSMENT} : {page.assessment}")
    rationale = [page.rationale] + ([page.budget_code] if page.budget_code else [])
    separator = f"\n\n{labels.ENTRY_SEPARATOR}\n\n"
    entries = "".join(render_progress_entry(e) + separator for e in page.entries)
    steps = "\n".join(_render_step(s, page.plan_times) for s in page.plan_steps)
    parts = [
        labels.PAGE_TITLE,
        f"{labels.BACK_HOME}\n{labels.CHART_PLACEHOLDER}",
        f"{page.name} : {page.code}",
        # A page read without its agency line is given back without it.
        *([f"{page.agency} : ({page.fiscal_year})"] if page.agency is not None else []),
        percent,
        f"{labels.OVERALL_PERCENT} {percent}",
        *contact,
        labels.RATIONALE,
        *rationale,
        labels.OBJECTIVES,
        page.objectives,
        labels.TARGETS,
        page.targets_text,
        labels.STRATEGY,
        "\n".join(page.strategy),
        labels.PROGRESS,
        entries + labels.PLAN,
        *([steps] if steps else []),
        f"{labels.PLAN_TEST_LINK} : {page.code}",
        f"{labels.PLAN_CLICK_LINK} : {page.code}",
        labels.KPI_SECTION,
        *(_render_kpi(k) for k in page.kpis),
        labels.FOOTER,
    ]
    return _paragraphs(*parts)
