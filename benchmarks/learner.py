"""The learner's side of the benchmark, in headless Chromium on the unzipped all-languages package: first paint, the
bytes and requests before the start page shows, the start page on Lighthouse's slow 4G, and a lesson opened from
the menu on that network once the course has been visited.

The network figures come from a web server of the benchmark's own (`benchmarks.webserver`) that serves the package
the way an LMS's web server commonly does: compressed when the browser asks for it, and cacheable. The bytes before
the start page shows are counted decoded (what the browser had to parse), so they do not depend on compression.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.figures import KB, Figure
from benchmarks.webserver import served

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# Lighthouse's "slow 4G": what a learner on a poor mobile connection gets.
SLOW_4G: dict[str, object] = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
# The start page shows in the learner's language: its heading is in the page, its language and its view not hidden,
# and the page has loaded (the runtime has run). Returns when that was, and what had been loaded by then.
START_SHOWN = """tag => {
  const shown = document.querySelector(
    '.locale[data-locale=' + tag + ']:not([hidden]) [data-view=start]:not([hidden]) h1');
  if (!shown || document.readyState !== 'complete') return false;
  const now = performance.now();
  const loaded = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter(entry => entry.responseEnd <= now);
  return {at: now, bytes: loaded.reduce((sum, entry) => sum + entry.decodedBodySize, 0), requests: loaded.length,
          names: loaded.map(entry => entry.name.split('/').slice(-2).join('/'))};
}"""
LESSON = "start-with-me"  # the last lesson: its view is furthest from the start page
LESSON_SHOWN = """id => {
  const view = document.querySelector('.locale:not([hidden]) [data-view="lesson/' + id + '"]:not([hidden]) h1');
  return view ? performance.now() - (window.clickedAt || 0) : false;
}"""
FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint')"


def throttled_page(context: BrowserContext, network: dict[str, object] | None) -> Page:
    page = context.new_page()
    if network:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", network)
    return page


def start_page(browser: Browser, url: str, tag: str, network: dict[str, object] | None = None) -> dict[str, Any]:
    """One load of the start page by a learner whose browser reads `tag`: when it showed and what it took."""
    context = browser.new_context(locale=tag)
    try:
        page = throttled_page(context, network)
        page.goto(url, wait_until="commit")
        shown: dict[str, Any] = page.wait_for_function(START_SHOWN, arg=tag, polling="raf", timeout=60_000).json_value()
        return shown
    finally:
        context.close()


def first_paint_figures(browser: Browser, folder: Path) -> list[Figure]:
    """First contentful paint from file://, the median of nine loads (it varies with the machine's load)."""
    figures = []
    for label, view in (("start page", "start"), ("a lesson", f"lesson/{LESSON}")):
        paints = []
        for _ in range(9):
            page = browser.new_page(locale="sv-SE")
            page.goto(f"{(folder / 'index.html').as_uri()}#{view}")
            page.wait_for_function(f"() => {FIRST_PAINT}.length > 0")
            paints.append(page.evaluate(f"{FIRST_PAINT}[0].startTime"))
            page.close()
        figures.append(Figure(f"first contentful paint, {label} (file://)", statistics.median(paints), "ms", 120))
    return figures


def lesson_from_menu(browser: Browser, url: str, tag: str, network: dict[str, object]) -> float:
    """Milliseconds from a click on the last lesson in the menu until it shows, for a learner who has opened the
    course and that lesson once before in this browser (what the course loads is then in the browser's cache)."""
    context = browser.new_context(locale=tag, viewport={"width": 1280, "height": 900})
    try:
        first = throttled_page(context, network)
        first.goto(url.replace("#start", f"#lesson/{LESSON}"))
        first.wait_for_function(LESSON_SHOWN, arg=LESSON, polling="raf", timeout=60_000)
        first.close()
        page = throttled_page(context, network)
        page.goto(url)
        page.wait_for_function(START_SHOWN, arg=tag, polling="raf", timeout=60_000)
        link = page.locator(f'.locale[data-locale={tag}] .menu a[data-nav="lesson/{LESSON}"]')
        page.evaluate("addEventListener('click', () => { window.clickedAt = performance.now(); }, true)")
        link.click()
        return float(page.wait_for_function(LESSON_SHOWN, arg=LESSON, polling="raf", timeout=60_000).json_value())
    finally:
        context.close()


def network_figures(browser: Browser, folder: Path) -> list[Figure]:
    """What a learner loads before the start page shows, in Swedish (the launch page's own language) and Finnish,
    and how long it takes on slow 4G; then a lesson from the menu on that network."""
    figures = []
    with served(folder) as url:
        start = f"{url}/index.html#start"
        for tag, budget in (("sv", 100), ("fi", 140)):
            shown = start_page(browser, start, tag)
            figures.append(
                Figure(
                    f"bytes before the start page shows, {tag}",
                    shown["bytes"] / KB,
                    "KB",
                    budget,
                    f"{shown['requests']} requests: {', '.join(shown['names'])}",
                )
            )
        for tag, budget in (("sv", 700), ("fi", 1000)):
            times = [start_page(browser, start, tag, SLOW_4G)["at"] for _ in range(5)]
            figures.append(
                Figure(
                    f"start page shown on slow 4G, {tag}",
                    statistics.median(times),
                    "ms",
                    budget,
                    "150 ms latency, 1.6 Mbit/s; median of 5; served compressed",
                )
            )
        times = [lesson_from_menu(browser, start, "sv", SLOW_4G) for _ in range(5)]
        figures.append(
            Figure(
                "lesson from the menu on slow 4G, second visit",
                statistics.median(times),
                "ms",
                150,
                f"click to lesson/{LESSON} shown; median of 5",
            )
        )
    return figures
