"""Atomic `mkdocs build`: the site is written into a temporary sibling directory and moved into
place only when the whole build has succeeded, so a failure (bad rules, an error in a late hook, a
warning under --strict) leaves the previous site exactly as it was and no half-written one.

mkdocs checks --strict warnings *after* the post-build events, so the move happens at shutdown,
once the build has either finished or reported its error. `mkdocs serve` builds into its own
temporary directory and is left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class AtomicBuild:
    final: Path
    staging: Path
    succeeded: bool = False

    @classmethod
    def begin(cls, site_dir: str) -> "AtomicBuild":
        final = Path(site_dir).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        # A sibling, so the final move is a rename within one filesystem.
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        # mkdtemp makes the directory private (0700); the site must stay readable by the web server.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        return cls(final, staging)

    def finish(self) -> None:
        """Swap the finished site in (two renames), or throw the partial one away."""
        if not self.succeeded:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = None
        if self.final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
            self.final.rename(old / "site")
        self.staging.rename(self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
