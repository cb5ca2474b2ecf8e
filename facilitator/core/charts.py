"""The annual report's charts, drawn by matplotlib: SVG for the HTML report, PNG for Word.

matplotlib is imported here only when a chart is drawn (never at import: ``facilitator run``
must not pay for it), without pyplot: a Figure made directly needs no display and keeps no
global state (PNG is drawn by Agg). The SVG is reproducible: a fixed
hash salt for its ids, no date in its metadata, text kept as text (so it can be read, found
and scaled). Nothing depends on colour alone: every series has its own hatching or marker
and is labelled, and the table beside each chart is its text alternative.

A chart is described by :class:`Chart` (plain data, built by ``core.report``); user text in
it (organisations, meeting titles) is drawn literally — mathtext is off, so "$5" is "$5".
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from facilitator.core.controls import xml_text

LABELLED = 16  # bars or columns up to which each segment is labelled with its value
BARS = "bars"  # horizontal stacked bars, one per category (e.g. organisations)
COLUMNS = "columns"  # vertical stacked columns, one per category (e.g. meetings)
GRID = "grid"  # a mark in each cell of categories (rows) × columns (e.g. item × review)

# Greys from dark to light, each with its own hatching: readable in black and white.
SHADES = ["#1b4f72", "#5dade2", "#f5b041", "#ec7063", "#a9cce3", "#7d3c98", "#cccccc"]
HATCHES = ["", "//", "xx", "\\\\", "--", "++", "||"]
MARKS = {  # a grid's values: marker, fill, words — each its own shape, not only its colour
    "yes": ("o", "#1e8449", "yes"),
    "unsure": ("^", "#f5b041", "not sure"),
    "no": ("X", "#c0392b", "no"),
    "present": ("o", "#1b4f72", "present"),
    "apologies": ("^", "#5dade2", "apologies"),
    "absent": ("X", "#f5b041", "absent"),
}


@dataclass
class Chart:
    """What a chart shows, in words and numbers (the table beside it says the same)."""

    key: str  # its id in the document: "attendance", "participation", "health", "actions"
    kind: str  # BARS | COLUMNS | GRID
    title: str
    summary: str  # one sentence: what it shows (the SVG's title and aria-label, Word's alt)
    categories: list[str]  # bars, columns, or the grid's rows
    series: list[tuple[str, list[float]]] = field(default_factory=list)  # name, one value each
    value_label: str = ""  # the value axis
    columns: list[str] = field(default_factory=list)  # GRID: its columns
    cells: list[list[str]] = field(default_factory=list)  # GRID: a MARKS key (or "") per cell
    percent: bool = False  # values are shares, 0..1


STYLE: Any = {  # (matplotlib types its keys as literals)
    "svg.fonttype": "none",  # text as text
    "text.parse_math": False,  # "$5 grant" is text, never mathtext
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "hatch.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextlib.contextmanager
def _drawn(chart: Chart) -> Iterator[Any]:
    """The chart's matplotlib Figure, drawn in this report's style (rc_context: nothing
    global changes). A Figure made directly, never through pyplot: no GUI backend, no
    figure kept open; PNG is drawn by Agg, SVG by matplotlib's SVG backend."""
    import matplotlib

    # the same ids every time, and no two charts of a page with the same id
    with (
        matplotlib.rc_context({**STYLE, "svg.hashsalt": f"facilitator-{chart.key}"}),
        warnings.catch_warnings(),
    ):
        # a letter the font lacks (Chinese, an emoji) is drawn as a box, not warned about on
        # the command line: the table beside the chart has the text as typed
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        yield _figure(_drawable(chart))


def _drawable(chart: Chart) -> Chart:
    """The chart's text as it can be drawn: control characters shown (ESC as ␛, as every
    output shows them), never put raw into an SVG or a picture."""
    return dataclasses.replace(
        chart,
        title=xml_text(chart.title),
        categories=[xml_text(c) for c in chart.categories],
        series=[(xml_text(name), values) for name, values in chart.series],
        columns=[xml_text(c) for c in chart.columns],
    )


def _short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _figure(chart: Chart) -> Any:
    from matplotlib.figure import Figure

    if chart.kind == GRID:
        height = 1.4 + 0.3 * max(len(chart.categories), 1)
        width = 5.0 + 0.6 * max(len(chart.columns), 1)
    elif chart.kind == BARS:
        height = 1.4 + 0.38 * max(len(chart.categories), 1)
        width = 7.5
    else:
        height, width = 4.2, max(6.5, 1.0 + 0.75 * len(chart.categories))
    fig = Figure(figsize=(min(width, 11.0), min(height, 12.0)))
    ax = fig.subplots()
    if chart.kind == GRID:
        _grid(ax, chart)
    else:
        _stacked(ax, chart)
    fig.suptitle(chart.title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    fig.tight_layout()
    return fig


def _stacked(ax: Any, chart: Chart) -> None:
    positions = list(range(len(chart.categories)))
    bottoms = [0.0] * len(positions)
    horizontal = chart.kind == BARS
    for n, (name, values) in enumerate(chart.series):
        style = {
            "color": SHADES[n % len(SHADES)],
            "hatch": HATCHES[n % len(HATCHES)],
            "edgecolor": "#222222",
            "linewidth": 0.6,
            "label": name,
        }
        if horizontal:
            bars = ax.barh(positions, values, left=bottoms, height=0.6, **style)
        else:
            bars = ax.bar(positions, values, bottom=bottoms, width=0.6, **style)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        if len(positions) > LABELLED:
            continue  # too many to read (and slow to lay out): the table has the figures
        labels = [_value(v, chart.percent) if v else "" for v in values]
        ax.bar_label(  # black on a white patch: readable on any shade and hatching
            bars,
            labels=labels,
            label_type="center",
            fontsize=7.5,
            color="#000000",
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 1.0, "alpha": 0.9},
        )
    names = [_short(c) for c in chart.categories]
    if horizontal:
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        ax.set_xlabel(chart.value_label)
    else:  # many columns: every few named, so the names can be read
        step = -(-len(names) // LABELLED)
        shown = [name if k % step == 0 else "" for k, name in enumerate(names)]
        ax.set_xticks(positions, shown, rotation=30 if len(names) > 4 else 0, ha="right")
        ax.set_ylabel(chart.value_label)
    axis = ax.xaxis if horizontal else ax.yaxis
    if chart.percent:
        axis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    else:  # counts: whole numbers only
        from matplotlib.ticker import MaxNLocator

        axis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)


def _value(value: float, percent: bool) -> str:
    return f"{value:.0%}" if percent else f"{value:g}"


def _grid(ax: Any, chart: Chart) -> None:
    used = {cell for cells in chart.cells for cell in cells}
    for key, (marker, colour, words) in MARKS.items():
        if key not in used:
            continue
        xs, ys = [], []
        for row, cells in enumerate(chart.cells):
            for col, cell in enumerate(cells):
                if cell == key:
                    xs.append(col)
                    ys.append(row)
        size = (
            90 if len(chart.columns) <= LABELLED else max(20, 90 * LABELLED // len(chart.columns))
        )
        ax.scatter(
            xs,
            ys,
            marker=marker,
            s=size,
            c=colour,
            edgecolors="#222222",
            linewidths=0.6,
            label=words,
        )
    step = -(-len(chart.columns) // LABELLED)  # many columns: every few named
    shown = [name if k % step == 0 else "" for k, name in enumerate(chart.columns)]
    ax.set_xticks(
        range(len(chart.columns)), shown, rotation=30 if len(shown) > 4 else 0, ha="right"
    )
    ax.set_yticks(range(len(chart.categories)), [_short(c, 48) for c in chart.categories])
    ax.set_xlim(-0.6, len(chart.columns) - 0.4)
    ax.set_ylim(len(chart.categories) - 0.5, -0.5)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)


_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.S)
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _own_ids(text: str, prefix: str) -> str:
    """Every id in the SVG, and every reference to one, prefixed: matplotlib numbers its
    groups per figure (figure_1, patch_1…), so two charts inline in one page would share ids."""
    return _IDS.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)


_OPEN = re.compile(r"<svg\b[^>]*>")


def svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML prolog), with ``role="img"``, an
    ``aria-labelledby`` and a ``<title>`` that say what it shows."""
    out = io.StringIO()
    with _drawn(chart) as fig:
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = _own_ids(_HEAD.sub("", out.getvalue(), count=1), f"{chart.key}-")
    title_id = f"chart-{chart.key}-title"
    said = html.escape(xml_text(f"{chart.title}. {chart.summary}"), quote=True)

    def opening(match: re.Match[str]) -> str:
        tag = match.group(0)[:-1].rstrip("/")
        return (
            f'{tag} role="img" aria-labelledby="{title_id}"><title id="{title_id}">{said}</title>'
        )

    return _OPEN.sub(opening, text, count=1).strip()


def png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as a PNG image (for Word)."""
    out = io.BytesIO()
    with _drawn(chart) as fig:
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()
