"""The deadline-hour load test (`make loadtest`, `python -m loadtest --help`).

Starts gunicorn on 127.0.0.1 against a fresh database, drives simulated nominators through the
whole nomination form over real HTTP while jurors save scores, reports throughput and latency
per step and every error, then checks in the database that every receipt stands for exactly one
nomination with every answer and file intact, and that every juror's last acknowledged save is
what is stored. Not part of the unit suite; docs/load-test.md has the figures.

Modules: `client` (HTTP with cookies and CSRF), `pages` (reading forms from HTML), `content`
(texts, PDF and PNG files), `nominator` and `juror` (the journeys), `stats` (timings and the
report), `scenario` (the data loaded before the run), `server` (the fresh database and
gunicorn), `checks` (the integrity check), `settings` and `mailbox` (the server's settings:
production ones, with e-mail written to files).
"""
