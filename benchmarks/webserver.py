"""A web server for the benchmark's network figures: the unzipped package on 127.0.0.1, served as an LMS's web
server commonly serves it (Debian's Apache with its default mod_deflate, say): text compressed with gzip when the
browser accepts it, and every file cacheable for an hour, with a validator. It stops when the `with` block ends."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

COMPRESSED = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".xml": "application/xml"}


class CompressingHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        kind = COMPRESSED.get(path.suffix)
        if kind is None or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-answer (a page closed, a cached copy taken) is no error here."""


@contextmanager
def served(root: Path) -> Iterator[str]:
    """The base URL of `root` on a free loopback port, for the duration of the block."""
    httpd = QuietServer(("127.0.0.1", 0), partial(CompressingHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
