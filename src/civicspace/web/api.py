"""The JSON API under /api/ (django-ninja): same filters and permissions as the pages.

Every answer starts from `access.visible(...)`, so a record above the caller's
clearance is a 404 by id, absent from lists, counts, facets and search, and never
named as a victim, law or source of a record the caller may see. Callers sign in
with an API token (`Authorization: Bearer KEY`, made by `civicspace token create`)
or with the workspace's session (the pages' htmx calls; CSRF checked on writes).
Reading needs any role; PATCH needs editor or admin.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal
from functools import cache
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import create_model

from civicspace.store import access, search
from civicspace.store.filters import FACETS, FILTERS, FilterError, facets, filtered, ordered
from civicspace.store.models import (
    Actor,
    Document,
    Evidence,
    Incident,
    Law,
    Recommendation,
    Source,
    Token,
    levels_up_to,
)
from civicspace.vocab import vocab
from civicspace.web import memo

MAX_PAGE_SIZE = 200
TOUCH_EVERY = timedelta(minutes=10)


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer KEY`; a token of a user with no role opens nothing."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = Token.objects.select_related("user").filter(key_sha256=token_digest(token)).first()
        if found is None or access.role_of(found.user) is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            Token.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user  # so history records who changed what
        return found.user


class RoleSession(APIKeyCookie):
    """The workspace's own session cookie, for a signed-in user with a role."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if access.role_of(user) is not None else None


api = NinjaAPI(
    title="civicspace",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=[TokenAuth(), RoleSession()],
)


@api.exception_handler(FilterError)
def _bad_filter(request: HttpRequest, exc: FilterError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(ValidationError)
def _bad_edit(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


def _caller(request: HttpRequest) -> Any:
    """The user the authenticator let in (ninja sets `request.auth`)."""
    return getattr(request, "auth", None)


# ---- output -----------------------------------------------------------------


class Ref(Schema):
    id: int
    label: str


class EvidenceOut(Schema):
    document: int
    start: int
    end: int
    quote: str
    component: str


class RecordOut(Schema):
    id: int
    review_state: str
    confidentiality: str


class IncidentOut(RecordOut):
    type: str
    date_start: str
    date_end: str
    year: int | None
    location: str
    country: str
    charge: str
    prison_months: float | None
    fine_amount: float | None
    fine_currency: str
    area: str
    summary: str
    victims: list[Ref]
    perpetrators: list[Ref]
    laws: list[Ref]


class ActorOut(RecordOut):
    kind: str
    name: str
    aliases: list[str]
    roles: list[str]
    org_type: str
    country: str
    at_risk: bool
    pseudonym: str


class LawOut(RecordOut):
    instrument: str
    article: str
    title: str
    jurisdiction: str


class RecommendationOut(RecordOut):
    text: str
    area: str
    addressees: list[str]
    status: str


class DocumentOut(RecordOut):
    sha256: str
    title: str
    publisher: str
    published: str
    language: str
    url: str
    filename: str
    media_type: str
    size: int


class SourceOut(RecordOut):
    document: int
    number: str
    title: str
    url: str


class DetailExtra(Schema):
    evidence: list[EvidenceOut] = []
    sources: list[Ref] = []
    documents: list[Ref] = []


class IncidentDetail(IncidentOut, DetailExtra):
    pass


class ActorDetail(ActorOut, DetailExtra):
    affiliations: list[Ref]


class LawDetail(LawOut, DetailExtra):
    pass


class RecommendationDetail(RecommendationOut, DetailExtra):
    pass


class DocumentDetail(DocumentOut):
    text: str
    metadata: dict[str, Any]


class SourceDetail(SourceOut):
    pass


class FacetOut(Schema):
    value: str
    label: str
    count: int


class HitOut(Schema):
    kind: str
    id: int
    title: str
    snippet: str = Field(description="HTML: the text escaped, matched words in <mark>")
    review_state: str
    confidentiality: str


class SearchOut(Schema):
    query: str
    results: list[HitOut]


class Message(Schema):
    detail: Any


# ---- edits ------------------------------------------------------------------


class RecordPatch(Schema):
    review_state: str | None = None
    confidentiality: str | None = None


class IncidentPatch(RecordPatch):
    type: str | None = None
    area: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    location: str | None = None
    country: str | None = None
    charge: str | None = None
    summary: str | None = None
    prison_months: float | None = None


class ActorPatch(RecordPatch):
    kind: str | None = None
    name: str | None = None
    aliases: list[str] | None = None
    roles: list[str] | None = None
    org_type: str | None = None
    country: str | None = None
    at_risk: bool | None = None
    pseudonym: str | None = None


class LawPatch(RecordPatch):
    instrument: str | None = None
    article: str | None = None
    title: str | None = None
    jurisdiction: str | None = None


class RecommendationPatch(RecordPatch):
    text: str | None = None
    area: str | None = None
    addressees: list[str] | None = None


class DocumentPatch(RecordPatch):
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None


class SourcePatch(RecordPatch):
    number: str | None = None
    title: str | None = None
    url: str | None = None


LIST_VOCABULARIES = {"roles": "person_roles", "aliases": None, "addressees": "addressees"}


def apply_edit(record: Model, changes: dict[str, Any], user: Any) -> None:
    """Set `changes` on `record` and save it if every value is valid (vocabulary codes,
    lengths, URLs); else raise ValidationError naming each bad field, nothing saved."""
    errors: dict[str, list[str]] = {}
    clearance = access.clearance_of(user) or "public"
    if "confidentiality" in changes and changes["confidentiality"] not in levels_up_to(clearance):
        errors["confidentiality"] = [f"you may set at most {clearance!r}"]
    for name, value in changes.items():
        if name in LIST_VOCABULARIES:
            codes = LIST_VOCABULARIES[name]
            unknown = [v for v in value if codes and v not in vocab(codes)]
            if unknown:
                errors[name] = [f"unknown code {u!r}" for u in unknown]
        setattr(record, name, value)
    try:
        record.full_clean(exclude=[f.name for f in record._meta.get_fields() if f.many_to_many or f.one_to_many])
    except ValidationError as err:
        for field, messages in err.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record.save()


# ---- record kinds -----------------------------------------------------------


def _refs(items: Any) -> list[dict[str, Any]]:
    return [{"id": x.pk, "label": str(x)} for x in items]


@cache
def _plain_fields(model: type[Model], schema: type[Schema]) -> tuple[str, ...]:
    """The schema's fields that are values on the model, not relations (whose managers are
    costly to make, and are filled in by visibility-aware code instead)."""
    relations = {f.name for f in model._meta.get_fields() if f.is_relation and not f.many_to_one}
    return tuple(name for name in schema.model_fields if name not in relations)


def _fields(record: Model, schema: type[Schema]) -> dict[str, Any]:
    out = {}
    for name in _plain_fields(type(record), schema):
        value = getattr(record, name, None)
        out[name] = float(value) if isinstance(value, Decimal) else value
    return out


def _evidence(record: Model, user: Any) -> list[dict[str, Any]]:
    rows = Evidence.objects.filter(**{str(record._meta.model_name): record}).filter(
        document__in=access.visible(Document.objects.all(), user).values("pk")
    )
    return [
        {"document": e.document_id, "start": e.start, "end": e.end, "quote": e.quote, "component": e.component}
        for e in rows.order_by("document_id", "start")
    ]


def _incident_links(ids: list[int], user: Any) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Visible victims, perpetrators and laws of many incidents: one flat query per link,
    since a page of 50 is served faster from rows than from prefetched managers."""
    levels = levels_up_to(access.clearance_of(user) or "public")
    links: dict[int, dict[str, list[dict[str, Any]]]] = {
        i: {"victims": [], "perpetrators": [], "laws": []} for i in ids
    }
    for name, field in (("victims", Incident.victims), ("perpetrators", Incident.perpetrators)):
        rows = field.through.objects.filter(incident_id__in=ids, actor__confidentiality__in=levels)
        for incident_id, actor_id, actor_name in rows.order_by("id").values_list("incident_id", "actor_id", "actor__name"):
            links[incident_id][name].append({"id": actor_id, "label": actor_name})
    law_rows = Incident.laws.through.objects.filter(incident_id__in=ids, law__confidentiality__in=levels)
    for incident_id, law_id, instrument, article in law_rows.order_by("id").values_list(
        "incident_id", "law_id", "law__instrument", "law__article"
    ):
        links[incident_id]["laws"].append({"id": law_id, "label": str(Law(instrument=instrument, article=article))})
    return links


def incident_rows(incidents: Any, user: Any) -> list[dict[str, Any]]:
    incidents = list(incidents)
    links = _incident_links([i.pk for i in incidents], user)
    return [{**_fields(i, IncidentOut), **links[i.pk]} for i in incidents]


def incident_detail(i: Incident, user: Any) -> dict[str, Any]:
    (out,) = incident_rows([i], user)
    out.update(
        evidence=_evidence(i, user),
        sources=_refs(access.visible(i.sources.all(), user)),
        documents=_refs(access.visible(i.documents.defer("text"), user)),
    )
    return out


def actor_detail(a: Actor, user: Any) -> dict[str, Any]:
    out = _fields(a, ActorOut)
    out.update(
        affiliations=_refs(access.visible(a.affiliations.all(), user)),
        evidence=_evidence(a, user),
        documents=_refs(access.visible(a.documents.defer("text"), user)),
    )
    return out


def law_detail(law: Law, user: Any) -> dict[str, Any]:
    out = _fields(law, LawOut)
    out.update(evidence=_evidence(law, user), documents=_refs(access.visible(law.documents.defer("text"), user)))
    return out


def recommendation_row(r: Recommendation, user: Any) -> dict[str, Any]:
    return _fields(r, RecommendationOut)


def recommendation_detail(r: Recommendation, user: Any) -> dict[str, Any]:
    out = recommendation_row(r, user)
    out.update(
        evidence=_evidence(r, user),
        sources=_refs(access.visible(r.sources.all(), user)),
        documents=_refs(access.visible(r.documents.defer("text"), user)),
    )
    return out


def source_row(s: Source, user: Any) -> dict[str, Any]:
    out = _fields(s, SourceOut)
    out["document"] = s.document_id
    return out


def _plain(schema: type[Schema]) -> Any:
    return lambda record, user: _fields(record, schema)


KINDS: dict[str, dict[str, Any]] = {
    "incidents": dict(model=Incident, out=IncidentOut, detail_out=IncidentDetail, patch=IncidentPatch,
                      rows=incident_rows, detail=incident_detail),
    "actors": dict(model=Actor, out=ActorOut, detail_out=ActorDetail, patch=ActorPatch,
                   row=_plain(ActorOut), detail=actor_detail),
    "laws": dict(model=Law, out=LawOut, detail_out=LawDetail, patch=LawPatch, row=_plain(LawOut), detail=law_detail),
    "recommendations": dict(model=Recommendation, out=RecommendationOut, detail_out=RecommendationDetail,
                            patch=RecommendationPatch, prepare=lambda qs, user: qs.prefetch_related("statuses"),
                            row=recommendation_row, detail=recommendation_detail),
    "documents": dict(model=Document, out=DocumentOut, detail_out=DocumentDetail, patch=DocumentPatch,
                      prepare=lambda qs, user: qs.defer("text", "metadata"), row=_plain(DocumentOut),
                      detail=_plain(DocumentDetail)),
    "sources": dict(model=Source, out=SourceOut, detail_out=SourceDetail, patch=SourcePatch,
                    row=source_row, detail=source_row),
}


def _filters_of(request: HttpRequest) -> str:
    """The parameters that decide a count (not the page or the sort), in a stable order."""
    return "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()) if k not in ("page", "page_size", "sort"))


def _register(name: str, spec: dict[str, Any]) -> None:
    model, kind = spec["model"], name.rstrip("s")
    Out, Patch = spec["out"], spec["patch"]
    router = Router(tags=[name])
    filter_fields: dict[str, Any] = {key: (list[str] | None, None) for key in FILTERS[kind]}
    filter_fields["sort"] = (str | None, None)
    Filters = create_model(f"{model.__name__}Filters", __base__=Schema, **filter_fields)
    Page = create_model(
        f"{model.__name__}Page", __base__=Schema, count=(int, ...), page=(int, ...), page_size=(int, ...),
        results=(list[Out], ...),  # type: ignore[valid-type]
    )
    facet_fields: dict[str, Any] = {f: (list[FacetOut], []) for f in FACETS[kind]}
    Facets = create_model(f"{model.__name__}Facets", __base__=Schema, **facet_fields)
    prepare = spec.get("prepare", lambda qs, user: qs)

    def records(request: HttpRequest) -> QuerySet:
        return access.visible(model.objects.all(), _caller(request))

    @router.get("", response=Page, operation_id=f"list_{name}", summary=f"List {name}, filtered and paginated")
    def list_records(
        request: HttpRequest, filters: Query[Filters], page: int = 1, page_size: int = 50  # type: ignore[valid-type]
    ) -> dict[str, Any]:
        narrowed = filtered(records(request), request.GET, _caller(request))
        size = max(1, min(page_size, MAX_PAGE_SIZE))
        start = (max(page, 1) - 1) * size
        count = narrowed.count()  # cheaper than the fingerprint a remembered count needs
        rows = ordered(narrowed, request.GET.get("sort"))[start : start + size]
        user = _caller(request)
        if "rows" in spec:
            results = spec["rows"](prepare(rows, user), user)
        else:
            results = [spec["row"](r, user) for r in prepare(rows, user)]
        return {"count": count, "page": max(page, 1), "page_size": max(1, min(page_size, MAX_PAGE_SIZE)),
                "results": results}

    @router.get("/facets", response=Facets, operation_id=f"facets_{name}", summary=f"Counts of {name} per facet")
    def facet_counts(request: HttpRequest, filters: Query[Filters]) -> dict[str, Any]:  # type: ignore[valid-type]
        return memo.remembered(request, f"api/{name}/facets/{_filters_of(request)}", lambda: {
            f: [v.__dict__ for v in values]
            for f, values in facets(filtered(records(request), request.GET, _caller(request)),
                                    user=_caller(request), params=request.GET).items()
        })

    @router.get("/{int:record_id}", response=spec["detail_out"], operation_id=f"get_{kind}")
    def detail(request: HttpRequest, record_id: int) -> dict[str, Any]:
        return spec["detail"](get_object_or_404(records(request), pk=record_id), _caller(request))

    @router.patch(
        "/{int:record_id}", response={200: spec["detail_out"], 400: Message, 403: Message},
        operation_id=f"edit_{kind}", summary="Change fields (editors and admins); history keeps the old values",
    )
    def edit(request: HttpRequest, record_id: int, changes: Patch) -> Any:  # type: ignore[valid-type]
        record = get_object_or_404(records(request), pk=record_id)
        if not access.can_edit(_caller(request)):
            return Status(403, {"detail": "editors and admins only"})
        apply_edit(record, cast(Schema, changes).model_dump(exclude_unset=True), _caller(request))
        return Status(200, spec["detail"](record, _caller(request)))

    api.add_router(f"/{name}", router)


for _name, _spec in KINDS.items():
    _register(_name, _spec)


@api.get("/search", response=SearchOut, tags=["search"], summary="Full-text search over records and document text")
def search_records(
    request: HttpRequest, q: str, kind: list[str] = Query(None), limit: int = 50  # noqa: B008
) -> dict[str, Any]:
    kinds = kind or None
    for k in kinds or ():
        if k not in search.KINDS:
            raise FilterError(f"kind: one of {', '.join(search.KINDS)}, not {k!r}")
    hits = search.search(q, _caller(request), kinds=kinds, limit=max(1, min(limit, MAX_PAGE_SIZE)))
    return {"query": q, "results": [h.__dict__ for h in hits]}


@api.get("/me", tags=["account"], summary="Who the caller is and what they may do")
def me(request: HttpRequest) -> dict[str, Any]:
    user = _caller(request)
    return {"username": user.get_username(), "role": access.role_of(user), "clearance": access.clearance_of(user)}

