#!/usr/bin/env python3
"""Loopback SMTP server (aiosmtpd) for newswatch tests.

Each received message is appended to --out as one JSON line
{"mail_from", "rcpt_tos", "data"} and flushed before the server answers 250,
so a test that saw the client succeed can read the file at once.
--auth accepts any AUTH PLAIN/LOGIN credentials (recorded as "login" on the
message); --auth-reject offers AUTH and rejects every credential (535); no TLS
is offered (tests use tls = "none", or leave STARTTLS required to see it fail).
Usage: smtp_server.py --out FILE [--auth | --auth-reject]
"""

import argparse
import json
import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from peer_common import announce_port, wait_for_exit


class Recorder:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        login = getattr(session.auth_data, "login", None)
        login = login.decode() if isinstance(login, bytes) else login
        record = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                  "data": envelope.content.decode("utf-8", "replace"), "login": login}
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 Message accepted for delivery"


def accept_any(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=True, auth_data=auth_data)


def reject_all(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--auth-reject", action="store_true")
    args = parser.parse_args()
    open(args.out, "a").close()
    port = free_port()
    options = {}
    if args.auth or args.auth_reject:
        options = {"auth_require_tls": False, "authenticator": reject_all if args.auth_reject else accept_any}
    controller = Controller(Recorder(args.out), hostname="127.0.0.1", port=port, **options)
    controller.start()  # returns once the server answers its own probe connection
    announce_port(port)
    wait_for_exit(controller.stop)


if __name__ == "__main__":
    main()
