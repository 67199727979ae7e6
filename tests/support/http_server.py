#!/usr/bin/env python3
"""Loopback HTTP fixture server for newswatch tests.

Serves files under ROOT with ETag (sha256 of the bytes) and Last-Modified,
answering 304 to a matching If-None-Match / If-Modified-Since. Special routes:
  /status/<code>            empty answer with that status (?retry_after=N adds Retry-After: N)
  /with-headers/<path>?H=V  <path> as usual, plus each query pair as a header (Cache-Control, Age, ...)
  /429?retry_after=N        429 with Retry-After: N (N may be an HTTP date)
  /redirect?to=URL          302 to URL
  /redirect-loop            302 to itself, forever
  /slow?seconds=N           sleeps N s, then answers
  /stall?seconds=N          sends headers and part of the body, then stalls N s
  /big?bytes=N              N bytes of 'x'
  /gzip/<path>              <path> gzip-encoded (Content-Encoding: gzip)
  /novalidators/<path>      <path> without ETag or Last-Modified (a server that never answers 304)
  /echo                     echoes the request body (any method)
Control API (tests change content at runtime):
  PUT  /_control/file/<path>  body becomes the file's content
  GET  /_control/log          JSON list of {method, path, headers, body, at (unix seconds, float)}
  POST /_control/reset        clears the log and runtime files
Usage: http_server.py ROOT [HOST]   (HOST: a loopback address to listen on, default 127.0.0.1)
"""

import email.utils
import gzip
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from peer_common import announce_port, wait_for_exit

STARTED = email.utils.formatdate(time.time(), usegmt=True)


class State:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.lock = threading.Lock()
        self.log = []
        self.files = {}  # path -> (bytes, Last-Modified) set through the control API

    def read(self, path):
        with self.lock:
            if path in self.files:
                return self.files[path]
        full = os.path.abspath(os.path.join(self.root, path.lstrip("/")))
        if not full.startswith(self.root + os.sep) or not os.path.isfile(full):
            return None
        with open(full, "rb") as f:
            data = f.read()
        return data, email.utils.formatdate(os.path.getmtime(full), usegmt=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # tests open dozens of connections at once


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newswatch-test"

    def log_message(self, *args):
        pass  # the request log is in /_control/log

    def record(self, body):
        entry = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                 "body": body.decode("utf-8", "replace"), "at": time.time()}
        with self.server.state.lock:
            self.server.state.log.append(entry)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def do_GET(self):
        self.handle_any(b"")

    def do_HEAD(self):
        self.handle_any(b"")

    def do_POST(self):
        self.handle_any(self.read_body())

    def do_PUT(self):
        self.handle_any(self.read_body())

    def handle_any(self, body):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path.startswith("/_control/"):
            return self.control(url.path[len("/_control/"):], body)
        self.record(body)
        for prefix, route in ROUTES:
            if url.path == prefix or (prefix.endswith("/") and url.path.startswith(prefix)):
                return route(self, url.path[len(prefix):], query, body)
        return self.serve_file(url.path, encode=False)

    def control(self, action, body):
        state = self.server.state
        if self.command == "PUT" and action.startswith("file/"):
            with state.lock:
                state.files["/" + action[len("file/"):]] = (body, email.utils.formatdate(time.time(), usegmt=True))
            return self.send(200, b"ok")
        if self.command == "GET" and action == "log":
            with state.lock:
                data = json.dumps(state.log).encode()
            return self.send(200, data, {"Content-Type": "application/json"})
        if self.command == "POST" and action == "reset":
            with state.lock:
                state.log.clear()
                state.files.clear()
            return self.send(200, b"ok")
        return self.send(404, b"unknown control action")

    def serve_file(self, path, encode, extra=None):
        found = self.server.state.read(path)
        if found is None:
            return self.send(404, b"not found", {"Content-Type": "text/plain"})
        data, last_modified = found
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        headers = {"ETag": etag, "Last-Modified": last_modified, "Content-Type": content_type(path)}
        headers.update(extra or {})
        if self.not_modified(etag, last_modified):
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            return self.end_headers()
        if encode:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        return self.send(200, data, headers)

    def not_modified(self, etag, last_modified):
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return email.utils.parsedate_to_datetime(last_modified) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False


def content_type(path):
    for suffix, kind in ((".html", "text/html; charset=utf-8"), (".xml", "application/xml"),
                         (".json", "application/json"), (".txt", "text/plain; charset=utf-8")):
        if path.endswith(suffix):
            return kind
    return "application/octet-stream"


def route_status(h, rest, query, body):
    headers = {"Content-Type": "text/plain"}
    if "retry_after" in query:
        headers["Retry-After"] = query["retry_after"]
    h.send(int(rest or 200), b"", headers)


def route_with_headers(h, rest, query, body):
    h.serve_file("/" + rest, encode=False, extra=query)


def route_429(h, rest, query, body):
    h.send(429, b"slow down", {"Retry-After": query.get("retry_after", "1")})


def route_redirect(h, rest, query, body):
    # Hop headers the client must not keep once it follows the redirect.
    h.send(int(query.get("code", 302)), b"", {"Location": query.get("to", "/"), "ETag": '"redirect-hop"',
                                               "Retry-After": "99", "Content-Type": "text/x-hop"})


def route_redirect_loop(h, rest, query, body):
    h.send(302, b"", {"Location": "/redirect-loop"})


def route_slow(h, rest, query, body):
    time.sleep(float(query.get("seconds", 5)))
    h.send(200, b"finally", {"Content-Type": "text/plain"})


def route_stall(h, rest, query, body):
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b"partial")
    h.wfile.flush()
    time.sleep(float(query.get("seconds", 5)))


def route_big(h, rest, query, body):
    h.send(200, b"x" * int(query.get("bytes", 1 << 20)), {"Content-Type": "text/plain"})


def route_gzip(h, rest, query, body):
    h.serve_file("/" + rest, encode=True)


def route_novalidators(h, rest, query, body):
    found = h.server.state.read("/" + rest)
    if found is None:
        return h.send(404, b"not found", {"Content-Type": "text/plain"})
    h.send(200, found[0], {"Content-Type": content_type("/" + rest)})


def route_echo(h, rest, query, body):
    h.send(200, body, {"Content-Type": h.headers.get("Content-Type", "application/octet-stream")})


ROUTES = [("/status/", route_status), ("/429", route_429), ("/redirect", route_redirect),
          ("/redirect-loop", route_redirect_loop), ("/slow", route_slow), ("/stall", route_stall),
          ("/big", route_big), ("/gzip/", route_gzip), ("/echo", route_echo),
          ("/novalidators/", route_novalidators), ("/with-headers/", route_with_headers)]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: http_server.py ROOT [HOST]")
    host = sys.argv[2] if len(sys.argv) == 3 else "127.0.0.1"
    if not host.startswith("127."):
        sys.exit("http_server.py: listens on loopback only, got " + host)
    server = Server((host, 0), Handler)
    server.state = State(sys.argv[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    announce_port(server.server_address[1])
    wait_for_exit(server.shutdown)


if __name__ == "__main__":
    main()
