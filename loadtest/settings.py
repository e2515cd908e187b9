"""The server's settings during the load test: the production settings (DEBUG off, Secure
cookies, HTTPS behind a proxy, whitenoise with the manifest), with only what a test needs
changed: e-mail is written to files so the check can count it, and the collected static files
go to the run's own folder."""

import os

from config.settings import *  # noqa: F403

# The two-server run (loadtest/multiserver.py) sends through SMTP to a server of its own.
if not os.environ.get("LOADTEST_SMTP"):
    EMAIL_BACKEND = "loadtest.mailbox.EmailBackend"
LOADTEST_MAILBOX = os.environ["LOADTEST_MAILBOX"]
STATIC_ROOT = os.environ["LOADTEST_STATIC_ROOT"]
