"""Human labels for vocabulary codes, in the user's language.

Codes are data (vocab/*.yaml); their English labels are the codes with spaces, and
the Russian catalogue translates those labels, so a new code shows up readable at
once and translated as soon as the catalogue has it.
"""

from __future__ import annotations

from django.utils.translation import gettext


def label(code: str) -> str:
    return gettext(code.replace("_", " ")) if code else ""
