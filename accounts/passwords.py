"""Password rules beyond Django's: the length validator, with a message our catalogue
translates (Django 5.2 changed its msgid, and its bokmål catalogue has only the old one)."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short. It must have at least %(min_length)d character.",
            "This password is too short. It must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters: a sentence of a few words is easy to remember.",
            self.min_length,
        ) % {"min_length": self.min_length}
