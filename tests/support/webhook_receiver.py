#!/usr/bin/env python3
"""Loopback webhook receiver for newswatch tests.

Records every POST and PUT (method, path, headers, body) and answers according to its mode:
  ok       200 (the default)
  fail     500
  hang     no answer until the mode changes or the peer stops
  429:N    429 with Retry-After: N
  gone     410
  tg429:N  429 the Telegram Bot API way: no header, {"ok":false,"error_code":429,"parameters":{"retry_after":N}}
  mx429:N  429 the Matrix way: no header, {"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":N}
Control: GET /_received -> JSON list of {method, path, headers, body, mode};
         POST /_mode with the mode as body; POST /_reset clears the record.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from peer_common import announce_port, wait_for_exit


class State:
    def __init__(self):
        self.changed = threading.Condition()
        self.mode = "ok"
        self.received = []
        self.stopping = False


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # tests open dozens of connections at once


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/_received":
            return self.reply(404)
        state = self.server.state
        with state.changed:
            data = json.dumps(state.received).encode()
        self.reply(200, data, {"Content-Type": "application/json"})

    def do_PUT(self):
        self.do_POST()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state
        if self.path == "/_mode":
            with state.changed:
                state.mode = body.decode().strip()
                state.changed.notify_all()
            return self.reply(200, b"ok")
        if self.path == "/_reset":
            with state.changed:
                state.received.clear()
            return self.reply(200, b"ok")
        with state.changed:
            state.received.append({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                                   "body": body.decode("utf-8", "replace"), "mode": state.mode})
            while state.mode == "hang" and not state.stopping:
                state.changed.wait(0.2)
            mode = state.mode
        if state.stopping:
            return
        self.answer(mode)

    def answer(self, mode):
        if mode == "fail":
            return self.reply(500, b"receiver failing on purpose")
        if mode == "gone":
            return self.reply(410, b"gone")
        if mode.startswith("tg429:"):
            body = json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after " +
                               mode[6:], "parameters": {"retry_after": int(mode[6:])}}).encode()
            return self.reply(429, body, {"Content-Type": "application/json"})
        if mode.startswith("mx429:"):
            body = json.dumps({"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests",
                               "retry_after_ms": int(mode[6:])}).encode()
            return self.reply(429, body, {"Content-Type": "application/json"})
        if mode.startswith("429:"):
            return self.reply(429, b"slow down", {"Retry-After": mode[4:]})
        return self.reply(200, b"ok")


def main():
    server = Server(("127.0.0.1", 0), Handler)
    server.state = State()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    announce_port(server.server_address[1])

    def stop():
        with server.state.changed:
            server.state.stopping = True
            server.state.changed.notify_all()
        server.shutdown()

    wait_for_exit(stop)


if __name__ == "__main__":
    main()
