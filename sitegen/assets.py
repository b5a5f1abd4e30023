"""Runtime files copied into the built site, so every request stays on the site's own origin:
Pyodide from the pinned npm package, the engine as a wheel, the rules as JSON, the
engine's Pyodide snapshot (sitegen/snapshot.py), and manifest.json that tells worker.js about them."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tomllib
import zipfile
from dataclasses import asdict
from pathlib import Path

from . import snapshot
from .snapshot import Key

PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")


class AssetError(RuntimeError):
    pass


def _node_file(root: Path, package: str, name: str) -> Path:
    path = root / "node_modules" / package / name
    if not path.exists():
        raise AssetError(f"{path} is missing: run `npm ci` (the nox sessions do this)")
    return path


def _project(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _metadata(project: dict) -> str:
    """The core metadata Pyodide and pip read: name, version, summary, Python requirement."""
    return (f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
            f"Summary: {project['description']}\nRequires-Python: {project['requires-python']}\n")


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(root: Path, out: Path) -> Path:
    """The `calculator` package as a py3-none-any wheel, written directly with zipfile.

    `python -m build` took ~0.9 s per site build for what is a zip of pure-Python files; a wheel is
    only that zip plus METADATA, WHEEL, entry_points.txt and a RECORD of sha256 digests (PEP 427),
    which `pyodide.unpackArchive(..., "wheel")` and pip both accept. Fixed timestamps keep it reproducible."""
    project = _project(root)
    name, version = project["name"], project["version"]
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/{p.name}": p.read_bytes() for p in sorted((root / name).glob("*.py"))}
    files[f"{info}/METADATA"] = _metadata(project).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: sitegen.assets\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    scripts = "".join(f"{k} = {v}\n" for k, v in project.get("scripts", {}).items())
    files[f"{info}/entry_points.txt"] = f"[console_scripts]\n{scripts}".encode()
    record = [_record_line(n, d) for n, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            member = zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0))
            member.external_attr = 0o644 << 16
            archive.writestr(member, data, zipfile.ZIP_DEFLATED)
    return wheel


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def copy_runtime(root: Path, site: Path, compiled: dict) -> dict:
    """Copy Pyodide, the wheel, the rules JSON and the engine snapshot into `site`;
    return the manifest worker.js reads."""
    vendor = site / "assets" / "vendor"
    (vendor / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(_node_file(root, "pyodide", name), vendor / "pyodide" / name)
    target = site / "assets" / "calculator"
    target.mkdir(parents=True, exist_ok=True)
    wheel = build_wheel(root, target)
    rules = target / "rules.json"
    rules.write_text(json.dumps(compiled, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    pyodide_version = json.loads(_node_file(root, "pyodide", "package.json").read_text())["version"]
    # The wheel's and the rules file's digests version their URLs (browsers cache these files) and
    # the snapshot: a code change without a rules change still gets both anew.
    key = Key(rules_version=compiled["version"], rules_digest=_digest(rules), engine=_digest(wheel),
              pyodide=pyodide_version)
    manifest = {"wheel": wheel.name, "rules": rules.name, **asdict(key),
                "snapshot": snapshot.make_snapshot(_node_file(root, "pyodide", "pyodide.mjs").parent, wheel, rules,
                                                   target, key)}
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest
