"""The engine wheel written with zipfile (valid RECORD, installable) and the snapshot step's
behaviour without node (the build goes on without a snapshot and says so)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import logging
import zipfile
from pathlib import Path

from sitegen import assets, snapshot

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_record_matches_every_file(tmp_path: Path) -> None:
    wheel = assets.build_wheel(ROOT, tmp_path)
    assert wheel.name == "calculator-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = "calculator-1.0.0.dist-info"
        record = list(csv.reader(io.StringIO(archive.read(f"{info}/RECORD").decode())))
        assert sorted(row[0] for row in record) == sorted(names)
        for name, digest, size in record:
            if name.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = archive.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data)), name
        assert "calculator/api.py" in names
        assert b"Tag: py3-none-any" in archive.read(f"{info}/WHEEL")
        assert b"calculator = calculator.cli:main" in archive.read(f"{info}/entry_points.txt")
        assert b"Name: calculator\nVersion: 1.0.0\n" in archive.read(f"{info}/METADATA")


def test_wheel_is_reproducible(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = assets.build_wheel(ROOT, tmp_path / "a"), assets.build_wheel(ROOT, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_without_node_there_is_no_snapshot_and_the_build_says_so(tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(snapshot, "CACHE", tmp_path / "cache")
    (tmp_path / "engine-old.snapshot.gz").write_bytes(b"stale")
    key = snapshot.Key(rules_version="r" * 12, rules_digest="d" * 12, engine="e" * 12, pyodide="0.0.0")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.calculator"):
        entry = snapshot.make_snapshot(tmp_path, tmp_path / "x.whl", tmp_path / "rules.json", tmp_path, key)
    assert entry is None
    assert "node not found" in caplog.text
    assert not list(tmp_path.glob("*.snapshot.gz"))  # a stale snapshot never outlives its build
