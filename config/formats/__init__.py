"""Our changes to Django's date, time and number formats (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own formats for the language is set here; everything else comes
from django/conf/locale/<language>/formats.py.
"""
