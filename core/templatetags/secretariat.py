"""Who sends the award's e-mails and where to ask, from settings (SECRETARIAT_NAME and
SECRETARIAT_EMAIL), for templates rendered without a request, such as e-mails."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def secretariat_name():
    return settings.SECRETARIAT_NAME


@register.simple_tag
def secretariat_email():
    return settings.SECRETARIAT_EMAIL
