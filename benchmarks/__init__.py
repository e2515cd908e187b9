"""`make bench`: the platform's pages, score math and export against the floor of Django,
pandas and openpyxl themselves. See bench.py and docs/performance.md."""
