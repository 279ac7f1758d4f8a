"""Text of the charts: Sarabun, locale labels, Thai line wrapping and PNG output."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import LoadFlags
from matplotlib.text import Text
from PIL import Image
from pythainlp.tokenize.tcc import segment as tcc_segment

from core.charts.words import word_tokens

FAMILY = "Sarabun"
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
ELLIPSIS = "…"
# zlib level 1 is much faster than matplotlib's 6 and, for flat charts, nearly as small.
PNG_COMPRESS_LEVEL = 1
# Combining marks (Thai upper/lower vowels and tone marks) take no horizontal room.
_ZERO_WIDTH_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

Measure = Callable[[str], float]


def font_paths() -> tuple[Path, ...]:
    """Return the Sarabun Regular and Bold files shipped inside the fontpkg_sarabun package."""
    folder = resources.files("fontpkg_sarabun").joinpath("files")
    paths = tuple(Path(str(folder.joinpath(name))) for name in FONT_FILES)
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"Sarabun font files missing from fontpkg_sarabun: {missing}")
    return paths


@cache
def register_fonts() -> str:
    """Register Sarabun Regular and Bold with matplotlib once per process; return the family."""
    for path in font_paths():
        font_manager.fontManager.addfont(str(path))
    return FAMILY


def font(size: float, bold: bool = False) -> FontProperties:
    """Return Sarabun at ``size`` points."""
    return FontProperties(family=FAMILY, size=size, weight="bold" if bold else "normal")


def put_text(
    target: Figure | Axes,
    x: float,
    y: float,
    text: str,
    size: float,
    bold: bool = False,
    **style: Any,
) -> Text:
    """Place Sarabun text; a ``$`` in a project name stays literal (no mathtext)."""
    return target.text(x, y, text, fontproperties=font(size, bold), parse_math=False, **style)


def png_bytes(fig: Figure) -> bytes:
    """Return the figure as an RGB PNG whose bytes depend only on what is drawn."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    # Drawn once, read in place: savefig would copy the pixels and redo its set-up.
    canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib leaves it untyped
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    height, width = pixels.shape[0], pixels.shape[1]
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    # The background is opaque, so RGB loses nothing and encodes faster and smaller.
    # PIL writes no time or software chunk, so equal pictures give equal bytes.
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


@cache
def font_file(bold: bool = False) -> str:
    """Return the Sarabun file matplotlib picks for regular or bold text."""
    register_fonts()
    weight = "bold" if bold else "normal"
    prop = FontProperties(family=FAMILY, weight=weight)
    return font_manager.findfont(prop, fallback_to_default=False)


@lru_cache(maxsize=16384)  # bounded: a worker lives as long as the bot
def _token_width(token: str, size: float, bold: bool, dpi: float) -> float:
    face = font_manager.get_font(font_file(bold))
    face.set_size(size, dpi)
    # The same libraqm shaping as the Agg renderer, so wrapped lines fit what is drawn.
    face.set_text(token, 0.0, flags=LoadFlags.NO_HINTING)
    return face.get_width_height()[0] / 64


def text_measure(size: float, dpi: float, bold: bool = False) -> Measure:
    """Return a function giving the drawn width in pixels of a piece of Sarabun text."""

    def measure(text: str) -> float:
        return _token_width(text, size, bold, dpi)

    return measure


def display_width(text: str) -> float:
    """Return how many character cells ``text`` fills, ignoring combining marks."""
    return sum(1 for ch in text if unicodedata.category(ch) not in _ZERO_WIDTH_CATEGORIES)


def collapse_spaces(text: str) -> str:
    """Return ``text`` on one line with runs of white space reduced to one space."""
    return " ".join(text.split())


def _fit_tokens(tokens: list[str], max_width: float, measure: Measure) -> list[str]:
    """Break tokens wider than a whole line into Thai character clusters (never mid-cluster)."""
    fitted: list[str] = []
    for token in tokens:
        if token.isspace() or measure(token) <= max_width:
            fitted.append(token)
        else:
            fitted.extend(tcc_segment(token))
    return fitted


def wrap_words(
    text: str, max_width: float, max_lines: int, measure: Measure = display_width
) -> tuple[str, ...]:
    """Wrap ``text`` at word boundaries into at most ``max_lines`` lines, ellipsis beyond.

    Widths come from ``measure`` (character cells unless given a font measure). Without
    truncation the lines join back to exactly ``text``: white space at a break stays at
    the end of the earlier line so that no character is lost.
    """
    if max_width <= 0 or max_lines < 1:
        raise ValueError("max_width and max_lines must be positive")
    lines: list[list[str]] = [[]]
    width = 0.0
    for token in _fit_tokens(word_tokens(text), max_width, measure):
        token_width = measure(token)
        current = lines[-1]
        if token.isspace() or not current or width + token_width <= max_width:
            current.append(token)
            width += token_width
        else:
            lines.append([token])
            width = token_width
    if len(lines) <= max_lines:
        return tuple("".join(line) for line in lines if line)
    kept = lines[:max_lines]
    last = kept[-1]
    room = max_width - measure(ELLIPSIS)
    while len(last) > 1 and measure("".join(last).rstrip()) > room:
        last.pop()
    kept[-1] = ["".join(last).rstrip() + ELLIPSIS]
    return tuple("".join(line) for line in kept)
