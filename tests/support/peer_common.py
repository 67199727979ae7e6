"""Shared plumbing for the loopback test peers.

Every peer listens on 127.0.0.1 with an ephemeral port, prints `PORT <n>` on
stdout once it accepts connections, and exits when its stdin closes (the test
process died or let go of it) or on SIGTERM.
"""

import signal
import sys
import threading


def announce_port(port):
    print(f"PORT {port}", flush=True)


def wait_for_exit(stop):
    """Blocks until stdin reaches EOF or SIGTERM arrives, then calls stop()."""
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not done.wait(0.2):
        pass
    stop()
