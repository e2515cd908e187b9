"""`manage.py dumpdata` and `loaddata` in JSON, with times to the microsecond.

Django's own JSON serializer cuts times to milliseconds (an ECMAScript convention), so a backup
would not give back exactly what was stored: two times a fraction of a millisecond apart could
come back equal, or in another order. Registered over the built-in "json" format
(SERIALIZATION_MODULES), so the plain `dumpdata` of docs/backup.md is exact; reading is
Django's own.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import Deserializer  # noqa: F401  (the format's reader)


class ExactEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            # Full ISO 8601, which Django's parsers read back as it was.
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
