"""`gisa serve`: the same reader in a web browser, through textual-serve.

Each browser tab that opens the page starts its own `gisa` process (the same paths and options) whose
screen textual-serve streams to xterm.js in the page. The server listens on 127.0.0.1 unless told
otherwise, and says so on stderr when it listens anywhere else: whoever reaches the port reads the
corpus and can start processes on this machine.

Two guards beyond textual-serve's own: the page connects back to the address the browser used (so that
`localhost`, `127.0.0.1` or a host name all work), and the terminal's websocket only accepts a page from
that same origin, on a loopback name when the server is bound to loopback. Another web site open in the
same browser can then neither drive the reader nor read it, even through DNS rebinding.

Nothing here imports Textual: the served processes do.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser session: this Python, `-m tui`, the options."""
    argv = [sys.executable, "-m", "tui", *(os.path.abspath(p) for p in args.paths)]
    argv += ["--max-size", str(args.max_size)]
    if args.jobs:
        argv += ["--jobs", str(args.jobs)]
    if args.low_bandwidth:
        argv.append("--low-bandwidth")
    if args.no_cache:
        argv.append("--no-cache")
    if args.settings:
        argv += ["--settings", os.path.abspath(args.settings)]
    return shlex.join(argv)


def origin_allowed(origin: str | None, request_host: str, loopback_only: bool) -> bool:
    """Whether a websocket may be opened from a page at `origin` (its Origin header) on `request_host`."""
    if origin is None:
        return True  # not a browser (browsers always send Origin on websockets)
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != request_host.lower():
        return False
    return not loopback_only or is_loopback(parts.hostname or "")


def make_server(command: str, host: str, port: int):
    """A textual-serve server for `command` with Gisa's guards (imported here: `gisa serve -h` stays light)."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    loopback_only = is_loopback(host)

    class GisaServer(Server):
        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict:
            # the page's links follow the address the browser used, not the address the server bound
            scheme = "wss" if request.scheme == "https" else "ws"
            return {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{scheme}://{request.host}/ws",
                "config": {"static": {"url": f"{request.scheme}://{request.host}/static/"}},
                "application": {"name": self.title},
            }

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if not origin_allowed(request.headers.get("Origin"), request.host, loopback_only):
                raise web.HTTPForbidden(text="gisa serve: this page may not open the reader\n")
            return await super().handle_websocket(request)

    return GisaServer(command, host=host, port=port, title="Gisa")


def serve(args: argparse.Namespace) -> int:
    """Run the server until Ctrl+C."""
    if not is_loopback(args.host):
        sys.stderr.write(
            f"gisa serve: warning: listening on {args.host}, not only this machine: anyone who reaches "
            f"port {args.port} can read the corpus and start Gisa processes here.\n"
        )
    server = make_server(app_command(args), args.host, args.port)
    try:
        server.serve()
    except OSError as exc:
        sys.stderr.write(f"gisa serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 1
    return 0
