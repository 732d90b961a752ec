"""The workshop report's HTML as a browser shows it: headless Chromium takes a screenshot, prints
it to PDF and hands back the DOM it rendered, whose text is read back.

Skipped only where no Chromium is installed (Debian: ``apt-get install chromium``). Chromium is
started with every host name resolving to nothing, so a page that needed a font, an image or a
script from anywhere would show it missing; it needs none.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sammenspil.scoring.workshop import WorkshopReport
from sammenspil.scoring.workshop_render import render_workshop_html
from test_report_render import MARKUP, NAME, workshop

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (Debian: apt-get install chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._skip += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WorkshopReport]:
    report = workshop()
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_workshop_html(report), encoding="utf-8")
    return path, report


def test_chromium_screenshots_the_page(page: tuple[Path, WorkshopReport], tmp_path: Path) -> None:
    path, _ = page
    shot = tmp_path / "shot.png"
    done = chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1400,1000",
        f"--screenshot={shot}",
        path.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 1000)
    # a blank page compresses to a few hundred bytes; text, tables and bars do not
    assert len(data) > 20_000


def test_chromium_renders_the_text_back_as_written(
    page: tuple[Path, WorkshopReport], tmp_path: Path
) -> None:
    path, report = page
    done = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Text()
    dom.feed(done.stdout)
    seen = " ".join(" ".join(dom.text).split())
    assert report.t("workshop.title") in seen
    for e in report.sections[0].tables:
        assert e.label in seen
    for key in ("workshop.scores", "workshop.on_top", "workshop.strongest"):
        assert report.t(key) in seen
    # what the players wrote is text in the rendered page, not elements
    assert " ".join(MARKUP.split()) in seen and NAME in seen
    assert not {"script", "img", "a", "iframe"} & set(dom.tags)
    assert dom.tags.count("svg") > 10


def test_chromium_prints_the_summary_first_and_each_table_on_its_own_page(
    page: tuple[Path, WorkshopReport], tmp_path: Path
) -> None:
    path, report = page
    pdf = tmp_path / "report.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    # the summary takes at least one page, then every table starts a page of its own
    assert pages >= 1 + report.tables
