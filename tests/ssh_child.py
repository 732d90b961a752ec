"""A stand-in for the player's app, run by the SSH front door in the tests (never imported).

It says hello on fd 3 (to the table named as its first argument, or none: the list; after
``--slow SECONDS`` first, that much later, as an app starting on a busy machine; after
``--deaf``, it ignores SIGTERM and SIGHUP, as a hung app would), writes what it heard and what
its terminal is to the terminal, prints its size on every SIGWINCH, and echoes what is typed
until a ``q``, then exits with status 3.
"""

import fcntl
import json
import os
import signal
import socket
import struct
import sys
import termios
import time
import tty

PROTOCOL = 2
"""``net.protocol.PROTOCOL_VERSION``, written out: this program does not import the package
(tests/test_net_ssh.py checks that the two agree)."""


def out(text: str) -> None:
    os.write(1, (text + "\r\n").encode())


def size() -> str:
    rows, cols = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))[:2]
    return f"{cols}x{rows}"


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--slow"]:
        time.sleep(float(args[1]))
        args = args[2:]
    if args[:1] == ["--deaf"]:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        args = args[1:]
    table = args[0] if args else None
    sock = socket.socket(fileno=3)
    hello = {"type": "hello", "protocol": PROTOCOL, "table": table}
    sock.sendall(json.dumps(hello).encode() + b"\n")
    heard = json.loads(sock.makefile("rb").readline())
    if heard["type"] == "tables":
        out("heard tables " + ",".join(t["name"] for t in heard["tables"]))
    else:
        view = heard.get("view", {})
        out(f"heard {heard['type']} as {view.get('viewer')} facilitator {view.get('facilitator')}")
    try:
        ctty = os.tcgetpgrp(0) == os.getpid()
    except OSError:  # a terminal, but no one's controlling terminal
        ctty = False
    env = os.environ
    out(
        f"size {size()} term {env.get('TERM')} colorterm {env.get('COLORTERM')} "
        f"ctty {ctty} columns {env.get('COLUMNS')} pid {os.getpid()}"
    )
    signal.signal(signal.SIGWINCH, lambda *_: out(f"resized {size()}"))
    tty.setraw(0)
    out("READY")
    while True:
        data = os.read(0, 100)
        if not data or b"q" in data:
            out("bye")
            sys.exit(3)
        out("got " + data.decode(errors="replace"))


main()
