"""Edit forms for each record kind: codes only from the vocabularies, dates as precise as known.

A form never offers what the editor may not see: the confidentiality levels above
their clearance, or linked records they are not cleared for. Links to such records
are kept when the form is saved, because the editor could not have meant to remove them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicspace.store import access
from civicspace.store.models import (
    CONFIDENTIALITY,
    Actor,
    Document,
    Incident,
    Law,
    Recommendation,
    levels_up_to,
)
from civicspace.vocab import vocab
from civicspace.web.labels import label

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def coded(name: str) -> list[tuple[str, str]]:
    return [(code, label(code)) for code in vocab(name).active]


def offer(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    """Narrow a choice field to `choices` (the vocabulary's active codes, the user's levels)."""
    field.choices = choices  # type: ignore[attr-defined]


def linkable(field: forms.Field) -> Any:
    return field.queryset  # type: ignore[attr-defined]


class LinkPicker(forms.CheckboxSelectMultiple):
    """The records linked now, each a ticked box, and a search that offers more (htmx,
    `views.review.link_choices`): a list of every visible actor is unusable at thousands."""

    template_name = "civicspace/widgets/link_picker.html"

    def __init__(self, search: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search = search

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        chosen = [v for v in value if str(v).isdigit()]
        everything = self.choices
        self.choices = [(obj.pk, str(obj)) for obj in everything.queryset.filter(pk__in=chosen)]  # type: ignore[attr-defined]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse("civicspace:link-choices", args=[self.search])
        return context


def partial_date(value: str) -> str:
    """A date as precise as the source gives it: 2019, 2019-03 or 2019-03-12."""
    value = (value or "").strip()
    if not value:
        return ""
    if not PARTIAL_DATE.match(value):
        raise forms.ValidationError(_("Use YYYY, YYYY-MM or YYYY-MM-DD."))
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise forms.ValidationError(_("No such date.")) from None
    return value


def country_code(value: str) -> str:
    value = (value or "").strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise forms.ValidationError(_("Use a two-letter ISO country code, such as KZ."))
    return value


class RecordForm(forms.ModelForm):
    """The parts every record form shares: who is editing, and what they may see."""

    links: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        allowed = levels_up_to(access.clearance_of(user) or "public")
        offer(self.fields["confidentiality"], [(c, label(c)) for c, _t in CONFIDENTIALITY if c in allowed])
        for name in self.links:
            field = self.fields[name]
            field.queryset = access.visible(linkable(field), user)  # type: ignore[attr-defined]

    def _save_m2m(self) -> None:
        """Links the editor cannot see survive the save: they were never on the form."""
        hidden = {}
        if self.instance.pk:
            for name in self.links:
                manager = getattr(self.instance, name)
                visible_ids = access.visible(manager.all(), self.user).values("id")
                hidden[name] = list(manager.exclude(id__in=visible_ids))
        super()._save_m2m()  # type: ignore[misc]
        for name, kept in hidden.items():
            if kept:
                getattr(self.instance, name).add(*kept)


class IncidentForm(RecordForm):
    links = ("victims", "perpetrators", "laws")

    class Meta:
        model = Incident
        fields = [
            "type", "date_start", "date_end", "location", "country", "area", "charge",
            "prison_months", "fine_amount", "fine_currency", "summary", "victims", "perpetrators", "laws",
            "confidentiality",
        ]
        widgets = {"charge": forms.Textarea(attrs={"rows": 2}), "summary": forms.Textarea(attrs={"rows": 4}),
                   "victims": LinkPicker("actors"), "perpetrators": LinkPicker("actors"), "laws": LinkPicker("laws")}
        help_texts = {"date_start": _("YYYY, YYYY-MM or YYYY-MM-DD"), "prison_months": _("Prison term in months")}
        labels = {
            "type": _("Type"), "date_start": _("Date"), "date_end": _("Until"), "location": _("Place"),
            "country": _("Country"), "area": _("Area"), "charge": _("Charge"), "prison_months": _("Prison months"),
            "fine_amount": _("Fine"), "fine_currency": _("Currency"), "summary": _("Summary"),
            "victims": _("Victims"), "perpetrators": _("Perpetrators"), "laws": _("Laws"),
            "confidentiality": _("Confidentiality"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["type"], coded("incident_types"))
        offer(self.fields["area"], [("", "—"), *coded("areas")])
        for name in ("victims", "perpetrators"):
            people = linkable(self.fields[name]).filter(merged_into__isnull=True).order_by("name")
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        laws = linkable(self.fields["laws"]).order_by("instrument", "article")
        self.fields["laws"].queryset = laws  # type: ignore[attr-defined]

    def clean_date_start(self) -> str:
        return partial_date(self.cleaned_data["date_start"])

    def clean_date_end(self) -> str:
        return partial_date(self.cleaned_data["date_end"])

    def clean_country(self) -> str:
        return country_code(self.cleaned_data["country"])

    def clean_fine_currency(self) -> str:
        value = (self.cleaned_data["fine_currency"] or "").strip().upper()
        if value and not re.fullmatch(r"[A-Z]{3}", value):
            raise forms.ValidationError(_("Use a three-letter currency code, such as KZT."))
        return value

    def clean_prison_months(self) -> float | None:
        value = self.cleaned_data["prison_months"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("A prison term cannot be negative."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and end < start:
            self.add_error("date_end", _("The end comes before the start."))
        return data


class ActorForm(RecordForm):
    roles = forms.MultipleChoiceField(
        choices=coded("person_roles"), required=False, widget=forms.CheckboxSelectMultiple, label=_("Roles")
    )
    aliases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Aliases"), help_text=_("One per line")
    )

    class Meta:
        model = Actor
        fields = ["kind", "name", "aliases", "roles", "org_type", "country", "at_risk", "pseudonym", "confidentiality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["org_type"], [("", "—"), *coded("organization_types")])
        offer(self.fields["kind"], coded("actor_kinds"))
        if self.instance.pk:
            self.initial["aliases"] = "\n".join(self.instance.aliases or [])

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]

    def clean_country(self) -> str:
        return country_code(self.cleaned_data["country"])


class LawForm(RecordForm):
    class Meta:
        model = Law
        fields = ["instrument", "article", "title", "jurisdiction", "confidentiality"]
        widgets = {"instrument": forms.TextInput(), "title": forms.Textarea(attrs={"rows": 2})}

    def clean_jurisdiction(self) -> str:
        return country_code(self.cleaned_data["jurisdiction"])


class RecommendationForm(RecordForm):
    addressees = forms.MultipleChoiceField(
        choices=coded("addressees"), required=False, widget=forms.CheckboxSelectMultiple, label=_("Addressees")
    )

    class Meta:
        model = Recommendation
        fields = ["text", "area", "addressees", "confidentiality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["area"], [("", "—"), *coded("areas")])


class DocumentForm(RecordForm):
    class Meta:
        model = Document
        fields = ["title", "publisher", "published", "language", "url", "confidentiality"]
        widgets = {"title": forms.TextInput()}

    def clean_published(self) -> str:
        return partial_date(self.cleaned_data["published"])


FORMS: dict[str, type[RecordForm]] = {
    "incident": IncidentForm,
    "actor": ActorForm,
    "law": LawForm,
    "recommendation": RecommendationForm,
    "document": DocumentForm,
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Report"), help_text=_("PDF, Word (DOCX), HTML or plain text"))
    dossier = forms.FileField(
        label=_("Dossier (optional)"), required=False,
        help_text=_("A civicspace dossier (JSON) already made from this file: it is stored instead of extracting"),
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = levels_up_to(access.clearance_of(user) or "public")
        offer(self.fields["confidentiality"], [(c, label(c)) for c, _t in CONFIDENTIALITY if c in allowed])
        self.fields["confidentiality"].initial = "internal" if "internal" in allowed else allowed[-1]

    def clean_file(self) -> UploadedFile:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than the limit."))
        return upload


class UserForm(forms.Form):
    username = forms.CharField(label=_("Name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)
    role = forms.ChoiceField(label=_("Role"), choices=[("viewer", _("viewer")), ("editor", _("editor")),
                                                       ("admin", _("admin"))])
    clearance = forms.ChoiceField(label=_("Clearance"), choices=[(c, label(c)) for c, _t in CONFIDENTIALITY],
                                  initial="internal")

    def clean_username(self) -> str:
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=name).exists():
            raise forms.ValidationError(_("This name is taken."))
        return name
