"""Charts as SVG, drawn with matplotlib's Figure API (never pyplot: no global state in a server).

Each chart is cached by its data and texts, so a figure is drawn once per distinct content
and never goes stale. Floats appear only here, for drawing; every chart has its data table and
download beside it on the page.
"""

from __future__ import annotations

import io
import textwrap
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from threading import Lock

import matplotlib
from babel.numbers import format_decimal, format_percent
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

PALETTE = ("#0b5cad", "#e08a00", "#1e7b34", "#b3261e", "#6b4fa0")
_CACHE: OrderedDict[tuple, str] = OrderedDict()
_LOCK = Lock()
CACHE_SIZE = 256

# Labels are data (place, measure and area names): "$...$" in one is text, not TeX mathtext,
# which would fail to parse or draw something else. Set once for the process: the server draws
# nothing else, and a per-call rc_context is not safe across threads.
matplotlib.rcParams["text.parse_math"] = False


def _cached(key: tuple, draw) -> str:
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    svg = draw()
    with _LOCK:
        _CACHE[key] = svg
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


def _svg(figure: Figure, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None})
    return buffer.getvalue()


# Drawn 5.2 inches wide with 12 pt text: shown 358 px wide on a 390 px phone, the smallest text
# is still 11 px or more; a desktop shows it at its own size.
SIZE = (5.2, 3.4)
TEXT = 12


@dataclass(frozen=True)
class Axis:
    """How the value axis reads in the reader's language: `unit` names what the numbers count
    (e.g. "millions of RSD"); numbers and percentages are formatted in `locale`."""

    locale: str = "en"
    unit: str = ""

    def millions(self) -> FuncFormatter:
        return FuncFormatter(
            lambda value, _p: format_decimal(value / 1_000_000, "#,##0.#", locale=self.locale)
        )

    def percents(self) -> FuncFormatter:
        return FuncFormatter(
            lambda value, _p: format_percent(value / 100, "#,##0.#%", locale=self.locale)
        )


def _figure(title: str, axis: Axis) -> tuple[Figure, object]:
    figure = Figure(figsize=SIZE, layout="constrained")
    axes = figure.subplots()
    # Wrapped here: matplotlib's own wrapping measures the text as mathtext ("$" in a name).
    axes.set_title(textwrap.fill(title, 42), fontsize=TEXT + 1, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=TEXT)
    if axis.unit:
        axes.set_ylabel(axis.unit, fontsize=TEXT)
    return figure, axes


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal]]],
    axis: Axis = Axis(),
) -> str:
    """Bars per category for each series (e.g. adopted, in force, executed per area)."""
    key = ("bars", title, tuple(categories), tuple((n, tuple(v)) for n, v in series), axis)

    def draw():
        figure, axes = _figure(title, axis)
        width = 0.8 / max(len(series), 1)
        for index, (name, values) in enumerate(series):
            positions = [i + index * width for i in range(len(categories))]
            axes.bar(
                positions,
                [float(v) for v in values],
                width,
                label=name,
                color=PALETTE[index % len(PALETTE)],
            )
        axes.set_xticks(
            [i + width * (len(series) - 1) / 2 for i in range(len(categories))],
            categories,
            rotation=20,
            ha="right",
            fontsize=TEXT,
        )
        axes.yaxis.set_major_formatter(axis.millions())
        axes.legend(fontsize=TEXT, frameon=False)
        return _svg(figure, title)

    return _cached(key, draw)


def waterfall(
    title: str,
    start: tuple[str, Decimal],
    steps: Sequence[tuple[str, Decimal]],
    end_label: str,
    axis: Axis = Axis(),
) -> str:
    """Start amount, each step's change (green up, red down), end amount."""
    key = ("waterfall", title, start, tuple(steps), end_label, axis)

    def draw():
        figure, axes = _figure(title, axis)
        labels = [start[0]]
        bottoms, heights, colours = [0.0], [float(start[1])], [PALETTE[0]]
        level = float(start[1])
        for label, change in steps:
            change = float(change)
            labels.append(label)
            bottoms.append(level if change >= 0 else level + change)
            heights.append(abs(change))
            colours.append(PALETTE[2] if change >= 0 else PALETTE[3])
            level += change
        labels.append(end_label)
        bottoms.append(0.0)
        heights.append(level)
        colours.append(PALETTE[0])
        axes.bar(range(len(labels)), heights, bottom=bottoms, color=colours)
        axes.set_xticks(range(len(labels)), labels, fontsize=TEXT)
        axes.yaxis.set_major_formatter(axis.millions())
        return _svg(figure, title)

    return _cached(key, draw)


def lines(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    percent: bool = False,
    axis: Axis = Axis(),
) -> str:
    """A line per series over the x labels (dates or years); None leaves a gap."""
    key = ("lines", title, tuple(x_labels), tuple((n, tuple(v)) for n, v in series), percent, axis)

    def draw():
        figure, axes = _figure(title, axis)
        for index, (name, values) in enumerate(series):
            points = [
                float(v) * (100 if percent else 1) if v is not None else float("nan")
                for v in values
            ]
            axes.plot(
                range(len(x_labels)),
                points,
                marker="o",
                label=name,
                color=PALETTE[index % len(PALETTE)],
            )
        axes.set_xticks(range(len(x_labels)), x_labels, fontsize=TEXT)
        axes.yaxis.set_major_formatter(axis.percents() if percent else axis.millions())
        axes.set_ylim(bottom=0)
        axes.legend(fontsize=TEXT, frameon=False)
        return _svg(figure, title)

    return _cached(key, draw)


def indicator_path(
    title: str,
    baseline: tuple[int, Decimal],
    target: tuple[int, Decimal],
    series: Sequence[tuple[str, Sequence[tuple[int, Decimal]]]],
    labels: tuple[str, str],
    axis: Axis = Axis(),
) -> str:
    """An indicator over the years: the expected straight path from baseline to target (dotted),
    the measured values of each series (the total first, then by sex), the target marked."""
    key = (
        "indicator",
        title,
        baseline,
        target,
        tuple((n, tuple(v)) for n, v in series),
        labels,
        axis,
    )

    def draw():
        figure, axes = _figure(title, axis)
        axes.plot(
            [baseline[0], target[0]],
            [float(baseline[1]), float(target[1])],
            linestyle=":",
            color="#666666",
            label=labels[0],
        )
        axes.plot(
            [target[0]],
            [float(target[1])],
            marker="*",
            markersize=14,
            color="#1e7b34",
            linestyle="none",
            label=labels[1],
        )
        for index, (name, points) in enumerate(series):
            if not points:
                continue
            axes.plot(
                [year for year, _v in points],
                [float(v) for _y, v in points],
                marker="o",
                linestyle="-" if index == 0 else "--",
                linewidth=2.5 if index == 0 else 1.5,
                color=PALETTE[index % len(PALETTE)],
                label=name,
            )
        years = list(range(baseline[0], target[0] + 1))
        step = max(1, len(years) // 6)
        axes.set_xticks(years[::step], [str(y) for y in years[::step]], fontsize=TEXT)
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda value, _p: format_decimal(value, "#,##0.#", locale=axis.locale))
        )
        axes.legend(fontsize=TEXT - 2, frameon=False)
        return _svg(figure, title)

    return _cached(key, draw)
