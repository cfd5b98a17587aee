"""The project's performance targets beside what this run measured (printed, not asserted).

Targets (2-core machine, Blocks and Gradio measured side by side in one run):
at 64 sessions at least 15 times Gradio's events per second and at most a tenth of its
p99 latency; ``import`` at least 10 times faster; an install at least 10 times smaller;
10,000 idle sessions in less than 1 GB; the greet page usable in a quarter of Gradio's time
(one core), in at most 6 requests and 60 KB.
"""

from __future__ import annotations

from common import format_number, heading, table

# (label, blocks measure, gradio measure, how a ratio is made, target ratio, unit)
RATIOS = [
    ("events/s, 64 sessions", "blocks events/s, 64 sessions", "gradio events/s, 64 sessions",
     "blocks/gradio", 15, "events/s"),
    ("p99 latency, 64 sessions", "blocks p99 latency, 64 sessions",
     "gradio p99 latency, 64 sessions", "gradio/blocks", 10, "ms"),
    ("import time", "import blocks minus interpreter start",
     "import gradio minus interpreter start", "gradio/blocks", 10, "ms"),
    ("installed size", "blocks-core: site-packages added", "gradio: site-packages added",
     "gradio/blocks", 10, "MB"),
    ("greet page: first usable control", "blocks greet page: first usable control",
     "gradio greet page: first usable control", "gradio/blocks", 4, "ms"),
]
# (label, blocks measure, limit, unit): figures that must stay at or under a budget
BUDGETS = [
    ("greet page: requests", "blocks greet page: requests", 6, "requests"),
    ("greet page: bytes sent", "blocks greet page: sent", 60, "KiB"),
]
SESSIONS_MEASURE = "blocks server RSS with 10,000 idle sessions"
MEMORY_LIMIT_MB = 1000


def report(rows) -> None:
    by_measure = {row.measure: row for row in rows}
    lines = []
    for label, ours, theirs, direction, target, unit in RATIOS:
        mine, other = by_measure.get(ours), by_measure.get(theirs)
        if mine is None:
            continue
        ratio = None
        if other is not None and mine.value and other.value:
            ratio = mine.value / other.value if direction == "blocks/gradio" \
                else other.value / mine.value
        lines.append([label, f"{format_number(mine.value)} {unit}",
                      f"{format_number(other.value)} {unit}" if other else "-",
                      f"{ratio:.1f}x" if ratio else "-", f">= {target}x",
                      "-" if ratio is None else ("met" if ratio >= target else "missed")])
    for label, measure, limit, unit in BUDGETS:
        row = by_measure.get(measure)
        if row is not None:
            lines.append([label, f"{format_number(row.value)} {unit}", "-", "-",
                          f"<= {limit} {unit}", "met" if row.value <= limit else "missed"])
    sessions = by_measure.get(SESSIONS_MEASURE)
    if sessions is not None:
        total = sessions.value
        lines.append(["10,000 idle sessions (server RSS)", f"{format_number(total)} MB", "-",
                      "-", f"< {MEMORY_LIMIT_MB} MB",
                      "met" if total < MEMORY_LIMIT_MB else "missed"])
    if lines:
        heading("targets")
        print(table(["target", "Blocks", "Gradio", "ratio", "target", ""], lines, "lrrrrl"))
