from django import template

from onboarding import formatting

register = template.Library()


@register.filter
def eur(value):
    """1234567.5 -> '1 234 567,50 €' (Finnish and Swedish style)."""
    if value in (None, ""):
        return ""
    return formatting.euros(value)


@register.filter
def rate(value):
    """0.7000 -> '0,70 €'; keeps more decimals only when they matter."""
    if value in (None, ""):
        return ""
    places = 2 if value == value.quantize(formatting.Decimal("0.01")) else 4
    return formatting.euros(value, places)
