"""Charts drawn on the server as SVG: no script, nothing to vendor, readable in a PDF or a screenshot."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = [
    "#2456a6", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5a97", "#e07a5f", "#3d405b",
    "#81b29a", "#f2cc8f", "#5f0f40", "#0f4c5c", "#9a031e", "#fb8b24", "#6d597a", "#b56576",
]


@dataclass
class Series:
    key: str
    label: str
    colour: str


def colours(keys: list[str]) -> dict[str, str]:
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def stacked_columns(counts: list[tuple[int, str, int]], labels: dict[str, str], width: int = 760,
                    height: int = 280) -> tuple[SafeString, list[Series]]:
    """Columns per year, stacked by series (incident type): (svg, legend)."""
    if not counts:
        return mark_safe(""), []
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for year, key, n in counts:
        by_year[year][key] = by_year[year].get(key, 0) + n
        totals[key] += n
    years = list(range(min(by_year), max(by_year) + 1))
    keys = sorted(totals, key=lambda k: -totals[k])
    colour = colours(keys)
    top = max(sum(v.values()) for v in by_year.values()) or 1
    left, bottom, pad = 40, 24, 8
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / len(years)
    bar = min(56.0, max(2.0, step * 0.7))
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for tick in _ticks(top):
        y = pad + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{left}" x2="{width - pad}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ec"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, len(years) // 12)
    for i, year in enumerate(years):
        x = left + i * step + (step - bar) / 2
        y = pad + plot_h
        for key in keys:
            n = by_year.get(year, {}).get(key, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour[key]}">'
                f"<title>{year} {escape(labels.get(key, key))}: {n}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    legend = [Series(k, labels.get(k, k), colour[k]) for k in keys]
    return mark_safe("".join(parts)), legend


def horizontal_bars(counts: list[tuple[str, int]], labels: dict[str, str], width: int = 760) -> SafeString:
    """One bar per category, longest first, with its count at the end."""
    if not counts:
        return mark_safe("")
    row, label_w, pad = 26, 230, 40
    height = row * len(counts) + 8
    top = max(n for _k, n in counts) or 1
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for i, (key, n) in enumerate(counts):
        y = 4 + i * row
        w = (width - label_w - pad) * n / top
        text = escape(labels.get(key, key))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{text}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="3" fill="{PALETTE[0]}">'
            f"<title>{text}: {n}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _ticks(top: int) -> list[int]:
    step = 1
    for candidate in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        step = candidate
        if top / candidate <= 5:
            break
    return list(range(0, top + 1, step))


