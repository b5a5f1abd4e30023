"""The two sides of a rules diff: a rules file, a rules folder, or `rules/` at a git revision.

A side is named the way a maintainer names it on the command line:
- a path to a rules file (`rules/dazhou.yaml`, or an earlier version `rules/dazhou/2022-03-01.yaml`)
  or to a rules folder;
- `REV` (any git revision: `HEAD~3`, a commit, a tag): the whole `rules/` at that revision;
- `REV:PATH` (`HEAD~1:rules/dazhou.yaml`): one rules file at that revision.
A revision is read with `git archive`, so the working tree is never touched. Each regulation is
compiled on its own: one that does not validate (an old revision the current validator refuses)
is reported with its messages while the others are still compared.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from . import history
from .fields import InputError
from .rules_yaml import RulesError
from .validate import compile_rules, compile_version, load_source

RULES = "rules"
DATE_STEM = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Side:
    """One side of a diff: its label and its regulations, compiled (current versions), or the
    validator's messages for each regulation that did not compile."""
    label: str
    regulations: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    one_file: bool = False  # named a single rules file: the other side's other regulations are not "removed"


def load(spec: str, repo: Path) -> Side:
    """The side named by `spec`; InputError when it names neither a path nor a git revision."""
    path = Path(spec)
    if path.exists():
        return load_path(spec, path, path.resolve().parent)
    rev, _, inner = spec.partition(":")
    with tempfile.TemporaryDirectory(prefix="rules-diff-") as tmp:
        root = Path(tmp)
        extract(repo, rev, root)
        if inner:
            target = root / inner
            if not target.exists():
                raise InputError("revision", f"{rev} 中没有 {inner}", f"{inner} does not exist at {rev}")
            return load_path(spec, target, root)
        return load_path(spec, root / RULES, root)


def extract(repo: Path, rev: str, dest: Path) -> None:
    """`rules/` as it was at `rev`, written under `dest`; InputError when git cannot give it."""
    try:
        run = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, "--", RULES],
                             capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError("revision", f"无法运行 git：{exc}", f"cannot run git: {exc}") from None
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip()
        raise InputError("revision", f"无法读取修订版本“{rev}”的 rules/：{message}",
                         f"cannot read rules/ at revision {rev!r}: {message}")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
        tar.extractall(dest, filter="data")


def load_path(label: str, path: Path, display_root: Path) -> Side:
    """The side in a rules file or folder on disk, called `label` in reports."""
    side = Side(label)
    if path.is_dir():
        slugs = history.discover(path)
        files = {p.relative_to(path): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
        for slug in slugs:
            _compile(side, slug, lambda s=slug: compile_rules(path, display_root, (s,))["regulations"][s],
                     _inputs(files, slug, slugs))
        return side
    side.one_file = True
    earlier = DATE_STEM.fullmatch(path.stem) is not None
    slug = path.parent.name if earlier else path.stem
    rules_dir = path.parent.parent if earlier else path.parent
    _compile(side, slug, lambda: {**compile_version(
        path, load_source(rules_dir, slug, display_root, path.stem if earlier else None), display_root).data,
        "history": []})  # as a rules folder compiles it, so that equal rules compare equal
    return side


_COMPILED: dict[str, tuple[dict[str, Any] | None, list[str]]] = {}


def _inputs(files: Mapping[Path, bytes], slug: str, slugs: tuple[str, ...]) -> str:
    """What compiling `slug` reads of a rules folder's `files` (read once per folder): everything
    except the other regulations' rules files. A history of commits changes one or two regulations at a time, so the change log
    compiles each distinct regulation once instead of every regulation at every commit."""
    others = set(slugs) - {slug}
    digest = hashlib.sha256()
    for rel, data in files.items():
        if rel.suffix == ".yaml" and (rel.stem in others and len(rel.parts) == 1 or rel.parts[0] in others):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _compile(side: Side, slug: str, compile_one: Any, inputs: str | None = None) -> None:
    if inputs is None or inputs not in _COMPILED:
        try:
            found: tuple[dict[str, Any] | None, list[str]] = (compile_one(), [])
        except RulesError as exc:
            found = (None, [str(p) for p in exc.problems])
        if inputs is None:
            _store(side, slug, found)
            return
        _COMPILED[inputs] = found
    _store(side, slug, copy.deepcopy(_COMPILED[inputs]))


def _store(side: Side, slug: str, found: tuple[dict[str, Any] | None, list[str]]) -> None:
    data, errors = found
    if data is None:
        side.errors[slug] = errors
    else:
        side.regulations[slug] = data
