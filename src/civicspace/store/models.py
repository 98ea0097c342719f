"""The record store: documents, what was extracted from them, and who may see it.

Every record has a review state and a confidentiality level and keeps its full
history (django-simple-history: who changed what, when). Every fact links to
`Evidence`: the span of a document's text it came from and the component that
produced it, so a reviewer can always see the passage behind a claim.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from civicspace.vocab import vocab


def _choices(name: str) -> list[tuple[str, str]]:
    return [(code, code.replace("_", " ")) for code in vocab(name).codes]


REVIEW_STATES = _choices("review_states")
CONFIDENTIALITY = _choices("confidentiality")
CONFIDENTIALITY_ORDER = vocab("confidentiality").codes


def levels_up_to(clearance: str) -> list[str]:
    """The confidentiality levels a user cleared for `clearance` may see."""
    return CONFIDENTIALITY_ORDER[: CONFIDENTIALITY_ORDER.index(clearance) + 1]


class RecordQuerySet(models.QuerySet):
    def visible_to(self, clearance: str) -> RecordQuerySet:
        """Only what a person with this clearance may know exists."""
        return self.filter(confidentiality__in=levels_up_to(clearance))

    def in_state(self, state: str) -> RecordQuerySet:
        """`state` is a review state, or "all" for every record but the rejected ones."""
        if state == "all":
            return self.exclude(review_state="rejected")
        return self.filter(review_state=state)


MENTIONED_IN = "The documents that name this record, with or without a quoted passage"


class Record(models.Model):
    review_state = models.CharField(max_length=16, choices=REVIEW_STATES, default="extracted", db_index=True)
    confidentiality = models.CharField(max_length=16, choices=CONFIDENTIALITY, default="internal", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Document(Record):
    """One input file, kept whole: its bytes content-addressed by sha256, and its read text."""

    sha256 = models.CharField(max_length=64, unique=True)
    title = models.TextField(blank=True, default="")
    publisher = models.CharField(max_length=300, blank=True, default="")
    published = models.CharField(max_length=10, blank=True, default="", help_text="ISO date, as precise as known")
    language = models.CharField(max_length=8, blank=True, default="")
    url = models.URLField(max_length=2000, blank=True, default="")
    filename = models.CharField(max_length=500, blank=True, default="")
    media_type = models.CharField(max_length=100, blank=True, default="")
    size = models.BigIntegerField(default=0)
    text = models.TextField(blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title or self.filename or self.sha256[:12]


class Source(Record):
    """An entry of a document's own bibliography: what its footnote numbers point to."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sources")
    number = models.CharField(max_length=20)
    title = models.TextField(blank=True, default="")
    url = models.URLField(max_length=2000, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="source_number_per_document")]

    def __str__(self) -> str:
        return f"[{self.number}] {self.title}"[:200]


class Actor(Record):
    """A person or an organisation, once, however many documents name it."""

    KINDS = [("person", "person"), ("organization", "organization")]
    kind = models.CharField(max_length=12, choices=KINDS, db_index=True)
    name = models.CharField(max_length=300, db_index=True)
    aliases = models.JSONField(default=list, blank=True)
    roles = models.JSONField(default=list, blank=True)
    org_type = models.CharField(max_length=32, blank=True, default="", choices=_choices("organization_types"))
    country = models.CharField(max_length=2, blank=True, default="", db_index=True)
    at_risk = models.BooleanField(default=False, help_text="Shown only by pseudonym in public editions")
    pseudonym = models.CharField(max_length=100, blank=True, default="")
    affiliations = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="members")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from",
        help_text="Set when a merge folded this record into another; cleared by a split",
    )
    documents = models.ManyToManyField(Document, blank=True, related_name="actors", help_text=MENTIONED_IN)
    history = HistoricalRecords(m2m_fields=[affiliations])

    def __str__(self) -> str:
        return self.name


class Law(Record):
    """An instrument (code, law, decree) and, when given, one of its articles."""

    instrument = models.CharField(max_length=500)
    article = models.CharField(max_length=50, blank=True, default="")
    title = models.TextField(blank=True, default="")
    jurisdiction = models.CharField(max_length=2, blank=True, default="")
    documents = models.ManyToManyField(Document, blank=True, related_name="laws", help_text=MENTIONED_IN)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.instrument}, Article {self.article}" if self.article else self.instrument


def year_of(iso: str) -> int | None:
    m = re.match(r"(\d{4})", iso or "")
    return int(m.group(1)) if m else None


class Incident(Record):
    """One action against one target: an arrest, a charge, a conviction, a ban..."""

    type = models.CharField(max_length=32, choices=_choices("incident_types"), db_index=True)
    date_start = models.CharField(max_length=10, blank=True, default="", help_text="ISO date, precision kept")
    date_end = models.CharField(max_length=10, blank=True, default="")
    year = models.IntegerField(null=True, blank=True, db_index=True, editable=False)
    location = models.CharField(max_length=300, blank=True, default="", db_index=True)
    country = models.CharField(max_length=2, blank=True, default="", db_index=True)
    charge = models.TextField(blank=True, default="")
    prison_months = models.FloatField(null=True, blank=True)
    fine_amount = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    fine_currency = models.CharField(max_length=3, blank=True, default="")
    area = models.CharField(max_length=40, choices=_choices("areas"), blank=True, default="", db_index=True)
    summary = models.TextField(blank=True, default="")
    victims = models.ManyToManyField(Actor, blank=True, related_name="victim_of")
    perpetrators = models.ManyToManyField(Actor, blank=True, related_name="perpetrator_of")
    laws = models.ManyToManyField(Law, blank=True, related_name="incidents")
    sources = models.ManyToManyField(Source, blank=True, related_name="incidents")
    documents = models.ManyToManyField(Document, blank=True, related_name="incidents", help_text=MENTIONED_IN)
    history = HistoricalRecords(m2m_fields=[victims, perpetrators, laws, sources])

    class Meta:
        indexes = [models.Index(fields=["type", "year"]), models.Index(fields=["area", "year"])]

    def save(self, *args, **kwargs):
        self.year = year_of(self.date_start)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.type} {self.date_start}".strip()


class Recommendation(Record):
    """What a report asks of a state or an international body, tracked over time."""

    text = models.TextField()
    area = models.CharField(max_length=40, choices=_choices("areas"), blank=True, default="", db_index=True)
    addressees = models.JSONField(default=list, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="recommendations")
    documents = models.ManyToManyField(Document, blank=True, related_name="recommendations", help_text=MENTIONED_IN)
    history = HistoricalRecords(m2m_fields=[sources])

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def status(self) -> str:
        latest = self.statuses.order_by("-date", "-id").first()
        return latest.status if latest else "made"


class RecommendationStatus(models.Model):
    """One step in a recommendation's life: made, accepted, implemented..."""

    STATUSES = [
        ("made", "made"),
        ("accepted", "accepted"),
        ("noted", "noted"),
        ("partially_implemented", "partially implemented"),
        ("implemented", "implemented"),
        ("not_implemented", "not implemented"),
    ]
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=32, choices=STATUSES)
    date = models.DateField()
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)


class Evidence(models.Model):
    """The passage of a document that supports one record, and what put it there."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="evidence")
    start = models.IntegerField()
    end = models.IntegerField()
    quote = models.TextField()
    component = models.CharField(max_length=100, blank=True, default="import")
    component_version = models.CharField(max_length=40, blank=True, default="")
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    law = models.ForeignKey(Law, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(actor__isnull=False, law__isnull=True, incident__isnull=True, recommendation__isnull=True)
                    | models.Q(actor__isnull=True, law__isnull=False, incident__isnull=True, recommendation__isnull=True)
                    | models.Q(actor__isnull=True, law__isnull=True, incident__isnull=False, recommendation__isnull=True)
                    | models.Q(actor__isnull=True, law__isnull=True, incident__isnull=True, recommendation__isnull=False)
                ),
                name="evidence_supports_one_record",
            ),
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="evidence_span_ordered"),
        ]


class Profile(models.Model):
    """A user's role and clearance: what they may do and which records they may know of."""

    ROLES = [("admin", "admin"), ("editor", "editor"), ("viewer", "viewer")]
    DEFAULT_CLEARANCE = {"admin": "restricted", "editor": "internal", "viewer": "internal"}
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=10, choices=ROLES, default="viewer")
    clearance = models.CharField(max_length=16, choices=CONFIDENTIALITY, default="internal")


class MergeSuggestion(models.Model):
    """Two actors the resolver thinks may be one, waiting for a person to decide."""

    STATUSES = [("pending", "pending"), ("merged", "merged"), ("rejected", "rejected"), ("split", "split")]
    left = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.TextField(blank=True, default="")
    status = models.CharField(max_length=10, choices=STATUSES, default="pending", db_index=True)
    detail = models.JSONField(default=dict, blank=True, help_text="What a merge moved, so that a split can undo it")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()


class Token(models.Model):
    """An API key for scripts. Only its sha256 is kept, so a copy of the database
    cannot be used to call the API; the key itself is shown once, when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class Job(models.Model):
    """A document being read, extracted and stored in the background, so the page that
    started it can show its progress and the uploader can leave and come back."""

    STATUSES = [
        ("queued", "queued"),
        ("reading", "reading"),
        ("extracting", "extracting"),
        ("storing", "storing"),
        ("done", "done"),
        ("failed", "failed"),
    ]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=500)
    path = models.CharField(max_length=1000, help_text="Where the uploaded bytes wait for the worker")
    confidentiality = models.CharField(max_length=16, choices=CONFIDENTIALITY, default="internal")
    status = models.CharField(max_length=12, choices=STATUSES, default="queued", db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True, default="")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
