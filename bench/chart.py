"""A log-log line chart of throughput (MB/s) against input size (bytes), as a standalone SVG."""
import math
from html import escape

W, H = 720, 430
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 40, 60
COLOURS = ["#1b6ac9", "#d9480f", "#2b8a3e", "#7048e8", "#c2255c"]


def _decades(lo, hi):
    # a hair of slack, so that 10,000,853 bytes stays on the 10 MB decade
    return list(range(math.floor(math.log10(lo) + 0.01), math.ceil(math.log10(hi) - 0.01) + 1))


def _size_label(e):
    return {3: "1 KB", 4: "10 KB", 5: "100 KB", 6: "1 MB", 7: "10 MB", 8: "100 MB"}.get(e, f"1e{e} B")


def _rate_label(e):
    v = 10.0 ** e
    return f"{v:g}" if v >= 1 else f"{v:.{-e}f}"


def svg(series, subtitle=""):
    """series: {label: [(bytes, MB/s), ...]}; labels in the order given, each with its own colour."""
    pts = [p for s in series.values() for p in s]
    if not pts:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    xs = _decades(min(p[0] for p in pts), max(p[0] for p in pts))
    ys = _decades(min(p[1] for p in pts), max(p[1] for p in pts))
    if len(xs) < 2:
        xs.append(xs[0] + 1)
    if len(ys) < 2:
        ys.append(ys[0] + 1)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(v):
        return LEFT + (math.log10(v) - xs[0]) / (xs[-1] - xs[0]) * pw

    def y(v):
        return TOP + ph - (math.log10(v) - ys[0]) / (ys[-1] - ys[0]) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">Throughput against input size</text>',
           f'<text x="{LEFT + pw}" y="22" text-anchor="end" fill="#555">{escape(subtitle)}</text>']
    for e in xs:
        out.append(f'<line x1="{x(10 ** e):.1f}" y1="{TOP}" x2="{x(10 ** e):.1f}" y2="{TOP + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x(10 ** e):.1f}" y="{TOP + ph + 18}" text-anchor="middle">{_size_label(e)}</text>')
    for e in ys:
        out.append(f'<line x1="{LEFT}" y1="{y(10 ** e):.1f}" x2="{LEFT + pw}" y2="{y(10 ** e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y(10 ** e) + 4:.1f}" text-anchor="end">{_rate_label(e)}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">input size (log scale)</text>')
    out.append(f'<text transform="translate(20 {TOP + ph / 2}) rotate(-90)" text-anchor="middle">'
               'MB/s (log scale; flat = linear time)</text>')
    for k, (label, s) in enumerate(series.items()):
        c = COLOURS[k % len(COLOURS)]
        s = sorted(s)
        if len(s) > 1:
            path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in s)
            out.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for a, b in s:
            out.append(f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3.5" fill="{c}"><title>{escape(label)}: '
                       f'{a:,} bytes, {b:.3g} MB/s</title></circle>')
        ly = TOP + 10 + 22 * k
        out.append(f'<line x1="{LEFT + pw + 15}" y1="{ly}" x2="{LEFT + pw + 35}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{LEFT + pw + 40}" y="{ly + 4}">{escape(_short(label))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _short(label):
    return label if len(label) <= 30 else label[:29] + "…"
