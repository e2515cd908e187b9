"""Print what the database holds, table by table, to compare a restored backup with its source.

Every model of every installed app (many-to-many tables too): its number of rows and a SHA-256
of all of them, each row with every column. References to content types and permissions are
written by their natural keys, since `migrate` gives those new ids in a new database; an
uploaded file is written with the SHA-256 of its content in MEDIA_ROOT, so a backup without the
files shows. Sessions are left out: a restored installation starts without them.

    manage.py backup_fingerprint > before.json   # on the source
    manage.py backup_fingerprint > after.json    # on the restored copy
    diff before.json after.json                  # nothing, when nothing was lost
"""

import datetime
import decimal
import hashlib
import json
import uuid

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import models

SKIPPED = {"sessions.session"}
BY_NATURAL_KEY = (ContentType, Permission)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def _file_digest(field_file) -> str:
    if not field_file.name:
        return ""
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return "missing"


def _natural_keys(model) -> dict:
    return {obj.pk: list(obj.natural_key()) for obj in model._default_manager.all()}


def rows_of(model, natural) -> list:
    """Every row of the model, columns by name, in primary-key order."""
    fields = [f for f in model._meta.concrete_fields]
    by_key = {
        f.attname: natural[f.related_model]
        for f in fields
        if f.is_relation and f.related_model in natural
    }
    rows = []
    for obj in model._base_manager.order_by("pk"):
        row = {}
        for field in fields:
            value = getattr(obj, field.attname)
            if field.attname in by_key:
                value = by_key[field.attname].get(value, value)
            elif isinstance(field, models.FileField):
                row[f"{field.attname}:sha256"] = _file_digest(getattr(obj, field.name))
                value = getattr(obj, field.attname).name
            row[field.attname] = _plain(value)
        if model in natural:
            row = {"natural_key": natural[model][obj.pk], **row}
        if model in natural or model._meta.auto_created:
            # Made anew by `migrate`, or a many-to-many link that a dump holds as the pair
            # alone: the key is the natural key or the pair, never the row's own number.
            row.pop(model._meta.pk.attname)
        rows.append(row)
    if model in natural or model._meta.auto_created:
        rows.sort(key=lambda row: json.dumps(row, sort_keys=True, default=str))
    return rows


def fingerprint(with_rows=False) -> dict:
    natural = {model: _natural_keys(model) for model in BY_NATURAL_KEY}
    tables = {}
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        label = model._meta.label_lower
        if label in SKIPPED or not model._meta.managed:
            continue
        rows = rows_of(model, natural)
        encoded = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
        table = {"rows": len(rows), "sha256": hashlib.sha256(encoded.encode()).hexdigest()}
        if with_rows:
            table["data"] = rows
        tables[label] = table
    return tables


class Command(BaseCommand):
    help = (
        "Print the number of rows and a digest of every table (files by their content), to "
        "compare a restored backup with its source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", action="store_true", help="Print every row as well.")

    def handle(self, *args, rows, **options):
        self.stdout.write(json.dumps(fingerprint(rows), indent=1, sort_keys=True, default=str))
