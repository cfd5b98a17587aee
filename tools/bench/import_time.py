"""How long ``import blocks`` takes in a fresh interpreter, and what it loads.

Each figure is taken over ``--repeat`` fresh subprocesses of the benchmarked
interpreter (``--python``, by default the one running the benchmarks) after
one warm-up run that compiles the bytecode caches. ``-X importtime`` then
names the modules that cost the most, cumulatively.
"""

from __future__ import annotations

import subprocess
import sys
import time

from common import (
    IMPORT_BASELINES,
    Row,
    check_run,
    clean_env,
    format_number,
    heading,
    median,
    table,
)

NAME = "import"
# Modules `import blocks` must leave alone: the server layer loads lazily (DESIGN.md, 2).
SERVER_MODULES = ("flask", "werkzeug", "gevent", "wsproto", "jinja2")


def wall_times(python: str, code: str, repeat: int) -> list[float]:
    """Seconds for ``python -c code``, ``repeat`` times, after one warm-up run."""
    env = clean_env()
    check_run([python, "-c", code], env=env)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], env=env, check=True)
        times.append(time.perf_counter() - start)
    return times


def import_profile(python: str, code: str, runs: int = 3) -> dict[str, tuple[int, int]]:
    """module -> (self us, cumulative us), the smallest over ``runs`` ``-X importtime`` runs."""
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        result = check_run([python, "-X", "importtime", "-c", code])
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "[us]" in line:
                continue
            try:
                self_us, cumulative_us, name = line[len("import time:"):].split("|", 2)
                entry = (int(self_us), int(cumulative_us))
            except ValueError:
                continue
            name = name.strip()
            if name not in best or entry[1] < best[name][1]:
                best[name] = entry
    return best


def is_importable(python: str, module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([python, "-c", code], env=clean_env(), capture_output=True,
                          check=False).returncode == 0


def measure(python: str, module: str, repeat: int) -> dict:
    baseline = wall_times(python, "pass", repeat)
    imported = wall_times(python, f"import {module}", repeat)
    listing = (f"import sys; before = set(sys.modules); import {module}; "
               "print('\\n'.join(sorted(set(sys.modules) - before)))")
    loaded = check_run([python, "-c", listing]).stdout.split()
    # Modules the interpreter loads at start (site, encodings, ...) are not the import's.
    at_start = import_profile(python, "pass", runs=1)
    profile = {name: entry for name, entry in import_profile(python, f"import {module}").items()
               if name not in at_start}
    return {"startup": baseline, "import": imported, "loaded": loaded,
            "profile": profile}


def report(module: str, figures: dict, top: int) -> list[Row]:
    startup_ms = median(figures["startup"]) * 1000
    import_ms = median(figures["import"]) * 1000
    min_ms = min(figures["import"]) * 1000
    net_ms = import_ms - startup_ms
    loaded = figures["loaded"]
    server = sorted({name.split(".")[0] for name in loaded} & set(SERVER_MODULES))

    heading(f"python -c 'import {module}', {len(figures['import'])} fresh interpreters")
    print(table(["measure", "median ms", "min ms"], [
        ["python -c pass (interpreter start)", f"{startup_ms:.1f}",
         f"{min(figures['startup']) * 1000:.1f}"],
        [f"python -c 'import {module}'", f"{import_ms:.1f}", f"{min_ms:.1f}"],
        [f"import {module} alone (difference of medians)", f"{net_ms:.1f}", ""],
    ], "lrr"))
    print(f"modules loaded by import {module}: {len(loaded)}; "
          f"server modules among them: {', '.join(server) or 'none'}")

    profile = sorted(figures["profile"].items(), key=lambda item: item[1][1], reverse=True)
    heading(f"python -X importtime -c 'import {module}': top {top} cumulative")
    print(table(["module", "cumulative ms", "self ms"],
                [[name, f"{cum / 1000:.1f}", f"{own / 1000:.1f}"]
                 for name, (own, cum) in profile[:top]], "lrr"))
    return [
        Row(NAME, f"import {module} (median wall, incl. start)", import_ms, "ms",
            f"min {min_ms:.1f} ms"),
        Row(NAME, f"import {module} minus interpreter start", net_ms, "ms",
            f"start {startup_ms:.1f} ms"),
        Row(NAME, f"modules loaded by import {module}", len(loaded), "modules",
            f"server modules: {', '.join(server) or 'none'}"),
    ]


def baseline_python(module: str, python: str) -> str | None:
    """Where ``module`` is measured: Gradio in the venv the benchmarks made for it."""
    if module == "gradio":
        import gradio_env
        env = gradio_env.ensure()
        return str(env.python) if env else None
    return python if is_importable(python, module) else None


def run(options) -> list[Row]:
    python = options.python or sys.executable
    print(f"interpreter: {python}")
    rows = report("blocks", measure(python, "blocks", options.repeat), options.top)
    net_blocks = rows[1].value
    for other in IMPORT_BASELINES:
        other_python = baseline_python(other, python)
        if other_python is None:
            print(f"\n({other} is not installed: no side-by-side figure)")
            continue
        print(f"\n{other}'s interpreter: {other_python}")
        other_rows = report(other, measure(other_python, other, options.repeat), options.top)
        ratio = other_rows[1].value / net_blocks if net_blocks > 0 else float("nan")
        rows += other_rows
        rows.append(Row(NAME, f"import {other} / import blocks", ratio, "x",
                        f"{format_number(other_rows[1].value)} ms vs "
                        f"{format_number(net_blocks)} ms"))
    return rows

