"""``kb-tui serve [PATH]``: the explorer in web browsers, for people without a terminal.

textual-serve runs a small web server; each browser that connects starts the explorer as
a subprocess of its own (``python -m kb_tui [--read-only] -- PATH``, a shell command string
built with :func:`shlex.join`, since textual-serve runs it through the shell) and shows its
screen with xterm.js. textual-serve has no authentication: whoever reaches the port drives
an explorer that can change statuses (unless ``--read-only``). So it listens on 127.0.0.1
unless told otherwise, and says so loudly when told otherwise.

What it prints — its own lines, textual-serve's log, an explorer's error output — passes
through :mod:`kb_tui.cli.output` like every command's (the headless streams are guarded);
textual-serve's coloured banner is replaced by plain lines.
"""

from __future__ import annotations

import argparse
import gc
import ipaddress
import logging
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from kb_tui.cli.common import CliError, add_store_option
from kb_tui.cli.output import error, line
from kb_tui.core.fs.paths import default_path, resolve_root

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EXPOSED = (
    "warning: serving on {host}, not only to this machine: textual-serve has no "
    "authentication, anyone who reaches {url} drives the explorer{writes}. Put it behind "
    "a proxy that authenticates (and serves HTTPS), or use --host 127.0.0.1."
)


def add_parser(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the explorer to web browsers (textual-serve)",
        description="Serve the explorer over HTTP: each browser that opens the URL gets an "
        "explorer of its own on PATH. There is no authentication: it listens on 127.0.0.1 "
        "unless --host says otherwise; anywhere else, put it behind an authenticating proxy.",
    )
    serve.add_argument("path", nargs="?", type=Path, metavar="PATH")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--read-only",
        action="store_true",
        help="no status, note or owner changes; the export is a download",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use when it is not http://HOST:PORT (behind a proxy, or with "
        "--host 0.0.0.0): the page loads its scripts and connects from there",
    )
    add_store_option(serve)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {value!r}")
    return port


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (a loopback address)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def _unspecified(host: str) -> bool:
    """``0.0.0.0`` or ``::``: every address of this machine, none a browser can use."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def explorer_command(
    path: Path | None, store: Path | None, read_only: bool, python: str = sys.executable
) -> str:
    """The shell command each browser's explorer runs: this Python, this kb-tui, quoted."""
    argv = [python, "-m", "kb_tui"]
    if read_only:
        argv.append("--read-only")
    if store is not None:
        argv += ["--store", str(store.absolute())]
    if path is not None:
        argv += ["--", str(path.absolute())]
    return shlex.join(argv)


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    resolve_root(args.path or default_path())  # a bad path: an error now, not per browser
    command = explorer_command(args.path, args.store, args.read_only)
    url = args.public_url or url_of(args.host, args.port)
    check_address(args.host, args.port)  # before "serving on", which textual-serve says first
    if not is_local(args.host):
        writes = "" if args.read_only else " and can change statuses"
        error(EXPOSED.format(host=args.host, url=url, writes=writes))
        if args.public_url is None and _unspecified(args.host):
            error(f"note: the page sends browsers to {url}; give --public-url http://NAME:PORT")
    # Imported here: only this command needs the web server (aiohttp, jinja2).
    from textual_serve.server import Server

    class PlainServer(Server):
        """textual-serve, its banner and log as plain lines through kb-tui's output."""

        def initialize_logging(self) -> None:
            handler = _LineHandler()
            root = logging.getLogger()
            root.handlers[:] = [handler]
            root.setLevel(logging.INFO)
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no line a request

        async def on_startup(self, app: Any) -> None:
            mode = " (read-only)" if args.read_only else ""
            line(f"kb-tui: serving the explorer{mode} on {self.public_url}")
            line("kb-tui: press Ctrl+C to stop")
            sys.stdout.flush()

    server = PlainServer(command, host=args.host, port=args.port, title="kb-tui", public_url=url)
    gc.enable()  # a long-running server: the headless commands' pause must not last
    try:
        server.serve()
    except OSError as exc:  # taken meanwhile after all
        raise CliError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0


def check_address(host: str, port: int) -> None:
    """Fail with a plain message if ``host:port`` cannot be listened on (the port taken, an
    address not of this machine, a name that does not resolve), as the server would."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind(address)
    except OSError as exc:  # socket.gaierror included
        reason = (exc.strerror or str(exc)).lower()
        raise CliError(f"cannot serve on {host}:{port}: {reason}") from None


class _LineHandler(logging.Handler):
    """A log record as one line on stderr, through :func:`kb_tui.cli.output.line`."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line(f"kb-tui serve: {record.getMessage()}", sys.stderr)
        except Exception:  # a log line must never stop the server
            self.handleError(record)
