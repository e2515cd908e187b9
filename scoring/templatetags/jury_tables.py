"""The juror's home's rows, written by scoring/tables.py."""

from django import template

from .. import tables

register = template.Library()

register.simple_tag(tables.candidate_rows, name="candidate_rows")
