"""Pre-compressed copies of the built site's text and WebAssembly files, for the web server to send
as they are (nginx `gzip_static` / `brotli_static`, see deploy/nginx.conf): `name.gz` always (stdlib
gzip, level 9) and `name.br` when the `brotli` package is installed. Runs as the last build step,
over whatever is in the site by then (pages, search index, Pyodide, mermaid, the engine's files).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Callable

SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt", ".wasm"}
MIN_BYTES = 1024  # below this the compressed copy saves less than the request headers cost


def _encoders() -> dict[str, Callable[[bytes], bytes]]:
    encoders: dict[str, Callable[[bytes], bytes]] = {".gz": lambda data: gzip.compress(data, 9, mtime=0)}
    try:
        import brotli  # optional: only for servers with the brotli module
    except ImportError:
        return encoders
    encoders[".br"] = lambda data: brotli.compress(data, quality=11)
    return encoders


def compress_site(site: Path) -> list[Path]:
    """Write the compressed copies (only where they are smaller) and return their paths."""
    written = []
    encoders = _encoders()
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        for ending, encode in encoders.items():
            packed = encode(data)
            if len(packed) < len(data):
                target = path.with_name(path.name + ending)
                target.write_bytes(packed)
                written.append(target)
    return written
