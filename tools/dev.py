#!/usr/bin/env python3
"""The developer entry point: one command per task, nothing to install first.

    python3 tools/dev.py showcase          serve examples/showcase.py on http://127.0.0.1:7860
    python3 tools/dev.py screenshots       the README's pictures of the showcase (docs/images/)
    python3 tools/dev.py test [-- ARGS]    every test of every distribution (ARGS go to pytest)
    python3 tools/dev.py bench [-- ARGS]   the benchmarks in tools/bench (ARGS go to run.py)
    python3 tools/dev.py lint              ruff over the repository
    python3 tools/dev.py wheels [-- DIR]   the wheel of every distribution, in dist/ (or DIR)
    python3 tools/dev.py nox [ARGS]        nox itself, e.g. `nox --list`

It creates (or reuses) a virtual environment in ``.venv``, makes sure nox is
in it, and runs the matching session of ``noxfile.py`` from the repository
root. nox reuses its session environments, and a session reinstalls only
when what it installs has changed, so a second run starts at once. Use
``--reinstall`` (before the command) to rebuild the session environment.

Standard library only: this runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NOX_REQUIREMENT = "nox>=2024.10.9"
SESSIONS = {"showcase": "showcase", "screenshots": "screenshots", "test": "tests",
            "bench": "bench", "lint": "lint", "wheels": "wheels"}


def venv_python(venv: Path = VENV) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def say(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], **kwargs) -> int:
    return subprocess.call([str(part) for part in cmd], **kwargs)


def create_venv() -> None:
    say(f"creating {VENV.relative_to(ROOT)} with {sys.executable}")
    if run([sys.executable, "-m", "venv", VENV]) == 0 and venv_python().exists():
        return
    # Debian's python3 ships venv without ensurepip; python3-venv adds it.
    shutil.rmtree(VENV, ignore_errors=True)
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        say("python3 -m venv failed; installing Debian's venv package")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update"], env=env)
        if run(["apt-get", "install", "-y", f"python{version}-venv"], env=env) != 0:
            run(["apt-get", "install", "-y", "python3-venv"], env=env)
        if run([sys.executable, "-m", "venv", VENV]) == 0 and venv_python().exists():
            return
    sys.exit("dev.py: could not create a virtual environment with "
             f"'{sys.executable} -m venv {VENV}'. Install your Python's venv module "
             "(on Debian or Ubuntu: apt-get install python3-venv) and run again.")


def venv_is_usable() -> bool:
    python = venv_python()
    if not python.exists():
        return False
    return run([python, "-c", "import sys"], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL) == 0


def ensure_nox() -> Path:
    if not venv_is_usable():
        if VENV.exists():
            say(f"{VENV.relative_to(ROOT)} is broken; recreating it")
            shutil.rmtree(VENV)
        create_venv()
    python = venv_python()
    if run([python, "-c", "import nox"], stdout=subprocess.DEVNULL,
           stderr=subprocess.DEVNULL) != 0:
        say("installing nox into .venv")
        if run([python, "-m", "pip", "install", "--quiet",
                "--disable-pip-version-check", NOX_REQUIREMENT]) != 0:
            sys.exit("dev.py: 'pip install nox' failed (see above).")
    return python


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 tools/dev.py",
        description="Run the project's tasks (nox sessions) in a managed environment.",
        epilog="Arguments after the command (after an optional '--') go to pytest for "
               "'test', to tools/bench/run.py for 'bench', to ruff for 'lint', to nox "
               "for 'nox'; 'wheels' takes the folder to fill (default: dist).")
    parser.add_argument("--reinstall", action="store_true",
                        help="recreate the session's environment before running it")
    parser.add_argument("command", choices=[*SESSIONS, "nox"])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    if options.args[:1] == ["--"]:
        options.args = options.args[1:]
    if options.command == "wheels":  # a folder named from here, not from the repository
        options.args = [arg if arg.startswith("-") else os.path.abspath(arg)
                        for arg in options.args]
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    python = ensure_nox()
    if options.command == "nox":
        cmd = [python, "-m", "nox", *options.args]
    else:
        cmd = [python, "-m", "nox", "-s", SESSIONS[options.command]]
        if options.reinstall:
            cmd.append("--reuse-venv=never")
        if options.args:
            cmd += ["--", *options.args]
    # The session's own environment, not the one this script may run in.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":  # nox takes this process's place: signals and exit status go to it
        os.chdir(ROOT)
        os.execve(str(python), [str(part) for part in cmd], env)
    try:
        return run(cmd, cwd=ROOT, env=env)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
