"""`sammenspil serve --web` in a subprocess: the page on loopback, our template, nothing remote.

The page must work offline in the workshop room and tell no third party who plays: every
address in it is the server's own.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sammenspil.cli_serve import web_url
from test_cli_serve import CODE, WAIT, Served

WEB_LINE = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_serve_web_serves_our_page_with_every_address_its_own(tmp_path: Path) -> None:
    served = Served(tmp_path, "--code", CODE, "--web", "0")
    try:
        index = served.lines.index("In a browser, players open:")
        found = WEB_LINE.fullmatch(served.lines[index + 1].strip())
        assert found, served.lines
        port = int(found.group(1))
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "googleapis" not in page and "gstatic" not in page
        hosts = set(re.findall(r"(?:https?|wss?)://([^/\"' ]+)", page))
        assert hosts == {f"127.0.0.1:{port}"}, hosts
        assert "@font-face" in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page
        assert f"ws://127.0.0.1:{port}/ws" in page
        for asset in ("fonts/RobotoMono-VariableFont_wght.ttf", "js/textual.js"):
            status, _ = get(f"http://127.0.0.1:{port}/static/{asset}")
            assert status == 200, asset
        # The page's own address is the one the browser used, and only a plausible one.
        status, page = get(f"http://127.0.0.1:{port}/", Host=f"localhost:{port}")
        assert status == 200 and f"ws://localhost:{port}/ws" in page
        status, _ = get(f"http://127.0.0.1:{port}/", Host='x"><script>')
        assert status == 400
        # Another site's page may not open a game in a visitor's browser.
        status, _ = get(f"http://127.0.0.1:{port}/ws", Origin="http://elsewhere.example")
        assert status == 403
        status, seconds = served.stop()
        assert status == 0 and seconds < 5
    finally:
        served.kill()


def test_a_web_port_in_use_gets_one_line(tmp_path: Path) -> None:
    import socket
    import subprocess

    from test_cli_serve import command, environment

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            command(tmp_path, "--headless", "--web", str(port)),
            capture_output=True,
            text=True,
            env=environment(tmp_path),
            timeout=WAIT,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"sammenspil serve --web: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


@pytest.mark.parametrize(
    ("address", "port", "url"),
    [
        ("192.168.1.20", 8080, "http://192.168.1.20:8080/"),
        ("10.0.0.1", 80, "http://10.0.0.1/"),
        ("::1", 8080, "http://[::1]:8080/"),
    ],
)
def test_the_url_players_open(address: str, port: int, url: str) -> None:
    assert web_url(address, port) == url
