from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def clp(valor) -> str:
    """Chilean pesos: 1234567 -> "$1.234.567" (no decimals)."""
    if valor in (None, ""):
        return ""
    entero = round(Decimal(valor))
    signo = "-" if entero < 0 else ""
    return f"{signo}${abs(entero):,}".replace(",", ".")
