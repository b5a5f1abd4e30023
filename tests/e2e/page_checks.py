"""Page checks shared by the browser tests: policy reports and the calculator's answer."""

from __future__ import annotations

# The calculator answering from a link (inputs in the URL).
CALCULATOR = "calculator.html?tab=project&place=dazhou.city&investment=350"

# Registered before any page script runs: every report of the policy, whatever the page does later.
WATCH_POLICY = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def watch_policy(page) -> tuple[list[str], list[str]]:
    """Start collecting policy violations (events and console messages) and requested URLs;
    the events land in `window.__violations`."""
    console: list[str] = []
    requested: list[str] = []
    page.add_init_script(WATCH_POLICY)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: requested.append(r.url))
    return console, requested


def wait_for_answer(page) -> None:
    """The calculator has answered (its output area is filled by the engine in the worker)."""
    page.locator("#calc-output .calc-result").first.wait_for(timeout=120000)

