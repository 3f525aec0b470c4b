"""The speed and size benchmark behind the README's Performance table (run.py; synthetic.py makes large courses)."""
