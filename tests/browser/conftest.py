"""Fixtures of the browser tests: axe-core, to audit a page's accessibility."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"

AUDIT = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js of axe-core ``AXE_VERSION``, fetched with ``npm pack`` once."""
    script = AXE_CACHE / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        message = "npm is not installed: the accessibility tests need it to fetch axe-core."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination",
                    str(AXE_CACHE)], check=True, capture_output=True, timeout=300)
    tarball = AXE_CACHE / f"axe-core-{AXE_VERSION}.tgz"
    with tarfile.open(tarball) as archive:
        for name in ("axe.min.js", "LICENSE"):
            member = archive.getmember(f"package/{name}")
            with archive.extractfile(member) as source:
                (AXE_CACHE / name).write_bytes(source.read())
    tarball.unlink()
    return script


def _audit(page, axe_script: Path, where: str) -> list[str]:
    """axe's violations on the page as it is now, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in page.evaluate(AUDIT)]


@pytest.fixture(scope="session")
def axe_audit(axe_script):
    """``axe_audit(page, where) -> list[str]``: axe's violations on the page as it is now."""
    return lambda page, where: _audit(page, axe_script, where)
