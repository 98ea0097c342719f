"""The chart of incidents per year by type, drawn as SVG (and PNG for Word).

Drawn by hand because a stacked bar chart is a few rectangles, and a plotting
library would be the largest dependency of the project for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from xml.sax.saxutils import escape

from civicspace.report.model import Chart
from civicspace.report.scope import label

# Okabe-Ito, readable by colour-blind readers and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
MAX_SERIES = len(PALETTE) - 1
WIDTH, HEIGHT = 680, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 190, 16, 34
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step
    return 10000


def series_of(pairs: Iterable[tuple[int, str]]) -> tuple[list[int], list[str], Counter]:
    """Years in order, types by frequency (the rarest folded into "Other"), and counts."""
    counts: Counter = Counter(pairs)
    totals: Counter = Counter()
    for (_, kind), n in counts.items():
        totals[kind] += n
    ranked = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    if len(ranked) > MAX_SERIES + 1:
        keep = set(ranked[:MAX_SERIES])
        folded: Counter = Counter()
        for (year, kind), n in counts.items():
            folded[(year, kind if kind in keep else "other")] += n
        counts, ranked = folded, [*ranked[:MAX_SERIES], "other"]
    years = sorted({y for y, _ in counts})
    years = list(range(years[0], years[-1] + 1)) if years else []
    return years, ranked, counts


def svg_chart(pairs: Iterable[tuple[int, str]]) -> str:
    years, kinds, counts = series_of(pairs)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max((sum(counts[(y, k)] for k in kinds) for y in years), default=1)
    step = nice_step(top)
    top = max(step, -(-top // step) * step)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="{FONT}" font-size="11" role="img" aria-label="Incidents per year by type">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - plot_h * tick / top
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#d9dde3" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#4a5361">{tick}</text>')
    slot = plot_w / max(len(years), 1)
    bar = min(slot * 0.7, 48)
    label_every = max(1, round(len(years) / 12 + 0.49))
    for i, year in enumerate(years):
        x = LEFT + slot * i + (slot - bar) / 2
        base: float = TOP + plot_h
        for j, kind in enumerate(kinds):
            n = counts[(year, kind)]
            if not n:
                continue
            h = plot_h * n / top
            base -= h
            out.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{PALETTE[j]}">'
                       f'<title>{year}: {escape(type_label(kind))} {n}</title></rect>')
        if i % label_every == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#4a5361">{year}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#4a5361"/>')
    for j, kind in enumerate(kinds):
        y = TOP + 6 + j * 20
        out.append(f'<rect x="{WIDTH - RIGHT + 16}" y="{y}" width="12" height="12" fill="{PALETTE[j]}"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 34}" y="{y + 10}" fill="#1f2933">{escape(type_label(kind))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def type_label(kind: str) -> str:
    return "Other" if kind == "other" else label("incident_types", kind)


def png_of(svg: str) -> bytes:
    """The SVG as a PNG at print resolution, for formats that cannot hold SVG (Word)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=WIDTH * 3, output_height=HEIGHT * 3)


def incidents_chart(pairs: list[tuple[int, str]], title: str) -> Chart | None:
    """The chart block, or None when no shown incident has a year."""
    if not pairs:
        return None
    return Chart(title=title, svg=svg_chart(pairs))
