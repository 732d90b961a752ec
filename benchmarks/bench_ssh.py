"""What the SSH front door costs a player, on loopback with asyncssh's client.

A front door over one table on the bundled English deck, whose sessions run a small Python
program in place of the player's app (it says hello on fd 3, writes READY, echoes a key, tells
its size on SIGWINCH), so the figures are the front door's own plus one interpreter start, not
Textual's. Per session, median and worst of ``--runs`` one after another:

- ``login``: TCP connect, key exchange and the join-code login;
- ``to app``: the session request to the app's first line (pty, socketpair, posix_spawn, its
  hello answered by the table server);
- ``key``: a key typed to its echo on the channel;
- ``resize``: a window-size change to the app's answer;
- ``drop to gone``: an abrupt disconnect to the app's process being gone.

Then ``--at-once`` sessions opened together, to all of them READY, ``--bursts`` times. Compare
ratios within one run; the absolute figures move with the machine. Every figure also goes to
``figures.report`` (for ``make bench``'s table) without a goal: it is information; the issue's
targets are measured with the real apps by ``bench_server.py``. Not a test: it asserts nothing.
Run: ``.venv/bin/python benchmarks/bench_ssh.py [--runs 10] [--at-once 10] [--bursts 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
from figures import Figure, report

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.net.protocol import PROTOCOL_VERSION
from sammenspil.net.ssh_front import SSHFront
from sammenspil.net.table_server import TableServer

APP = r"""
import fcntl, json, os, signal, socket, struct, termios, tty
def out(text): os.write(1, (text + "\r\n").encode())
def size():
    rows, cols = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))[:2]
    return f"{cols}x{rows}"
sock = socket.socket(fileno=3)
hello = {"type": "hello", "protocol": PROTOCOL, "table": "Table 1"}
sock.sendall(json.dumps(hello).encode() + b"\n")
if json.loads(sock.makefile("rb").readline())["type"] != "welcome":
    out("REFUSED")
    raise SystemExit(1)
signal.signal(signal.SIGWINCH, lambda *_: out("resized " + size()))
tty.setraw(0)
out("READY")
while True:
    data = os.read(0, 100)
    if not data:
        break
    out("got " + data.decode(errors="replace"))
""".replace("PROTOCOL", str(PROTOCOL_VERSION))
CODE = "BENCH7"


async def read_until(proc: asyncssh.SSHClientProcess[bytes], word: bytes) -> None:
    seen = b""
    while word not in seen:
        chunk = await proc.stdout.read(4096)
        if not chunk or b"REFUSED" in seen + chunk:
            raise RuntimeError(f"the session ended before {word!r}: {(seen + chunk)[-200:]!r}")
        seen += chunk


async def one(front: SSHFront, name: str) -> tuple[float, float, float, float, float]:
    t0 = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1",
        front.port,
        username=name,
        password=CODE,
        known_hosts=None,
        client_keys=None,
        agent_path=None,
    )
    t1 = time.perf_counter()
    proc = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    await read_until(proc, b"READY")
    t2 = time.perf_counter()
    proc.stdin.write(b"x")
    await read_until(proc, b"got x")
    t3 = time.perf_counter()
    proc.change_terminal_size(100, 30)
    await read_until(proc, b"resized 100x30")
    t4 = time.perf_counter()
    [pid] = [s.reaper.pid for s in front.sessions if s.principal.name == name and s.reaper]
    conn.abort()
    while Path(f"/proc/{pid}").exists():
        await asyncio.sleep(0.001)
    t5 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4


async def main(runs: int, at_once: int, bursts: int) -> None:
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    with tempfile.TemporaryDirectory() as folder:
        tables = TableServer(Path(folder))
        tables.open_table("Table 1", deck, seed=1)
        front = SSHFront(
            tables,
            code=CODE,
            host_key=asyncssh.generate_private_key("ssh-ed25519"),
            launcher=lambda principal: [sys.executable, "-c", APP],
        )
        await front.start("127.0.0.1", 0)
        try:
            rows = [await one(front, f"P{i}") for i in range(runs)]
            labels = ("login", "to app", "key", "resize", "drop to gone")
            print(f"{'':14}{'median':>10}{'worst':>10}   ({runs} sessions one after another)")
            figures = []
            for label, column in zip(labels, zip(*rows, strict=True), strict=True):
                median, worst = statistics.median(column) * 1000, max(column) * 1000
                print(f"{label:14}{median:>8.1f}ms{worst:>8.1f}ms")
                figures.append(Figure(f"ssh door: {label}", "ms", [c * 1000 for c in column]))
            took = []
            for burst in range(bursts):
                started = time.perf_counter()
                await asyncio.gather(*(one(front, f"C{burst}_{i}") for i in range(at_once)))
                took.append((time.perf_counter() - started) * 1000)
            print(
                f"{at_once} sessions at once, all through: median {statistics.median(took):.0f} ms"
                f" (min {min(took):.0f}, max {max(took):.0f}, {bursts} runs)"
            )
            figures.append(Figure(f"ssh door: {at_once} sessions at once, all through", "ms", took))
            report(figures)
        finally:
            await front.close()
            tables.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--at-once", type=int, default=10)
    parser.add_argument("--bursts", type=int, default=3, help="how often the crowd connects")
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.at_once, args.bursts))
