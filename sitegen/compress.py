"""Pre-compressed copies of the built site's text and WebAssembly files, for the web server to send
as they are (nginx `gzip_static` / `brotli_static`, see deploy/nginx.conf): `name.gz` always (stdlib
gzip, level 9) and `name.br` when the `brotli` package is installed (the `site` extra). Runs as the
last build step, over whatever is in the site by then (pages, Pyodide, the engine's files); the
search index compresses its own files after it is written (sitegen/search_hooks.py).

Compressing is the slow part of a build: brotli at its best level takes minutes for Pyodide's 9.6 MB
of WebAssembly. So large files get a quicker level (still smaller than gzip -9), and every copy is
cached by the content's hash, so an unchanged file is compressed once per machine, not per build.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Callable

SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt", ".wasm"}
MIN_BYTES = 1024  # below this the compressed copy saves less than the request headers cost
LARGE = 1 << 20   # brotli's best level costs ~15 s per MB; above this a quick level (~1 s per MB)
CACHE = Path(tempfile.gettempdir()) / "site-compressed"
CACHE_DAYS = 14   # copies not used for this long are removed
LEVELS = "gz9-br11-br5"  # part of each cached name: changing a level above must change this


def _brotli() -> Callable[[bytes], bytes] | None:
    try:
        import brotli  # optional: only for servers with the brotli module
    except ImportError:
        return None
    return lambda data: brotli.compress(data, quality=11 if len(data) <= LARGE else 5)


def _encoders() -> dict[str, Callable[[bytes], bytes]]:
    encoders: dict[str, Callable[[bytes], bytes]] = {".gz": lambda data: gzip.compress(data, 9, mtime=0)}
    brotli = _brotli()
    if brotli:
        encoders[".br"] = brotli
    return encoders


def _cached(data: bytes, ending: str, encode: Callable[[bytes], bytes]) -> bytes:
    """`encode(data)`, from the cache when the same content was compressed before."""
    path = CACHE / f"{hashlib.sha256(data).hexdigest()}-{LEVELS}{ending}"
    try:
        packed = path.read_bytes()
        os.utime(path)  # recently used: _prune keeps it
        return packed
    except OSError:
        pass
    packed = encode(data)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=CACHE, delete=False) as tmp:
            tmp.write(packed)
        os.replace(tmp.name, path)  # whole or not at all, also under concurrent builds
    except OSError:
        pass  # no cache (read-only temp): the build still has its copy
    return packed


def _prune() -> None:
    cutoff = time.time() - CACHE_DAYS * 86400
    for old in CACHE.glob("*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # removed by a concurrent build


def compress_site(site: Path) -> list[Path]:
    """Write the compressed copies (only where they are smaller) and return their paths."""
    written = []
    encoders = _encoders()
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        for ending, encode in encoders.items():
            packed = _cached(data, ending, encode)
            if len(packed) < len(data):
                target = path.with_name(path.name + ending)
                target.write_bytes(packed)
                written.append(target)
    _prune()
    return written
