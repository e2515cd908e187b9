"""The deliberation's fast figures write exactly what floatformat writes."""

import math

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from scoring.templatetags.figures import figure

VALUES = [
    0,
    0.004,
    -0.004,
    -0.005,
    0.005,
    0.015,
    0.125,
    1.005,
    2.675,
    -2.675,
    3.14159,
    4.999,
    -1.5,
    12.3456,
    999.995,
    1234.5678,
    -98765.4321,
] + [i / 7 - 3 for i in range(60)]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("places", [1, 2, 3])
def test_figure_is_floatformat(language, places):
    with translation.override(language):
        for value in VALUES:
            assert figure(value, places) == floatformat(value, places), value


def test_no_value_is_a_dash():
    assert figure(None) == "–"
    assert figure(math.nan) == "–"


def test_norwegian_decimal_comma():
    with translation.override("nb"):
        assert figure(3.456) == "3,46"
        assert figure(-0.001) == "0,00"
