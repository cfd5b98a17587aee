"""What ``pip install blocks-core`` adds to a fresh virtual environment.

A fresh venv is measured (its site-packages: pip and friends), then
``pip install ./core`` (a real wheel install, not editable, with bytecode
compiled as pip does by default) and measured again. The difference is what
blocks-core and its dependencies cost a user; the biggest distributions are
listed from their RECORD files.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import (
    INSTALL_BASELINES,
    MB,
    ROOT,
    Row,
    check_run,
    distribution_sizes,
    format_number,
    heading,
    make_venv,
    site_packages,
    table,
    tree_size,
)

NAME = "size"

def measure_install(label: str, requirements: list[str], workdir: Path) -> dict:
    """Install ``requirements`` into a fresh venv under ``workdir``; sizes before and after."""
    python = make_venv(workdir / label)
    site = site_packages(python)
    bare_size = tree_size(site)
    bare_dists = distribution_sizes(python)
    print(f"pip install {' '.join(requirements)}  (fresh venv, bare site-packages "
          f"{bare_size / MB:.1f} MB)", flush=True)
    check_run([python, "-m", "pip", "install", "--disable-pip-version-check", *requirements])
    added = {name: value for name, value in distribution_sizes(python).items()
             if name not in bare_dists}
    return {"added": tree_size(site) - bare_size, "dists": added}


def report(label: str, figures: dict, top: int) -> list[Row]:
    dists = sorted(figures["dists"].items(), key=lambda item: item[1][1], reverse=True)
    heading(f"{label}: the {min(top, len(dists))} biggest of {len(dists)} installed "
            "distributions")
    print(table(["distribution", "version", "MB"],
                [[name, version, f"{size / MB:.2f}"] for name, (version, size) in dists[:top]],
                "llr"))
    print(f"total added to site-packages: {figures['added'] / MB:.1f} MB")
    biggest = ", ".join(f"{name} {size / MB:.1f}" for name, (_v, size) in dists[:3])
    rows = [
        Row(NAME, f"{label}: site-packages added", figures["added"] / MB, "MB",
            f"{len(dists)} distributions"),
        Row(NAME, f"{label}: largest distribution", dists[0][1][1] / MB if dists else 0, "MB",
            f"top 3 (MB): {biggest}"),
    ]
    if label in figures["dists"]:
        version, own = figures["dists"][label]
        rows.append(Row(NAME, f"{label} itself", own / MB, "MB", f"version {version}"))
    return rows


def gradio_figures() -> dict | None:
    """What ``pip install gradio`` added to the fresh venv the benchmarks made for it."""
    import gradio_env
    env = gradio_env.ensure()
    if env is None:
        print("(Gradio is not installed: no side-by-side size)")
        return None
    site = env.site_packages
    dists = {name: value for name, value in distribution_sizes(env.python).items()
             if name not in env.bare_dists}
    print(f"gradio: the fresh venv of {gradio_env.VENV.relative_to(ROOT)} "
          f"(bare site-packages {env.bare_size / MB:.1f} MB, then pip install "
          f"{gradio_env.REQUIREMENT!r})")
    return {"added": tree_size(site) - env.bare_size, "dists": dists}


def run(options) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="blocks-bench-size-") as tmp:
        workdir = Path(tmp)
        figures = measure_install("blocks-core", [str(ROOT / "core")], workdir)
        rows = report("blocks-core", figures, options.top)
        others = {label: measure_install(label, requirements, workdir)
                  for label, requirements in INSTALL_BASELINES.items()}
        gradio = gradio_figures()
        if gradio is not None:
            others["gradio"] = gradio
        for label, other in others.items():
            rows += report(label, other, options.top)
            ratio = other["added"] / figures["added"] if figures["added"] else float("nan")
            rows.append(Row(NAME, f"{label} / blocks-core", ratio, "x",
                            f"{format_number(other['added'] / MB)} MB vs "
                            f"{format_number(figures['added'] / MB)} MB"))
    return rows


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run it through tools/bench/run.py size")
