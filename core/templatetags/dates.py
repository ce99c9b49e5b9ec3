"""The `date` filter, in the reader's language (a template builtin, see settings).

`{{ day|date:"j F Y" }}` reads "22 July 2019", "22 de Julho de 2019" or "22 juillet 2019"
by the active language (core.dates.local_format); every other use is Django's own filter.
"""

from django import template
from django.template import defaultfilters

from core.dates import local_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return defaultfilters.date(value, local_format(arg) if arg else arg)
