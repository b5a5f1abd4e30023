"""A Pyodide memory snapshot of the engine with the rules loaded, made at build time with node.

Booting from it, the browser skips Python's own start-up, the engine import and the rules parse
(issue 10). It is a private Pyodide feature, so it is optional by design: no node, or a failure here,
leaves a site that boots the plain way (worker.js falls back by itself), and the build says so.
The file name carries the rules version, the engine's digest and the Pyodide version it was made for,
and the manifest records them, so the worker can tell a stale snapshot from a good one.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.calculator")
SCRIPT = Path(__file__).with_name("make_snapshot.mjs")
TIMEOUT_S = 300
# Made snapshots are kept here by name, so rebuilding an unchanged site (mkdocs serve, the tests)
# does not boot Pyodide in node again; the name holds everything the snapshot depends on.
CACHE = Path(tempfile.gettempdir()) / "calculator-snapshots"
CACHE_KEEP = 12  # ~7 MB each: the most recently made are kept, older ones removed


@dataclass(frozen=True)
class Key:
    """What a snapshot was made from; the worker refuses it when the site serves anything else."""
    rules_version: str
    rules_digest: str   # of rules.json itself: the rules version does not cover every byte (article texts)
    engine: str
    pyodide: str

    def file_name(self) -> str:
        script = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:8]
        return f"engine-{self.rules_digest}-{self.engine}-{script}-pyodide-{self.pyodide}.snapshot.gz"


def _run_node(node: str, pyodide_dir: Path, wheel: Path, rules: Path, raw: Path) -> str:
    """Run make_snapshot.mjs; returns "" on success, else why it failed (last lines of its output)."""
    try:
        run = subprocess.run([node, str(SCRIPT), str(pyodide_dir), str(wheel), str(rules), str(raw)],
                             capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"node did not finish within {TIMEOUT_S} s"
    if run.returncode != 0 or not raw.exists():
        return "\n".join((run.stderr or run.stdout).strip().splitlines()[-8:])[-1500:]
    return ""


def _made(pyodide_dir: Path, wheel: Path, rules: Path, cached: Path) -> bool:
    """Make the gzipped snapshot at `cached` unless it is there already; False if it cannot be made."""
    try:
        os.utime(cached)  # recently used: _prune keeps it
        return True
    except FileNotFoundError:
        pass
    node = shutil.which("node")
    if node is None:
        log.info("node not found: no Pyodide snapshot; the calculator will boot the slower way")
        return False
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="calculator-snapshot-") as tmp:
        raw = Path(tmp) / "engine.snapshot"
        problem = _run_node(node, pyodide_dir, wheel, rules, raw)
        if problem:
            log.info("the Pyodide snapshot could not be made, the calculator will boot the slower way:\n%s",
                     problem)
            return False
        # The heap is mostly zeros (31 MB gzips to ~7 MB); the worker un-gzips it as it streams in.
        partial = Path(tmp) / cached.name
        with raw.open("rb") as src, gzip.open(partial, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        shutil.move(partial, cached)
    _prune()
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # removed by a concurrent build
        return 0.0


def _prune() -> None:
    made = sorted(CACHE.glob("engine-*.snapshot.gz"), key=_mtime, reverse=True)
    for old in made[CACHE_KEEP:]:
        old.unlink(missing_ok=True)


def make_snapshot(pyodide_dir: Path, wheel: Path, rules: Path, target: Path, key: Key) -> dict | None:
    """Put the snapshot for `key` into `target`; returns its manifest entry, or None without one."""
    for old in target.glob("engine-*.snapshot.gz"):
        old.unlink()
    cached = CACHE / key.file_name()
    if not _made(pyodide_dir, wheel, rules, cached):
        return None
    try:
        shutil.copy2(cached, target / cached.name)
    except FileNotFoundError:  # pruned by a concurrent build in between: make it again
        if not _made(pyodide_dir, wheel, rules, cached):
            return None
        shutil.copy2(cached, target / cached.name)
    return {"file": cached.name, **asdict(key)}
