"""What makes a chart readable at phone width: label sizes and no overlapping text."""

from __future__ import annotations

from itertools import combinations

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

# Telegram shows a photo about 320 px wide in a phone's chat bubble (CSS pixels).
PHONE_WIDTH_PX = 320
# The smallest label height, in those pixels, that reads without opening the picture.
MIN_LABEL_PX = 9.5


def drawn_texts(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Draw the figure and return every visible, non-empty text with its box in pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [
        text
        for text in fig.findobj(Text)
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip()
    ]
    return [(text, text.get_window_extent(renderer)) for text in texts]


def phone_size_px(text: Text, fig: Figure) -> float:
    """Return a text's font size in pixels once the figure is scaled to phone width."""
    scale = PHONE_WIDTH_PX / (fig.get_figwidth() * fig.dpi)
    return float(text.get_fontsize()) * fig.dpi / 72 * scale


def readability_problems(fig: Figure) -> list[str]:
    """Return what would be unreadable at phone width: small, overlapping or cut-off labels."""
    problems: list[str] = []
    texts = drawn_texts(fig)
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    for text, box in texts:
        size = phone_size_px(text, fig)
        if size < MIN_LABEL_PX:
            problems.append(f"{text.get_text()!r} is {size:.1f} px at phone width")
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            problems.append(f"{text.get_text()!r} is cut off at the edge")
    for (first, a), (second, b) in combinations(texts, 2):
        if a.overlaps(b) and a.intersection(a, b) is not None:
            overlap = Bbox.intersection(a, b)
            if overlap is not None and overlap.width > 1 and overlap.height > 1:
                problems.append(f"{first.get_text()!r} overlaps {second.get_text()!r}")
    return problems
