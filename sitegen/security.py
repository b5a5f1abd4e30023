"""The site's Content-Security-Policy, in one place.

Every page carries it as a `<meta http-equiv>` tag (overrides/main.html, through
`config.extra.content_security_policy`), so a page opened from a file share or a server without the
shipped config is still protected; deploy/nginx.conf sends the same policy as a header (a test keeps
the two equal). Nothing on the site is inline: the theme's scripts are moved into files
(overrides/), and route diagrams are plain HTML made at build time (sitegen/diagrams.py).
'wasm-unsafe-eval' is what lets Pyodide compile its WebAssembly; it does not allow `eval`.
"""

from __future__ import annotations

DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)

# Browsers ignore these in a <meta> policy (and log a warning saying so): they only work as a header.
HEADER_ONLY = {"frame-ancestors"}


def header_policy() -> str:
    """The policy as the web server sends it."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES)


def meta_policy() -> str:
    """The policy as every page carries it."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES if name not in HEADER_ONLY)
