"""The SVG chart builder: accessible, CSP-safe markup, readable colours, honest scales."""

import re

import pytest

from reports import charts

SERIES = [charts.Series("Women", charts.ORANGE), charts.Series("Men", charts.NAVY)]


@pytest.mark.parametrize(
    "colour",
    [charts.NAVY, charts.BLUE, charts.GREEN, charts.PURPLE, charts.ORANGE, charts.RED, charts.GREY],
)
def test_every_series_colour_stands_out_and_carries_text(colour):
    assert charts.contrast(colour, charts.WHITE) >= 4.5  # against the page, and white text
    assert charts.contrast(colour, charts.text_colour_on(colour)) >= 4.5


def test_axis_and_label_colours_are_readable():
    assert charts.contrast(charts.TEXT, charts.WHITE) >= 4.5
    assert charts.contrast(charts.MUTED, charts.WHITE) >= 4.5


def test_chart_is_an_image_named_and_described_without_inline_style():
    svg = charts.stacked_bars(
        chart_id="chart-test",
        title="People <by> sex",
        series=SERIES,
        bars=[charts.Bar("Members & friends", (3, 1)), charts.Bar("Nobody", (0, 0))],
        unit="people",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="chart-test-title chart-test-desc"' in svg
    assert '<title id="chart-test-title">People &lt;by&gt; sex</title>' in svg
    assert (
        '<desc id="chart-test-desc">Members &amp; friends: 4 people (Women 3, Men 1); '
        "Nobody: 0 people.</desc>"
    ) in svg
    assert "style=" not in svg
    assert ">Members &amp; friends</text>" in svg
    assert ">none</text>" in svg  # an empty bar says so rather than showing nothing
    # Each segment is drawn in its series' colour, with its count on it.
    assert f'fill="{charts.ORANGE}"' in svg and f'fill="{charts.NAVY}"' in svg
    assert re.search(
        r'fill="#ffffff" text-anchor="middle" dominant-baseline="central" '
        r'font-weight="600">3</text>',
        svg,
    )


def test_percent_chart_shows_shares_of_each_bar():
    svg = charts.stacked_bars(
        chart_id="c",
        title="Shares",
        series=SERIES,
        bars=[charts.Bar("Group", (1, 3))],
        percent=True,
    )
    assert ">25%</text>" in svg and ">75%</text>" in svg
    assert ">100%</text>" in svg  # the axis
    assert ">4</text>" in svg  # the bar's total after it


def test_long_labels_are_cut_with_an_ellipsis():
    assert charts.fit("International Organization for Migration", 100).endswith("…")
    assert charts.fit("IOM", 100) == "IOM"


@pytest.mark.parametrize(
    ("maximum", "step"), [(1, 1), (4, 1), (6, 2), (10, 2), (12, 5), (35, 10), (260, 100)]
)
def test_axis_steps_are_round(maximum, step):
    assert charts.nice_step(maximum) == step
