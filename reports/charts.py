"""Charts drawn on the server as accessible inline SVG: no script, no inline style.

One kind of chart serves every figure on the dashboard: horizontal stacked bars, one bar
per row (a year, a group of people, an organisation), one coloured segment per series
(a status, a sex). Long labels fit on the left, numbers sit inside the segments they
count (when there is room) and at the end of each bar, and a legend names the colours.

Accessibility: the <svg> is role="img", named by its <title> and described by a <desc>
that says every number in words; the colours are drawn with SVG presentation attributes
(allowed by a strict Content-Security-Policy, unlike style="") and every one of them has
at least 4.5:1 contrast with white, so a segment stands out from the page and white text
reads on it. Colour never carries meaning alone: the legend, the labels and the table the
template puts next to each chart say the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Colours, each >= 4.5:1 against white (checked in tests/reports/test_charts.py).
NAVY = "#0b3d75"
BLUE = "#1f6fb2"
GREEN = "#1b7837"
PURPLE = "#6a3d9a"
ORANGE = "#a84c00"
RED = "#b02a37"
GREY = "#5c636a"
TEXT = "#212529"
MUTED = "#495057"
GRID = "#ced4da"
TRACK = "#f1f3f5"
WHITE = "#ffffff"

WIDTH = 560
FONT = 14  # labels and legend, in viewBox units
SMALL = 13  # numbers on and beside the bars
CHAR = 0.56  # a rough average glyph width, as a share of the font size
BAR = 28
GAP = 14
PAD = 8
LEGEND_ROW = 24
SWATCH = 14
END_LABEL = 64  # room right of the bars for a bar's total
AXIS = 26
MAX_LABEL_SHARE = 0.38


@dataclass(frozen=True)
class Series:
    """One kind of segment: its legend label and its colour."""

    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One row of the chart: its label and one value per series (None counts as 0)."""

    label: str
    values: Sequence[int | None]

    @property
    def total(self) -> int:
        return sum(value or 0 for value in self.values)


# --- colour arithmetic (WCAG 2 relative luminance) ------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill`."""
    return WHITE if contrast(fill, WHITE) >= contrast(fill, TEXT) else TEXT


# --- layout helpers ---------------------------------------------------------------------------


def text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def fit(text: str, width: float, size: int = FONT) -> str:
    """`text`, cut with an ellipsis to fit `width` (the table beside shows it whole)."""
    if text_width(text, size) <= width + 0.5:
        return text
    keep = max(int(width / (size * CHAR)) - 1, 1)
    return text[:keep].rstrip() + "…"


def nice_step(maximum: int) -> int:
    """A round tick step giving at most about five ticks up to `maximum`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if maximum / (step * factor) <= 5:
                return step * factor
        step *= 10


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, content, *, size=FONT, fill=TEXT, anchor="start", weight=None) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" dominant-baseline="central"{bold}>{escape(content)}</text>'
    )


def _legend(series: Sequence[Series], width: float) -> tuple[list[str], float]:
    """Swatches and labels, wrapped onto as many rows as they need; (markup, height)."""
    parts, x, y = [], 0.0, LEGEND_ROW / 2
    for entry in series:
        item = SWATCH + 6 + text_width(entry.label) + 18
        if x and x + item > width:
            x, y = 0.0, y + LEGEND_ROW
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y - SWATCH / 2)}" width="{SWATCH}" height="{SWATCH}" '
            f'rx="2" fill="{entry.colour}"/>'
        )
        parts.append(_text(x + SWATCH + 6, y, entry.label))
        x += item
    return parts, y + LEGEND_ROW / 2


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def describe(bars: Sequence[Bar], series: Sequence[Series], *, unit: str = "") -> str:
    """Every number of the chart in words, for the <desc>."""
    rows = []
    for bar in bars:
        parts = [
            f"{entry.label} {value}"
            for entry, value in zip(series, bar.values, strict=True)
            if value
        ]
        total = f"{bar.total} {unit}".strip()
        rows.append(f"{bar.label}: {total}" + (f" ({', '.join(parts)})" if parts else ""))
    return "; ".join(rows) + "." if rows else ""


# --- the chart --------------------------------------------------------------------------------


def _axis(*, percent: bool, scale_max: int, step: int, plot_x, plot_width, top, bottom):
    """Vertical grid lines with their values under the plot (drawn before the bars)."""
    ticks = range(0, 101, 25) if percent else range(0, scale_max + 1, step)
    parts = []
    for tick in ticks:
        x = plot_x + plot_width * tick / scale_max
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(top - 4)}" x2="{_n(x)}" y2="{_n(bottom + 4)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        label = f"{tick}%" if percent else str(tick)
        parts.append(
            _text(x, bottom + AXIS / 2 + 4, label, size=SMALL, fill=MUTED, anchor="middle")
        )
    return parts


def _bar(bar: Bar, series, *, y, label_width, plot_x, plot_width, scale_max, percent):
    middle = y + BAR / 2
    whole = bar.total
    parts = [
        _text(label_width, middle, fit(bar.label, label_width - PAD), anchor="end"),
        # A faint track shows the whole extent, so an empty bar does not read as a gap.
        f'<rect x="{_n(plot_x)}" y="{_n(y)}" width="{_n(plot_width)}" height="{BAR}" '
        f'fill="{TRACK}"/>',
    ]
    x = plot_x
    for entry, value in zip(series, bar.values, strict=True):
        if not value:
            continue
        width = plot_width * (value / whole if percent else value / scale_max)
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{BAR}" '
            f'fill="{entry.colour}" stroke="{WHITE}" stroke-width="1.5"/>'
        )
        shown = _percent(value, whole) if percent else str(value)
        if text_width(shown, SMALL) + 8 <= width:
            colour = text_colour_on(entry.colour)
            parts.append(
                _text(
                    x + width / 2,
                    middle,
                    shown,
                    size=SMALL,
                    fill=colour,
                    anchor="middle",
                    weight=600,
                )
            )
        x += width
    end = plot_x + plot_width if percent else x
    total = str(whole) if whole else _("none")
    parts.append(_text(end + 6, middle, total, size=SMALL, fill=MUTED))
    return parts


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    series: Sequence[Series],
    bars: Sequence[Bar],
    description: str = "",
    percent: bool = False,
    unit: str = "",
) -> SafeString:
    """Horizontal stacked bars as inline SVG.

    percent=False: one scale for all bars (0 .. a round number above the largest total)
    with a labelled axis; percent=True: every bar fills the width, its segments show
    shares of its own total, and the total is written after it.
    """
    bars = list(bars)
    description = description or describe(bars, series, unit=unit)
    longest = max((text_width(bar.label) for bar in bars), default=0)
    label_width = min(longest, WIDTH * MAX_LABEL_SHARE) + PAD
    plot_x = label_width + PAD
    plot_width = WIDTH - plot_x - END_LABEL

    legend, legend_height = _legend(series, WIDTH)
    top = legend_height + GAP
    bottom = top + len(bars) * (BAR + GAP) - GAP
    peak = max((bar.total for bar in bars), default=0)
    step = nice_step(peak) if peak else 1
    scale_max = 100 if percent else -(-max(peak, 1) // step) * step
    body = legend + _axis(
        percent=percent,
        scale_max=scale_max,
        step=step,
        plot_x=plot_x,
        plot_width=plot_width,
        top=top,
        bottom=bottom,
    )
    for index, bar in enumerate(bars):
        body += _bar(
            bar,
            series,
            y=top + index * (BAR + GAP),
            label_width=label_width,
            plot_x=plot_x,
            plot_width=plot_width,
            scale_max=scale_max,
            percent=percent,
        )
    height = bottom + AXIS + 6

    chart_id = escape(chart_id)
    # Every text above went through escape(); numbers and colours are ours.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )
