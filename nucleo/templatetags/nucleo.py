from django import template

from nucleo import formato

register = template.Library()


@register.filter
def clp(valor) -> str:
    """Chilean pesos: 1234567 -> "$1.234.567" (no decimals), through Django's number formats."""
    return formato.clp(valor)
