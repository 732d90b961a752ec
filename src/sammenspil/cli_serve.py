"""`sammenspil serve`: a workshop's tables behind an SSH front door, from one command.

It reloads the unfinished tables in the saves folder (and those scored today: the workshop's),
opens new ones up to ``--tables`` under names none of them has, listens for SSH, and prints
exactly what players type. With a terminal it runs the facilitator console on it (a child
process, like an SSH facilitator's session, its table socket as fd 3), and stops when the
console quits; headless (``--headless``, or output not a terminal) it logs to stdout. SIGTERM
or ctrl+c: stop accepting, end the sessions, save every table, exit 0.

The serve process never imports Textual: the console and the players' apps are processes of
their own. See docs/server.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import ipaddress
import logging
import os
import shlex
import signal
import socket
import struct
import sys
import termios
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sammenspil.cli_output import UserError, echo
from sammenspil.net.limits import Limits

if TYPE_CHECKING:
    import asyncssh

    from sammenspil.deck.models import Deck
    from sammenspil.host.principal import Principal
    from sammenspil.net.fork_client import ForkStarter
    from sammenspil.net.ssh_front import SSHFront
    from sammenspil.net.table_server import TableServer
    from sammenspil.net.web_door import WebDoor
    from sammenspil.net.web_front import WebFront

logger = logging.getLogger("sammenspil.serve")

MAX_LINE = 1 << 20
"""``net.protocol.MAX_LINE``, the most a line may be; not imported: ``serve --help`` must not
load pydantic (tests/test_cli_serve.py checks that the two agree)."""

MIN_MESSAGE = 4096
"""A command with a long argument is a few KB: a smaller limit would refuse real moves."""

MAX_AUTHORIZED_KEYS = 1 << 20
"""An authorized-keys file of a few facilitators is a few KB; 1 MiB is plenty."""

CONSOLE_NAME = "facilitator"
"""The name the console on the serve command's own terminal sits at a table under."""

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
"""Each stops the server cleanly: sessions ended, every table saved, exit 0."""

_LIMIT_FLAGS: dict[str, tuple[str, str]] = {
    "failed_logins": ("--max-failed-logins", "Wrong join codes from one address within the window"),
    "failed_login_window": ("--failed-login-window", "Seconds the wrong codes are counted over"),
    "lockout": ("--lockout", "Seconds an address is refused after too many wrong codes"),
    "per_address": ("--max-per-address", "Open connections from one address"),
    "sessions": ("--max-sessions", "Players' apps running at once"),
    "login_timeout": ("--login-timeout", "Seconds a connection may take to log in"),
    "idle_timeout": (
        "--idle-timeout",
        "Seconds without a key pressed before a session ends (0: never)",
    ),
    "max_message": (
        "--max-message",
        "The longest line, in bytes, a player's app may send its table",
    ),
}


def _limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One flag per field of ``Limits``, its default the field's."""
    for spec in reversed(fields(Limits)):
        flag, text = _LIMIT_FLAGS[spec.name]
        kind: click.ParamType = (
            click.IntRange(1) if isinstance(spec.default, int) else click.FloatRange(0)
        )
        if spec.name == "login_timeout":
            kind = click.FloatRange(1)
        if spec.name == "max_message":
            kind = click.IntRange(MIN_MESSAGE, MAX_LINE)
        command = click.option(
            flag, spec.name, type=kind, default=spec.default, show_default=True, help=text + "."
        )(command)
    return command


@click.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=2222,
    show_default=True,
    help="The SSH port (0: any free one).",
)
@click.option(
    "--deck",
    "deck_ref",
    metavar="ID|PATH",
    default="sammenhaeng",
    show_default=True,
    help="The deck new tables play: a bundled or own deck's id, or a deck file.",
)
@click.option("--code", help="The join code players type as the password (default: random).")
@click.option(
    "--tables",
    type=click.IntRange(1, 99),
    default=1,
    show_default=True,
    help="How many tables to have open to play; unfinished saved tables count.",
)
@click.option(
    "--saves",
    "saves_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder tables are saved in (default: the user's data folder).",
)
@click.option(
    "--authorized-keys",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Public keys (OpenSSH authorized_keys) of facilitators, who get the console.",
)
@click.option(
    "--web",
    "web_port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Also serve the players' app to browsers on this port (the web extra).",
)
@click.option("--web-host", help="The address the browser side listens on (default: --host).")
@click.option("--headless", is_flag=True, help="No console here; log to stdout.")
@click.option(
    "--no-preload",
    is_flag=True,
    help="Start each player's app as a fresh Python process instead of forking it from a "
    "process that imported the apps once (slower joins, no fork server).",
)
@click.option("--app", "app_command", hidden=True, help="Run this instead of the players' app.")
@click.option("--console", "console_command", hidden=True, help="Run this instead of the console.")
@_limit_options
def serve(
    host: str,
    port: int,
    deck_ref: str,
    code: str | None,
    tables: int,
    saves_dir: Path | None,
    authorized_keys: Path | None,
    web_port: int | None,
    web_host: str | None,
    headless: bool,
    no_preload: bool,
    app_command: str | None,
    console_command: str | None,
    **limit_values: Any,
) -> None:
    """Run a workshop: tables players join with plain `ssh`, and the facilitator console.

    Prints what players type. Stop with ctrl+c (or SIGTERM, or by quitting the console):
    every table is saved, and the next start picks the unfinished ones up again.
    """
    from sammenspil.deck.catalog import resolve_deck
    from sammenspil.net import host_key, join_code
    from sammenspil.net.ssh_front import launcher_in
    from sammenspil.saves import default_saves_dir
    from sammenspil.scoring.registry import heuristic_names

    if code is not None:
        problem = join_code.code_problem(code)
        if problem is not None:
            raise UserError(f"sammenspil serve --code: {problem}")
    limits = Limits(**limit_values)
    deck, _, _ = resolve_deck(deck_ref, heuristics=heuristic_names())
    keys = _authorized_keys(authorized_keys) if authorized_keys is not None else None
    try:
        key = host_key.load_or_create()
    except host_key.HostKeyError as exc:
        raise UserError(f"sammenspil serve: {exc}") from None
    console = not headless and _is_terminal(sys.stdin) and _is_terminal(sys.stdout)
    launcher = (
        launcher_in(deck.language) if app_command is None else _fixed(_split(app_command, "--app"))
    )
    console_argv = (
        _split(console_command, "--console")
        if console_command is not None
        else [
            *(sys.executable, "-m", "sammenspil.tui.console_main", "--fd", "3"),
            *("--lang", deck.language, "--server-console"),
        ]
    )
    _setup_logging(to_stdout=not console)
    settings = _Settings(
        host=host,
        port=port,
        deck=deck,
        code=code or join_code.new_code(),
        tables=tables,
        saves=saves_dir if saves_dir is not None else default_saves_dir(),
        keys=keys,
        key=key,
        keys_path=authorized_keys,
        limits=limits,
        launcher=launcher,
        console_argv=console_argv if console else None,
        web=(web_host or host, web_port) if web_port is not None else None,
        preload=not no_preload and app_command is None,
    )
    asyncio.run(_run(settings))


@dataclass(frozen=True)
class _Settings:
    """What the flags came to, checked, before the event loop starts."""

    host: str
    port: int
    deck: Deck
    code: str
    tables: int
    saves: Path
    keys: asyncssh.SSHAuthorizedKeys | None
    key: asyncssh.SSHKey
    keys_path: Path | None
    limits: Limits
    launcher: Callable[[Principal], Sequence[str]]
    console_argv: list[str] | None
    web: tuple[str, int] | None = None
    """Where the browser side listens, or None: SSH only."""
    preload: bool = False
    """Start the players' apps through the fork server (``net/fork_client.py``)."""


async def _run(settings: _Settings) -> None:
    from sammenspil.i18n import t
    from sammenspil.net.fork_client import ForkStarter
    from sammenspil.net.host_key import fingerprint
    from sammenspil.net.pty_child import DROPPED_ENV
    from sammenspil.net.ssh_front import SSHFront, ssh_command
    from sammenspil.net.table_server import TableServer, workshop_day

    lang = settings.deck.language
    # Caught from here on, before anything says the server is up.
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, stop.set)
    table_server = TableServer(
        settings.saves, deck=settings.deck, max_line=settings.limits.max_message
    )
    for line in table_server.load(scored_since=workshop_day()):
        echo(line)
    starter = None
    if settings.preload:  # imports for half a second: sessions before then start plainly
        starter = ForkStarter({k: v for k, v in os.environ.items() if k not in DROPPED_ENV})
        starter.open()
    front = SSHFront(
        table_server,
        code=settings.code,
        host_key=settings.key,
        authorized_keys=settings.keys,
        launcher=settings.launcher,
        starter=starter,
        limits=settings.limits,
        language=lang,
        reserved=(CONSOLE_NAME,),
    )
    try:
        await front.start(settings.host, settings.port)
    except (OSError, ValueError) as exc:
        if starter is not None:
            await starter.close()
        reason = _listen_problem(exc)
        raise UserError(
            f"sammenspil serve: cannot listen on {settings.host}:{settings.port}: {reason}"
        ) from None
    web = None
    try:
        if settings.web is not None:
            web = await _open_web(settings, table_server, front, starter)
        n = 1
        while len(table_server.playing) < settings.tables:  # a scored table keeps its name
            name = t(lang, "serve.table", n=n)
            if name not in table_server.names:
                table_server.open_table(name, settings.deck)
            n += 1
        port = front.port
        echo(f"Sammenspil workshop server, deck: {settings.deck.title}")
        echo(f"Tables: {', '.join(table_server.names)}")
        where = addresses(settings.host)
        commands = [ssh_command(address, port, "<yourname>") for address in where]
        echo("Players type:")
        for command in commands:
            echo(f"    {command}")
        urls = []
        if web is not None and settings.web is not None:
            urls = [web_url(address, web[0].port) for address in addresses(settings.web[0])]
            echo("In a browser, players open:")
            for url in urls:
                echo(f"    {url}")
        echo(f"Join code: {settings.code}")
        echo(f"Host key: {fingerprint(settings.key)}")
        echo(f"Saves: {settings.saves}")
        if settings.keys_path is not None:
            echo(f"Facilitators: the keys in {settings.keys_path}")
        echo("Stop with ctrl+c: every table is saved.")
        join = "\n".join([*commands, *urls, t(lang, "serve.console_code", code=settings.code)])
        await _until_stopped(settings, front, stop, join)
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)
        if web is not None:
            await web[0].close()
            await web[1].close()
        await front.close()
        if starter is not None:
            await starter.close()
        table_server.close()
        logger.info("stopped")


async def _open_web(
    settings: _Settings, table_server: TableServer, front: SSHFront, starter: ForkStarter | None
) -> tuple[WebFront, WebDoor]:
    """The web door and textual-serve's server (docs/server.md); ``UserError`` if they cannot."""
    from sammenspil.net.web_door import WebDoor
    from sammenspil.net.web_front import WebFront, WebUnavailable, visitor_command

    assert settings.web is not None
    host, port = settings.web
    door = WebDoor(
        table_server,
        code=settings.code,
        live=front.live,
        limits=settings.limits,
        language=settings.deck.language,
    )
    await door.start()
    web = WebFront(
        visitor_command(door.path, settings.deck.language),
        sessions=settings.limits.sessions,
        starter=starter,
        door=door.path,
        language=settings.deck.language,
    )
    try:
        await web.start(host, port)
    except WebUnavailable as exc:
        await door.close()
        raise UserError(f"sammenspil serve --web: {exc}") from None
    except (OSError, ValueError) as exc:
        await door.close()
        raise UserError(
            f"sammenspil serve --web: cannot listen on {host}:{port}: {_listen_problem(exc)}"
        ) from None
    return web, door


def web_url(address: str, port: int) -> str:
    """What a player opens in a browser."""
    host = f"[{address}]" if ":" in address else address
    return f"http://{host}/" if port == 80 else f"http://{host}:{port}/"


JOIN_VARIABLE = "SAMMENSPIL_JOIN"
"""What players type, for the serve command's own console to show: ssh lines and the code."""


async def _until_stopped(
    settings: _Settings, front: SSHFront, stop: asyncio.Event, join: str
) -> None:
    """Until a signal, or the console (if there is one) has quit.

    The console is told what players type (``join``) in ``SAMMENSPIL_JOIN``, to show it.
    """
    from sammenspil.host.principal import Principal
    from sammenspil.net import pty_child

    loop = asyncio.get_running_loop()
    reaper = None
    saved_mode = None
    if settings.console_argv is not None:
        with contextlib.suppress(termios.error, OSError):
            saved_mode = termios.tcgetattr(sys.stdin.fileno())
        ours, theirs = socket.socketpair()
        try:
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
            env[JOIN_VARIABLE] = join
            pid = pty_child.spawn(settings.console_argv, env, fd3=theirs.fileno())
        except OSError as exc:
            ours.close()
            raise UserError(f"sammenspil serve: the console cannot start: {exc}") from None
        finally:
            theirs.close()
        front.serve_table(ours, Principal(name=CONSOLE_NAME, facilitator=True))
        reaper = pty_child.Reaper(loop, pid, lambda status: stop.set())
    try:
        await stop.wait()
    finally:
        if reaper is not None and reaper.alive:
            reaper.kill_soon(signal.SIGTERM)
            with contextlib.suppress(asyncio.TimeoutError):
                async with asyncio.timeout(1.0):
                    while reaper.alive:
                        await asyncio.sleep(0.02)
        if saved_mode is not None:  # a console that crashed may have left the terminal raw
            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved_mode)


# --- what players type --------------------------------------------------------------------------


def addresses(host: str) -> list[str]:
    """The addresses players can reach a server bound to ``host`` at, best first.

    A wildcard bind serves every interface: its IPv4 addresses, loopback only when there is
    nothing else. A named address is printed as given.
    """
    try:
        wildcard = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        wildcard = host == ""
    if not wildcard:
        return [host]
    found = _interface_addresses()
    outside = [a for a in found if not ipaddress.ip_address(a).is_loopback]
    return outside or ["127.0.0.1"]


def _interface_addresses() -> list[str]:
    """Every interface's IPv4 address (Linux: SIOCGIFADDR), else what the host name resolves to."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            with contextlib.suppress(OSError):
                packed = fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
                found.append(socket.inet_ntoa(packed[20:24]))
    if not found:
        with contextlib.suppress(OSError):
            found = socket.gethostbyname_ex(socket.gethostname())[2]
    return list(dict.fromkeys(found))


def _listen_problem(exc: Exception) -> str:
    """Why a bind failed, in a few words: asyncio's own message repeats the address."""
    if isinstance(exc, socket.gaierror) and exc.strerror:
        return exc.strerror  # an unknown host name
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno)
    return str(exc)


# --- reading the flags ----------------------------------------------------------------------------


def _authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    import asyncssh

    from sammenspil.files import UnreadableFile, read_limited

    try:
        text = read_limited(path, MAX_AUTHORIZED_KEYS, what="authorized-keys file").decode()
        return asyncssh.import_authorized_keys(text)
    except UnreadableFile as exc:
        raise UserError(f"sammenspil serve --authorized-keys: {path}: {exc}") from None
    except (UnicodeDecodeError, ValueError, asyncssh.KeyImportError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "not an authorized_keys file"
        raise UserError(f"sammenspil serve --authorized-keys: {path}: {reason}") from None


def _split(command: str, flag: str) -> list[str]:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise UserError(f"sammenspil serve {flag}: {exc}") from None
    if not argv:
        raise UserError(f"sammenspil serve {flag}: no command given")
    return argv


def _fixed(argv: list[str]) -> Callable[[Principal], Sequence[str]]:
    return lambda principal: argv


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _setup_logging(*, to_stdout: bool) -> None:
    """Headless: log lines on stdout. With the console on the terminal: a file, never stderr."""
    handler: logging.Handler
    if to_stdout:
        handler = logging.StreamHandler(sys.stdout)
    else:
        import platformdirs

        folder = Path(platformdirs.user_log_dir("sammenspil"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(folder / "server.log", encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
