"""One vocabulary of statuses: the card, the charts, the overview and the digest agree."""

from __future__ import annotations

import pytest

from core.charts import chart_labels
from core.domain import StatusKind
from core.i18n import t

# The card's words for each status, with its numbers filled in.
CARD_WORDS = {
    StatusKind.ON_PLAN: lambda lang: t("status.kind.on_plan", lang),
    StatusKind.BEHIND: lambda lang: t("status.kind.behind", lang, gap="5.00"),
    StatusKind.STALLED: lambda lang: t("status.kind.stalled", lang, months=2),
    StatusKind.NOT_REPORTED: lambda lang: t("status.kind.not_reported", lang),
    StatusKind.FINISHED: lambda lang: t("status.kind.finished", lang),
}


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", list(StatusKind))
def test_chart_legend_uses_the_cards_words(kind: StatusKind, language: str) -> None:
    """Each status the chart legends name starts the card's wording of the same status."""
    assert CARD_WORDS[kind](language).startswith(chart_labels(language).status(kind))


@pytest.mark.parametrize("language", ["th", "en"])
def test_overview_and_digest_use_the_same_words(language: str) -> None:
    """The overview summary and the digest name statuses with the charts' words."""
    labels = chart_labels(language)
    summary = t(
        "overview.summary",
        language,
        agency="A",
        date="d",
        reported=1,
        total=2,
        behind=3,
        stalled=4,
        finished=5,
    )
    for kind in (StatusKind.BEHIND, StatusKind.STALLED, StatusKind.FINISHED):
        assert labels.status(kind).casefold() in summary.casefold()
    assert labels.status(StatusKind.BEHIND) in t("reminders.digest_behind_title", language)
    assert labels.status(StatusKind.NOT_REPORTED) in t("reminders.digest_missing_title", language)
    assert (
        labels.status(StatusKind.STALLED).casefold()
        in t("reminders.digest_stalled_mark", language).casefold()
    )
