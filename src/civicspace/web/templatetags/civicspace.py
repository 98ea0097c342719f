"""Template filters of the workspace."""

from __future__ import annotations

from django import template

from civicspace.web.labels import label

register = template.Library()


@register.filter
def code(value: str) -> str:
    """A vocabulary code as a person reads it, in the current language."""
    return label(str(value or ""))


@register.filter
def codes(values: list[str] | None) -> str:
    return ", ".join(label(str(v)) for v in values or [])
