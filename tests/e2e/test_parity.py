"""Every scenario through the engine in Pyodide (in the browser) and on CPython: identical JSON,
whether the worker booted from the build-time snapshot or the plain way. Each scenario is sent as the
page sends it (the answer's HTML and questions) and as the JSON download (the full result)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculator import api

from ..scenarios import load_all, plain, slug_of

pytestmark = pytest.mark.e2e


def requests() -> list[dict]:
    out = []
    for case_id, case in load_all():
        project = plain(case.get("input") or {})
        if "change" in case:
            out.append({"action": "change", "regulation": slug_of(case_id), "input": {**project, **plain(case["change"])}})
        else:
            out.append({"action": "evaluate", "regulation": slug_of(case_id), "input": project})
    out.append({"action": "evaluate", "regulation": "all", "input": {"investment": "2000", "level": "province"}})
    kind = {"change": "change", "evaluate": "project"}
    return out + [{**r, "action": "export", "format": "json", "kind": kind[r["action"]]} for r in out]


@pytest.mark.parametrize("boot", ["snapshot", "fallback"])
def test_pyodide_and_cpython_agree_on_every_scenario(page, site_url: str, built_site: Path, boot: str) -> None:
    """Both ways the worker boots (build-time snapshot, plain boot) give CPython's answers exactly."""
    api.init((built_site / "assets" / "calculator" / "rules.json").read_text(encoding="utf-8"))
    batch = requests()
    page.goto(f"{site_url}/calculator.html" + ("?boot=fallback" if boot == "fallback" else ""))
    in_browser = page.evaluate("(batch) => Promise.all(batch.map((r) => window.calculatorApi(r)))", batch)
    assert page.get_attribute("#calc", "data-boot") == boot
    assert len(in_browser) == len(batch) > 600
    for request, browser_response in zip(batch, in_browser, strict=True):
        cpython = json.loads(api.handle(json.dumps(request)))
        assert browser_response["ok"], (request, browser_response.get("errors"))
        assert browser_response == cpython, request
