"""Build timings: `mkdocs build --strict` of the real site against a bare mkdocs-material build of
the same pages, the engine wheel (zipfile vs `python -m build`) and the Pyodide snapshot.

The bare build: the real build runs once with an extra hook (capture_markdown.py) that saves each
page's Markdown after the macros rendered it; a temporary mkdocs.yml with the same theme, nav,
Markdown extensions and the theme's default search plugin (a plain material site has one; ours has
its own search, sitegen/search.py), but no macros and no hooks, then builds those files.
Its time is what mkdocs-material itself costs; the difference is ours (rules compile, page
generation, glossary marks, runtime copy, snapshot, pre-compression)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BARE_KEYS = ("site_name", "use_directory_urls", "markdown_extensions", "nav", "extra_css")


def _mkdocs(config: Path, site: Path, *extra: str, env: dict | None = None) -> float:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "--site-dir", str(site),
                          *extra], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{run.stderr[-3000:]}")
    return (time.perf_counter() - start) * 1000


def _capture(tmp: Path) -> Path:
    """The rendered Markdown of every page, plus docs/assets, in `tmp/docs`."""
    docs = tmp / "docs"
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    hooks = [*real.get("hooks", []), "benchmarks/capture_markdown.py"]
    config = ROOT / f".bench-capture-{os.getpid()}.yml"  # beside mkdocs.yml: INHERIT paths are relative
    config.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "hooks": hooks}), encoding="utf-8")
    try:
        _mkdocs(config, tmp / "capture-site", env={"BENCH_CAPTURE_DIR": str(docs)})
    finally:
        config.unlink()
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    return docs


def _bare_config(tmp: Path, docs: Path) -> Path:
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in real["theme"].items() if k != "custom_dir"}
    bare = {**{k: real[k] for k in BARE_KEYS if k in real}, "docs_dir": str(docs), "theme": theme,
            "plugins": ["search"]}
    path = tmp / "mkdocs-bare.yml"
    path.write_text(yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8")
    return path


def _wheel_ms() -> dict:
    from sitegen import assets

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        assets.build_wheel(ROOT, Path(tmp))
        out["zipfile"] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp, str(ROOT)],
                             capture_output=True)
        if run.returncode == 0:
            out["python -m build (before)"] = (time.perf_counter() - start) * 1000
    return out


def _snapshot_ms(site: Path) -> float | None:
    """Making the snapshot from scratch (node), which the build does once per rules/engine/Pyodide."""
    from sitegen import snapshot

    node = shutil.which("node")
    calc = site / "assets" / "calculator"
    wheels = list(calc.glob("*.whl"))
    if node is None or not wheels:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        problem = snapshot._run_node(node, ROOT / "node_modules" / "pyodide", wheels[0], calc / "rules.json",
                                     Path(tmp) / "s")
        return None if problem else (time.perf_counter() - start) * 1000


def run(site: Path, runs: int = 2) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as name:
        tmp = Path(name)
        docs = _capture(tmp)
        bare = _bare_config(tmp, docs)
        real_ms, bare_ms = [], []
        for i in range(runs):
            real_ms.append(_mkdocs(ROOT / "mkdocs.yml", tmp / f"real-{i}", "--strict"))
            bare_ms.append(_mkdocs(bare, tmp / f"bare-{i}"))
        index = list((tmp / "real-0" / "search").glob("*.json"))
        return {"mkdocs_strict_ms": statistics.median(real_ms), "bare_material_ms": statistics.median(bare_ms),
                "runs": runs, "search_index_bytes": sum(f.stat().st_size for f in index) or None,
                "wheel_ms": _wheel_ms(), "snapshot_make_ms": _snapshot_ms(site)}
