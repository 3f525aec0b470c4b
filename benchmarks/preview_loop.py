"""The author's loop: with `course preview` running on a copy of the real course, the time from saving a changed
paragraph of a lesson to the new text showing in the course frame of the player (headless Chromium).

Each save is measured from just before the write to the moment a check in the player's page (polled every frame)
sees the new text in a visible element of the course frame, and the next save waits until the preview has built
the change in full (the version it reports has moved on) and half a second more, as an author reads what changed
before saving again.
"""

from __future__ import annotations

import json
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.figures import Figure
from tests.projects import real_copy

if TYPE_CHECKING:
    from playwright.sync_api import Page

BUDGET_MS = 150
SAVES = 7
LESSON = "01-world-in-change"
PARAGRAPH = "Den chefen upptäcker problemen först när de har hunnit växa sig stora."
READING_SECONDS = 0.5  # after the full build is served, before the next save: the author reads what changed
TIME_LIMIT = 60  # seconds for anything to happen; a hang fails the benchmark instead of stalling it

# True once the course frame shows, in a visible element, the text given; read by the page's own polling.
SHOWN = """text => {
  const doc = document.getElementById('course').contentDocument;
  if (!doc || !doc.body) return false;
  const shown = (p) => p.textContent.includes(text) && p.getClientRects().length > 0;
  return Array.from(doc.querySelectorAll('p')).some(shown);
}"""


@contextmanager
def running_preview(project: Path, output: list[str]) -> Iterator[str]:
    """`course preview` of the project in its own process, its output read into `output` as it comes (so that it
    never waits on a full pipe); yields its address, and stops it (SIGINT) after."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "course", "--project", str(project), "preview", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if found := re.search(r"http://127\.0\.0\.1:\d+/", line):
                break
        else:
            raise RuntimeError(f"the preview ended before it served: {''.join(output)}")
        threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
        yield found.group()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=TIME_LIMIT)
        finally:
            process.kill()


def version(address: str) -> int:
    with urllib.request.urlopen(address + "__status", timeout=TIME_LIMIT) as answer:
        return int(json.load(answer)["version"])


def wait_for_version(address: str, after: int) -> None:
    deadline = time.monotonic() + TIME_LIMIT
    while version(address) <= after:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the preview built no version after {after}")
        time.sleep(0.05)


def open_lesson(page: Page, address: str, lesson_id: str) -> None:
    """The player, with the course open at the lesson whose paragraph changes."""
    page.goto(address)
    link = f'a[data-nav="lesson/{lesson_id}"]:visible'
    page.frame_locator("#course").locator(link).first.click(timeout=TIME_LIMIT * 1000)
    page.wait_for_function(SHOWN, arg=PARAGRAPH, polling="raf", timeout=TIME_LIMIT * 1000)


def save_to_shown(page: Page, lesson: Path, text: str) -> float:
    """Seconds from just before the lesson file is written with `text` in place of the paragraph to the page
    showing it."""
    source = lesson.read_text(encoding="utf-8")
    changed = re.sub(r"Den chefen upptäcker problemen först när de har hunnit växa sig stora\.[^\n]*", text, source)
    assert changed != source, "the paragraph to change is in the lesson"
    start = time.perf_counter()
    lesson.write_text(changed, encoding="utf-8")
    page.wait_for_function(SHOWN, arg=text, polling="raf", timeout=TIME_LIMIT * 1000)
    return time.perf_counter() - start


def preview_loop_figures(work: Path, chromium: str) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    project = real_copy(work / "preview-loop")
    lesson = project.content / "lessons" / f"{LESSON}.yaml"
    lesson_id = LESSON.split("-", 1)[1]
    times: list[float] = []
    output: list[str] = []
    with running_preview(project.root, output) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        # A Swedish author, as the course's source language is; wide enough for the side menu.
        page = browser.new_page(locale="sv-SE", viewport={"width": 1600, "height": 900})
        open_lesson(page, address, lesson_id)
        for save in range(1, SAVES + 1):
            built = version(address)
            times.append(save_to_shown(page, lesson, f"{PARAGRAPH} Ändring nummer {save} i förhandsvisningen."))
            wait_for_version(address, built)
            time.sleep(READING_SECONDS)
        browser.close()
    milliseconds = [seconds * 1000 for seconds in times]
    note = f"{SAVES} saves of a paragraph of lesson 1 (shown), min {min(milliseconds):.0f} max {max(milliseconds):.0f}"
    print(f"preview loop: {', '.join(f'{ms:.0f}' for ms in milliseconds)} ms", flush=True)
    print("".join(line for line in output if line.startswith("change ")), end="", flush=True)
    return [
        Figure(
            "author's loop: saved paragraph shown in the preview (median)",
            statistics.median(milliseconds),
            "ms",
            BUDGET_MS,
            note,
        )
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for figure in preview_loop_figures(Path(folder), "/usr/bin/chromium"):
            print(f"{figure.name}: {figure.value:.0f} {figure.unit}, budget {figure.budget}: {figure.verdict}")
            print(f"  {figure.note}")
