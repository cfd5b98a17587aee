"""Every test, demo, benchmark and lint run of the repository.

Run through ``python3 tools/dev.py <command>`` (which installs nox first), or
with nox directly: ``nox -s tests -- -k textbox``.

Sessions reuse their environments, and reinstall only when what they install
changed (the list of distributions, or one of their ``pyproject.toml``), so a
second run starts at once. ``nox --reuse-venv=never -s tests`` rebuilds.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYTHON = os.environ.get("BLOCKS_NOX_PYTHON", "3.11")
CHROMIUM = "/usr/bin/chromium"
# The suite's own tools. gradio_client and schemathesis test Blocks' HTTP API from outside
# (Gradio's own Python client, and property-based requests from the OpenAPI document); neither
# is a dependency of any distribution. What one distribution's tests need beyond these (the
# MCP SDK's client for blocks-mcp, PyAV for blocks-media, ...) is its `test` extra
# (`[project.optional-dependencies] test = [...]` in its pyproject.toml), installed with it.
TEST_REQUIREMENTS = ["pytest", "playwright", "gunicorn", "requests", "websocket-client",
                     "numpy", "pillow", "hypothesis", "tqdm",
                     "gradio_client>=2.6,<3", "schemathesis>=4,<5"]
BENCH_REQUIREMENTS = ["websockets", "aiohttp", "gunicorn", "packaging",
                      "playwright"]  # Chromium benchmarks
# One ruff for everyone: a new release may add checks, so updating it is a change of its own.
# Its settings are in the root pyproject.toml.
RUFF = "ruff==0.17.6"

nox.options.sessions = ["tests"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True  # never "skip" the tests for want of 3.11


# -- what the repository holds ----------------------------------------------------------------
def distributions() -> list[Path]:
    """Every distribution folder: core first, then packages/*, then plugins/*."""
    found = [ROOT / "core"]
    for group in ("packages", "plugins"):
        found += sorted(p.parent for p in (ROOT / group).glob("*/pyproject.toml"))
    return [path for path in found if (path / "pyproject.toml").is_file()]


def pyproject(folder: Path) -> dict:
    """The ``pyproject.toml`` of a distribution folder."""
    import tomllib  # Python 3.11; only the session that builds wheels needs it
    return tomllib.loads((folder / "pyproject.toml").read_text())


def wheel_prefix(name: str) -> str:
    """How a distribution's wheel file names start: ``blocks-core`` -> ``blocks_core``."""
    return re.sub(r"[-_.]+", "_", name).lower()


def test_paths() -> list[str]:
    candidates = [ROOT / "core" / "tests"]
    for group in ("packages", "plugins"):
        candidates += sorted((ROOT / group).glob("*/tests"))
    candidates.append(ROOT / "tests")
    return [str(path.relative_to(ROOT)) for path in candidates if path.is_dir()]


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


# -- installing -----------------------------------------------------------------------------
def install(session: nox.Session, *requirements: str, editable: bool = True,
            test_extras: bool = False) -> None:
    """``pip install`` every distribution of the repository plus ``requirements``.

    With ``test_extras``, each distribution comes with its ``test`` extra (what
    its own tests need), when it declares one.

    Skipped when this environment already got exactly this set, with the same
    ``pyproject.toml`` files (editable installs pick up source changes alone).
    """
    local = []
    for folder in distributions():
        spec = str(folder.relative_to(ROOT)) if editable else str(folder)
        if test_extras and "test" in pyproject(folder)["project"].get("optional-dependencies",
                                                                      {}):
            spec += "[test]"
        local += ["-e", spec] if editable else [spec]
    args = [*local, *requirements]
    digest = hashlib.sha256("\0".join(args).encode())
    for folder in distributions():
        digest.update((folder / "pyproject.toml").read_bytes())
    key = digest.hexdigest()
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location) / ".blocks-install-stamp" if location else None
    if stamp is not None and stamp.is_file() and stamp.read_text() == key:
        session.log("environment up to date; nothing to install "
                    "(`--reuse-venv=never` rebuilds it)")
        return
    session.install("--disable-pip-version-check", *args)
    if stamp is not None:
        stamp.write_text(key)


def find_chromium() -> str | None:
    override = os.environ.get("BLOCKS_CHROMIUM")
    for candidate in (override, CHROMIUM, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_chromium(session: nox.Session) -> str | None:
    """The Chromium the browser tests drive; installed from Debian when we can."""
    path = find_chromium()
    if path is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        session.log("Chromium is missing: installing Debian's chromium package")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", external=True, env=env, success_codes=[0, 100])
        session.run("apt-get", "install", "-y", "chromium",
                    external=True, env=env, success_codes=[0, 100])
        path = find_chromium()
    if path is None:
        message = (f"Chromium not found at {CHROMIUM}: the browser tests need it. "
                   "Install it with `apt-get update && apt-get install -y chromium` "
                   "(or point BLOCKS_CHROMIUM at a Chromium binary).")
        if is_ci():
            session.error(message)
        session.warn(message + " Browser tests will be skipped.")
    return path


# -- sessions -------------------------------------------------------------------------------
@nox.session(python=PYTHON, reuse_venv=True)
def tests(session: nox.Session) -> None:
    """Unit, integration and browser tests of every distribution (posargs go to pytest)."""
    install(session, *TEST_REQUIREMENTS, test_extras=True)
    chromium = ensure_chromium(session)
    if chromium:
        session.env["BLOCKS_CHROMIUM"] = chromium
    paths = test_paths()
    if not paths:
        session.error("No test folders found (core/tests, packages/*/tests, plugins/*/tests, "
                      "tests).")
    # Paths given on the command line replace the default set: `-- core/tests/test_x.py`.
    chosen = [arg for arg in session.posargs
              if not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists()]
    session.run("python", "-m", "pytest", *([] if chosen else paths), *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def showcase(session: nox.Session) -> None:
    """Serve examples/showcase.py on http://127.0.0.1:7860 (posargs go to the script)."""
    script = ROOT / "examples" / "showcase.py"
    if not script.is_file():
        session.error(f"{script.relative_to(ROOT)} does not exist yet.")
    install(session)
    session.env["BLOCKS_SERVER_NAME"] = os.environ.get("BLOCKS_SERVER_NAME", "127.0.0.1")
    session.env["BLOCKS_SERVER_PORT"] = os.environ.get("BLOCKS_SERVER_PORT", "7860")
    session.log(f"serving on http://{session.env['BLOCKS_SERVER_NAME']}:"
                f"{session.env['BLOCKS_SERVER_PORT']} (Ctrl+C stops)")
    session.run("python", str(script.relative_to(ROOT)), *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def screenshots(session: nox.Session) -> None:
    """Capture the showcase in light and dark mode into docs/images/ (tools/screenshot.py)."""
    install(session, "playwright", "pillow")
    chromium = ensure_chromium(session)
    if not chromium:
        session.error("Chromium is needed for the screenshots.")
    session.env["BLOCKS_CHROMIUM"] = chromium
    session.run("python", "tools/screenshot.py", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def bench(session: nox.Session) -> None:
    """Benchmarks in tools/bench: figures and ratios, never pass/fail on time."""
    install(session, *BENCH_REQUIREMENTS)
    session.run("python", "tools/bench/run.py", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def wheels(session: nox.Session) -> None:
    """Build the wheel of every distribution into dist/ (posargs: another folder).

    `pip install --find-links dist blocks-core blocks-image` then installs them, with
    their dependencies from PyPI, into any environment.
    """
    if len(session.posargs) > 1 or any(arg.startswith("-") for arg in session.posargs):
        session.error("usage: python3 tools/dev.py wheels [-- FOLDER]  (default: dist)")
    out = Path(session.posargs[0] if session.posargs else ROOT / "dist").resolve()
    out.mkdir(parents=True, exist_ok=True)
    folders = distributions()
    projects = [pyproject(folder) for folder in folders]
    # Older builds of the same distributions go first: --find-links takes the highest
    # version it sees, and a stale wheel must not win.
    for project in projects:
        for stale in out.glob(f"{wheel_prefix(project['project']['name'])}-*.whl"):
            stale.unlink()
    # One environment with every build backend (hatchling) instead of one per wheel.
    backends = sorted({req for project in projects for req in project["build-system"]["requires"]})
    session.install("--disable-pip-version-check", *backends)
    session.run("python", "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps",
                "--no-build-isolation", "--wheel-dir", str(out), *map(str, folders))
    built = sorted(path.name for path in out.glob("*.whl"))
    session.log(f"{len(built)} wheels in {out}: {', '.join(built)}")
    session.log(f"install with: pip install --find-links {out} blocks-core ...")


@nox.session(reuse_venv=True)
def lint(session: nox.Session) -> None:
    """ruff check over the repository, settings in pyproject.toml (posargs go to ruff)."""
    session.install("--disable-pip-version-check", RUFF)
    session.run("ruff", "check", *(session.posargs or ["."]))
