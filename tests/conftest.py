"""Shared pytest setup: the browser harness's fixtures come from tests/browser.py."""

pytest_plugins = ["tests.browser", "tests.course_driver", "tests.cmi5.fixtures"]
