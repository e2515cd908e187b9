"""Checks of what nominators type, with messages a clerk understands."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISATION_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def organisation_number_check_digit(first_eight: str) -> int | None:
    """The Brønnøysund register's MOD11 check digit, or None where no valid digit exists."""
    total = sum(int(d) * w for d, w in zip(first_eight, ORGANISATION_NUMBER_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    if remainder == 11:
        return 0
    if remainder == 10:
        return None
    return remainder


def normalise_organisation_number(value: str) -> str:
    """«987 654 321» and «NO987654321MVA» are written forms of 987654321."""
    cleaned = value.upper().replace(" ", "").replace(".", "")
    if cleaned.startswith("NO"):
        cleaned = cleaned[2:]
    if cleaned.endswith("MVA"):
        cleaned = cleaned[:-3]
    return cleaned


def validate_organisation_number(value: str):
    number = normalise_organisation_number(value)
    if len(number) != 9 or not number.isdigit():
        raise ValidationError(
            _("An organisation number has 9 digits, e.g. 987 654 321."), code="length"
        )
    if organisation_number_check_digit(number[:8]) != int(number[8]):
        raise ValidationError(
            _(
                "%(number)s is not a valid organisation number: the last digit does not match. "
                "Check the number in the Brønnøysund Register Centre."
            ),
            params={"number": number},
            code="check_digit",
        )
