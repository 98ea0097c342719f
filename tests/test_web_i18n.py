"""The Russian interface: every vocabulary code a page shows has a Russian label.

`makemessages` cannot see these labels (they come from the vocabulary data, not
from the templates), so this test is what catches a new code left untranslated."""

from __future__ import annotations

import pytest
from django.utils import translation

from civicspace.vocab import vocab
from civicspace.web.labels import label

SHOWN = ("areas", "incident_types", "actor_kinds", "person_roles", "organization_types", "addressees",
         "review_states", "confidentiality")


@pytest.mark.parametrize("name", SHOWN)
def test_every_code_has_a_russian_label(name):
    with translation.override("ru"):
        untranslated = [code for code in vocab(name).codes if label(code) == code.replace("_", " ")]
    assert untranslated == []


def test_english_labels_are_the_codes_spelled_out():
    with translation.override("en"):
        assert label("human_rights_defender") == "human rights defender"
        assert label("") == ""
