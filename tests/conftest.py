"""Shared pytest setup: the browser harness's fixtures come from tests/browser.py, the caches' from tests/caches.py."""

pytest_plugins = ["tests.browser", "tests.caches", "tests.course_driver", "tests.cmi5.fixtures"]
