"""What the benchmarks share: result rows, tables, throwaway venvs, sizes.

A benchmark is a module with ``run(options) -> list[Row]``, listed in
``BENCHES`` of ``run.py``. It prints its details as it goes; ``run.py``
prints every returned row in the final table. Benchmarks report figures and
ratios; they never pass or fail on time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Side-by-side comparisons.
# - import: a module listed here is measured beside `blocks`; gradio in the venv that
#   gradio_env.py makes for it, any other when it is importable in the benchmarked interpreter.
# - size: each entry is installed into its own fresh venv and measured like blocks-core,
#   e.g. {"other": ["other-framework"]}. Gradio is always added (from gradio_env.py's venv).
IMPORT_BASELINES: list[str] = ["gradio"]
INSTALL_BASELINES: dict[str, list[str]] = {}


@dataclass
class Row:
    """One figure of the final table."""

    bench: str
    measure: str
    value: float
    unit: str
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def format_number(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain-text table; ``align`` is one letter per column, ``l`` or ``r``."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    align = align or "l" * len(headers)

    def line(row):
        return "  ".join(cell.rjust(w) if a == "r" else cell.ljust(w)
                         for cell, w, a in zip(row, widths, align)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def heading(text: str) -> None:
    print(f"\n== {text} ==", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def clean_env(**overrides: str) -> dict[str, str]:
    """The environment without settings that would change what Python imports."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")
           and not key.startswith("BLOCKS_")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(overrides)
    return env


def check_run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd`` capturing output; exit with its output if it fails."""
    kwargs.setdefault("env", clean_env())
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False,
                            **kwargs)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}\n"
                 f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def make_venv(path: Path, python: str = sys.executable) -> Path:
    """A fresh venv (with pip, as ``python -m venv`` makes it); returns its python."""
    check_run([python, "-m", "venv", path])
    return venv_python(path)


def site_packages(python: Path) -> Path:
    result = check_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    return Path(result.stdout.strip())


def tree_size(path: Path) -> int:
    """Bytes of every file under ``path`` (symlinks counted as links)."""
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


MB = 1_000_000


_DIST_SIZES = """\
import importlib.metadata as metadata, json, os
sizes = {}
for dist in metadata.distributions():
    total = 0
    for file in dist.files or []:
        try:
            total += os.lstat(dist.locate_file(file)).st_size
        except OSError:
            pass
    sizes[dist.metadata["Name"]] = [dist.version, total]
print(json.dumps(sizes))
"""


def distribution_sizes(python: Path) -> dict[str, tuple[str, int]]:
    """Each installed distribution of ``python``: name -> (version, bytes)."""
    return {name: tuple(value)
            for name, value in json.loads(check_run([python, "-c", _DIST_SIZES]).stdout).items()}


def _chromium_args() -> list[str]:
    """The tests' Chromium command line (``chromium_args.py`` at the repository's root)."""
    sys.path.insert(0, str(ROOT))
    try:
        from chromium_args import CHROMIUM_ARGS
    finally:
        sys.path.remove(str(ROOT))
    return CHROMIUM_ARGS


CHROMIUM_ARGS = _chromium_args()


@contextmanager
def chromium(what: str):
    """Headless Chromium driven by Playwright, or ``None`` (saying why) when either is missing.

    ``what`` names the benchmark in that message. The browser is ``$BLOCKS_CHROMIUM`` or
    ``/usr/bin/chromium``, and is closed on leaving the block.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(f"playwright is not installed here: skipping the {what} benchmark")
        yield None
        return
    path = os.environ.get("BLOCKS_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        print(f"no Chromium at {path}: skipping the {what} benchmark")
        yield None
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
