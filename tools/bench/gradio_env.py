"""Gradio, installed by the benchmarks into a virtual environment of their own.

Gradio is never a dependency of the project: the comparisons need it, so the
first run creates ``.bench/gradio-6/`` (ignored by git) with
``pip install "gradio>=6,<7"`` and nothing else, and later runs reuse it. The
bare venv's site-packages is measured before the install, so the size
benchmark can say what Gradio adds to a fresh venv without installing it
twice. When the install is impossible (no network, no wheel for this Python),
:func:`ensure` says why and returns ``None``: the benchmarks then print
Blocks' figures alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, clean_env, distribution_sizes, make_venv, site_packages, tree_size

REQUIREMENT = "gradio>=6,<7"
CACHE = ROOT / ".bench"
VENV = CACHE / "gradio-6"
STAMP = VENV / "blocks-bench.json"


@dataclass
class GradioEnv:
    python: Path
    version: str
    bare_size: int            # site-packages of the venv before `pip install gradio`
    bare_dists: list[str]     # distributions that were there before (pip, setuptools)

    @property
    def site_packages(self) -> Path:
        return site_packages(self.python)


_checked: dict = {}


def _load() -> GradioEnv | None:
    if not STAMP.is_file():
        return None
    try:
        data = json.loads(STAMP.read_text())
    except ValueError:
        return None
    python = VENV / "bin" / "python"
    if data.get("requirement") != REQUIREMENT or not python.exists():
        return None
    check = subprocess.run([str(python), "-c", "import gradio; print(gradio.__version__)"],
                           capture_output=True, text=True, env=clean_env(), check=False)
    if check.returncode != 0:
        return None
    return GradioEnv(python, check.stdout.strip(), data["bare_size"], data["bare_dists"])


def ensure(quiet: bool = False) -> GradioEnv | None:
    """The Gradio venv, created on first use; ``None`` (with the reason printed) if impossible."""
    if "env" in _checked:
        return _checked["env"]
    env = _load()
    if env is None:
        env = _create(quiet)
    elif not quiet:
        print(f"gradio {env.version} from {VENV.relative_to(ROOT)} (reused)")
    _checked["env"] = env
    return env


def beside_gradio(measure, *args):
    """``measure(python, framework, *args)`` for Blocks, then for Gradio (``None`` when
    Gradio cannot be installed, with the reason printed)."""
    blocks = measure(sys.executable, "blocks", *args)
    env = ensure()
    if env is None:
        print("(Gradio is not installed: Blocks' figures only)")
        return blocks, None
    return blocks, measure(env.python, "gradio", *args)


def _create(quiet: bool) -> GradioEnv | None:
    shutil.rmtree(VENV, ignore_errors=True)
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    print(f"creating {VENV.relative_to(ROOT)} and installing {REQUIREMENT!r} "
          "(first run only; a minute or two)", flush=True)
    try:
        python = make_venv(VENV)
    except SystemExit as error:
        print(f"Gradio is not available: could not create a venv ({error})")
        return None
    site = site_packages(python)
    bare_size = tree_size(site)
    bare_dists = sorted(distribution_sizes(python))
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", REQUIREMENT],
        capture_output=True, text=True, env=clean_env(), check=False)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-6:]
        print(f"Gradio is not available: pip install {REQUIREMENT!r} failed:\n  "
              + "\n  ".join(tail))
        shutil.rmtree(VENV, ignore_errors=True)
        return None
    STAMP.write_text(json.dumps({"requirement": REQUIREMENT, "bare_size": bare_size,
                                 "bare_dists": bare_dists}))
    env = _load()
    if env is None:
        print("Gradio is not available: it installed but `import gradio` fails.")
    elif not quiet:
        print(f"installed gradio {env.version}")
    return env


if __name__ == "__main__":  # pragma: no cover
    found = ensure()
    sys.exit(0 if found else 1)


def frameworks() -> list[tuple[str, str]]:
    """``(name, python)`` of what a side-by-side benchmark runs: Blocks (this interpreter),
    then Gradio when its venv can be had."""
    found = [("blocks", sys.executable)]
    env = ensure()
    if env is not None:
        found.append(("gradio", str(env.python)))
    return found
