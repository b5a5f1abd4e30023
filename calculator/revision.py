"""The date a rules file last changed: the rules version a reader is shown ("规则版本 2026-11-30").

A date means something to an official; a content hash does not. It is read at compile time (build,
CLI from the repository) and travels in the compiled JSON, so the browser and the wheel need no git.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def changed_on(path: Path) -> str:
    """The commit date of the last change to `path`; today when it has uncommitted changes; its
    modification date when git cannot say (no repository, git missing, a copy outside the tree)."""
    try:
        status = _git(path, "status", "--porcelain", "--", path.name)
        committed = _git(path, "log", "-1", "--format=%cs", "--", path.name)
    except (OSError, subprocess.SubprocessError):
        committed, status = "", ""
    if status:
        return dt.date.today().isoformat()
    if committed:
        return committed
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def _git(path: Path, *args: str) -> str:
    run = subprocess.run(["git", *args], cwd=path.parent, capture_output=True, text=True, timeout=10, check=True)
    return run.stdout.strip()
