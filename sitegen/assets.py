"""Runtime files copied into the built site, so every request stays on the site's own origin:
mermaid and Pyodide from the pinned npm packages, the engine as a wheel, the rules as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


class AssetError(RuntimeError):
    pass


def _node_file(root: Path, package: str, name: str) -> Path:
    path = root / "node_modules" / package / name
    if not path.exists():
        raise AssetError(f"{path} is missing: run `npm ci` (the nox sessions do this)")
    return path


def build_wheel(root: Path) -> Path:
    """The `calculator` package as a py3-none-any wheel (hatchling, no network: --no-isolation)."""
    out = Path(tempfile.mkdtemp(prefix="calculator-wheel-"))
    run = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(root)],
                         capture_output=True, text=True)
    wheels = list(out.glob("calculator-*-py3-none-any.whl"))
    if run.returncode != 0 or len(wheels) != 1:
        raise AssetError(f"building the calculator wheel failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return wheels[0]


def copy_runtime(root: Path, site: Path, compiled: dict) -> dict:
    """Copy Pyodide, mermaid, the wheel and the rules JSON into `site`; return the manifest."""
    vendor = site / "assets" / "vendor"
    (vendor / "mermaid").mkdir(parents=True, exist_ok=True)
    shutil.copy2(_node_file(root, "mermaid", "dist/mermaid.min.js"), vendor / "mermaid" / "mermaid.min.js")
    (vendor / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(_node_file(root, "pyodide", name), vendor / "pyodide" / name)
    target = site / "assets" / "calculator"
    target.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(root)
    shutil.copy2(wheel, target / wheel.name)
    shutil.rmtree(wheel.parent, ignore_errors=True)
    (target / "rules.json").write_text(json.dumps(compiled, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    pyodide_version = json.loads(_node_file(root, "pyodide", "package.json").read_text())["version"]
    manifest = {"wheel": wheel.name, "rules": "rules.json", "rules_version": compiled["version"],
                "pyodide": pyodide_version}
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest
