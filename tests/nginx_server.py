"""nginx serving a built site the way deploy/ says, on 127.0.0.1 only: for tests/e2e/test_nginx.py
and the loopback load in benchmarks/nginx_load.py.

The server block is deploy/nginx.conf itself, with its three deployment-specific lines (listen
address, site directory, snippet path) pointed at the test's port, the built site and
deploy/site-rules.conf. The http block includes Debian's stock mime.types, as a real server does,
so the test sees what the site rules change about it. nginx runs in the foreground with its own
prefix, pid, logs and temporary files in a temporary directory, and is stopped by its pid.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SUB_PATH = "/kb/"


def nginx_binary() -> str:
    """nginx from Debian; installed when missing (as CI does: it runs as root)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("nginx is not installed and installing it needs root: apt-get install nginx-light")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light"], check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf should contain {old!r} once"
    return text.replace(old, new)


def server_block(site: Path, port: int) -> str:
    """deploy/nginx.conf, pointed at this machine."""
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    text = _replace_once(text, "listen 80;", f"listen 127.0.0.1:{port};")
    text = _replace_once(text, "alias /srv/kb/site/;", f"alias {site.resolve()}/;")
    return _replace_once(text, "include /etc/nginx/snippets/kb-site-rules.conf;", f"include {DEPLOY / 'site-rules.conf'};")


def _temp_paths(nginx: str, work: Path) -> str:
    """Temporary-file directories inside `work`, for the modules this nginx has."""
    configure = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    modules = ["proxy", "fastcgi", "uwsgi", "scgi"]
    lines = [f"client_body_temp_path {work}/client_body;"]
    lines += [f"{m}_temp_path {work}/{m};" for m in modules if f"--without-http_{m}_module" not in configure]
    return "\n    ".join(lines)


def main_config(nginx: str, site: Path, port: int, work: Path) -> str:
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the (private) pytest temp dirs
    return f"""{user}
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    {_temp_paths(nginx, work)}
{server_block(site, port)}
}}
"""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """nginx serving `site` under /kb/; yields the site's base URL, e.g. http://127.0.0.1:PORT/kb/."""
    nginx = nginx_binary()
    work = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
    port = _free_port()
    (work / "nginx.conf").write_text(main_config(nginx, site, port, work), encoding="utf-8")
    process = subprocess.Popen([nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, work)
        yield f"http://127.0.0.1:{port}{SUB_PATH}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def _wait_for(port: int, process: subprocess.Popen, work: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
            raise RuntimeError(f"nginx exited: {process.stdout.read().decode()} {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")
