"""The test suite: pytest files, the browser harness (browser.py), and the fixtures they share."""
