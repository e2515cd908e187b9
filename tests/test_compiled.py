"""config/compiled.py: a query's SQL built once per ids, its rows read afresh every time."""

import pytest

from config import compiled
from nominations.models import Municipality

pytestmark = pytest.mark.django_db

built = []


@compiled.rows_of
def names_in(county_pk: int):
    built.append(county_pk)
    return Municipality.objects.filter(county_id=county_pk).order_by("name").values_list("name")


def test_the_sql_is_built_once_per_ids_and_the_rows_read_every_time(register):
    names_in.sql_of.cache_clear()
    built.clear()
    nordland = Municipality.objects.get(number="18")
    first = names_in(nordland.pk)
    assert ("Sømna",) in first
    Municipality.objects.filter(number="1812").update(name="Sømna og Vega")
    again = names_in(nordland.pk)
    assert ("Sømna og Vega",) in again and ("Sømna",) not in again  # the rows are read anew
    assert built == [nordland.pk]  # the query was built once
    trondelag = Municipality.objects.get(number="50")
    assert ("Trondheim - Tråante",) in names_in(trondelag.pk)
    assert built == [nordland.pk, trondelag.pk]


@compiled.queryset_of
def county_query(county_pk: int):
    built.append(("queryset", county_pk))
    return Municipality.objects.filter(county_id=county_pk).order_by("name")


def test_a_kept_queryset_is_copied_for_each_use(register):
    county_query.built.cache_clear()
    built.clear()
    nordland = Municipality.objects.get(number="18")
    somna = county_query(nordland.pk).filter(number="1812")
    assert [m.name for m in somna] == ["Sømna"]
    everyone = list(county_query(nordland.pk))  # the narrowing above changed no other copy
    assert len(everyone) > 1 and {m.county_id for m in everyone} == {nordland.pk}
    Municipality.objects.filter(number="1812").update(name="Sømna og Vega")
    assert "Sømna og Vega" in [m.name for m in county_query(nordland.pk)]
    assert built == [("queryset", nordland.pk)]
