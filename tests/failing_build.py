"""`mkdocs build --strict` that fails in its last step, after every page has been written: the
post-build compression raises. Run in its own process by the atomic-build test:

    python -m tests.failing_build /tmp/site
"""

from __future__ import annotations

import sys


def _main(dest: str) -> None:
    from mkdocs.__main__ import cli

    from sitegen import compress

    def fail(site):
        raise RuntimeError(f"late failure after the pages of {site} were written")

    compress.compress_site = fail
    cli(["build", "--strict", "--site-dir", dest], standalone_mode=True)


if __name__ == "__main__":
    _main(sys.argv[1])
