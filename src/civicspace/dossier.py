"""The dossier format, civicspace-dossier/1, as pydantic models.

A dossier is the contract between extraction, storage, reports and evaluation
(see ../shared/spec/dossier-format.md). Every code is checked against the
vocabularies in `civicspace.vocab`; references between records are checked
here too, so that nothing downstream has to guard against a dangling id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from civicspace.vocab import vocab

FORMAT: Literal["civicspace-dossier/1"] = "civicspace-dossier/1"
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _code_of(vocabulary: str):
    def check(value: str) -> str:
        if value not in vocab(vocabulary):
            raise ValueError(f"{value!r} is not a code of {vocabulary} ({', '.join(vocab(vocabulary).codes)})")
        return value

    return AfterValidator(check)


def _iso_date(value: str | None) -> str | None:
    if value is not None and not ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


Area = Annotated[str, _code_of("areas")]
IncidentType = Annotated[str, _code_of("incident_types")]
Role = Annotated[str, _code_of("person_roles")]
OrgType = Annotated[str, _code_of("organization_types")]
Addressee = Annotated[str, _code_of("addressees")]
Confidentiality = Annotated[str, _code_of("confidentiality")]
IsoDate = Annotated[str | None, AfterValidator(_iso_date)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DocumentMeta(Record):
    title: str | None = None
    publisher: str | None = None
    published: IsoDate = None
    language: str | None = None
    url: str | None = None
    sha256: str | None = None

    @field_validator("sha256")
    @classmethod
    def _sha(cls, value: str | None) -> str | None:
        if value is not None and not SHA256.match(value):
            raise ValueError(f"{value!r} is not a lowercase hex sha256")
        return value


class Evidence(Record):
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    document: str | None = None
    component: str | None = None
    component_version: str | None = None

    @model_validator(mode="after")
    def _span(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"span {self.start}-{self.end} is {self.end - self.start} characters "
                f"but the quote is {len(self.quote)}"
            )
        return self


class Source(Record):
    id: str
    title: str | None = None
    url: str | None = None
    optional: bool | None = None


class Actor(Record):
    id: str
    kind: Literal["person", "organization"]
    name: str = Field(min_length=1)
    aliases: list[str] = []
    roles: list[Role] = []
    affiliations: list[str] = []
    country: str | None = None
    org_type: OrgType | None = None
    at_risk: bool | None = None
    confidentiality: Confidentiality | None = None
    evidence: list[Evidence] = []
    optional: bool | None = None


class Law(Record):
    id: str
    instrument: str = Field(min_length=1)
    article: str | None = None
    title: str | None = None
    jurisdiction: str | None = None
    evidence: list[Evidence] = []
    optional: bool | None = None


class DateRange(Record):
    start: IsoDate = None
    end: IsoDate = None


class Fine(Record):
    amount: int | float | None = None
    currency: str | None = None


class Penalty(Record):
    prison_months: int | float | None = None
    fine: Fine | None = None


class Incident(Record):
    id: str
    type: IncidentType
    date: DateRange | IsoDate = None
    location: str | None = None
    victims: list[str] = []
    perpetrators: list[str] = []
    laws: list[str] = []
    charge: str | None = None
    penalty: Penalty | None = None
    area: Area | None = None
    summary: str | None = None
    evidence: list[Evidence] = []
    sources: list[str] = []
    confidentiality: Confidentiality | None = None
    optional: bool | None = None

    @property
    def date_range(self) -> DateRange:
        """The date as a range, whichever of the two spellings the dossier used."""
        if isinstance(self.date, DateRange):
            return self.date
        return DateRange(start=self.date, end=None)


class Recommendation(Record):
    id: str
    text: str = Field(min_length=1)
    area: Area | None = None
    addressees: list[Addressee] = []
    evidence: list[Evidence] = []
    sources: list[str] = []
    confidentiality: Confidentiality | None = None
    optional: bool | None = None


class Dossier(Record):
    format: Literal["civicspace-dossier/1"] = FORMAT
    document: DocumentMeta | None = None
    documents: list[DocumentMeta] | None = None
    sources: list[Source] = []
    actors: list[Actor] = []
    laws: list[Law] = []
    incidents: list[Incident] = []
    recommendations: list[Recommendation] = []

    @model_validator(mode="after")
    def _references(self) -> Dossier:
        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def evidence_items(self):
        """Every (path, evidence) pair in the dossier, for span checks against the text."""
        for kind in ("actors", "laws", "incidents", "recommendations"):
            for i, record in enumerate(getattr(self, kind)):
                for j, ev in enumerate(record.evidence):
                    yield f"{kind}[{i}].evidence[{j}]", ev

    def to_json(self) -> str:
        return json.dumps(dump(self), ensure_ascii=False, indent=2) + "\n"


def _unique(kind: str, ids: list[str], problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, rid in enumerate(ids):
        if rid in seen:
            problems.append(f"{kind}[{i}].id: duplicate id {rid!r}")
        seen.add(rid)
    return seen


def reference_problems(d: Dossier) -> list[str]:
    """Every id that is duplicated or points at nothing, each with its field path."""
    problems: list[str] = []
    actors = _unique("actors", [a.id for a in d.actors], problems)
    laws = _unique("laws", [x.id for x in d.laws], problems)
    sources = _unique("sources", [s.id for s in d.sources], problems)
    _unique("incidents", [x.id for x in d.incidents], problems)
    _unique("recommendations", [x.id for x in d.recommendations], problems)

    def check(path: str, refs: list[str], known: set[str], what: str) -> None:
        for k, ref in enumerate(refs):
            if ref not in known:
                problems.append(f"{path}[{k}]: unknown {what} id {ref!r}")

    for i, a in enumerate(d.actors):
        check(f"actors[{i}].affiliations", a.affiliations, actors, "actor")
    for i, inc in enumerate(d.incidents):
        check(f"incidents[{i}].victims", inc.victims, actors, "actor")
        check(f"incidents[{i}].perpetrators", inc.perpetrators, actors, "actor")
        check(f"incidents[{i}].laws", inc.laws, laws, "law")
        check(f"incidents[{i}].sources", inc.sources, sources, "source")
    for i, r in enumerate(d.recommendations):
        check(f"recommendations[{i}].sources", r.sources, sources, "source")
    if d.document is not None and d.documents is not None:
        problems.append("document: a dossier has either 'document' or 'documents', not both")
    if d.documents is not None:
        shas = {doc.sha256 for doc in d.documents}
        for path, ev in d.evidence_items():
            if ev.document not in shas:
                problems.append(f"{path}.document: {ev.document!r} names none of the dossier's documents")
    return problems


class DossierError(ValueError):
    """A dossier that cannot be used, with one line per problem, each naming where it is."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[check(), str]",) or str(part).startswith(("function-", "union[")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def problems_of(err: ValidationError) -> list[str]:
    """Pydantic's errors as 'path: message (got value)' lines a monitor can act on."""
    lines = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p in ("DateRange", "str")))
        msg = e["msg"].removeprefix("Value error, ")
        got = e.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        lines.append(f"{_path(loc)}: {msg}{shown}")
    return list(dict.fromkeys(lines))


def parse(data: Any, source: str = "dossier") -> Dossier:
    """A validated Dossier from decoded JSON, or a DossierError naming every problem."""
    if not isinstance(data, dict):
        raise DossierError(source, ["(top level): a dossier is a JSON object"])
    try:
        return Dossier.model_validate(data)
    except ValidationError as err:
        raise DossierError(source, problems_of(err)) from None


def load(path: str | Path) -> Dossier:
    """Read and validate a dossier file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DossierError(str(path), ["no such file"]) from None
    except UnicodeDecodeError as err:
        raise DossierError(str(path), [f"not UTF-8 text ({err.reason} at byte {err.start})"]) from None
    except json.JSONDecodeError as err:
        raise DossierError(str(path), [f"malformed JSON at line {err.lineno} column {err.colno}: {err.msg}"]) from None
    return parse(data, str(path))


def span_problems(d: Dossier, texts: dict[str | None, str]) -> list[str]:
    """Evidence whose span lies outside its document's text or does not quote it exactly.

    `texts` maps a document sha256 (or None for a single-document dossier) to its text.
    """
    problems = []
    for path, ev in d.evidence_items():
        text = texts.get(ev.document) if ev.document in texts else texts.get(None)
        if text is None:
            continue
        if ev.end > len(text):
            problems.append(f"{path}: span {ev.start}-{ev.end} is outside the text ({len(text)} characters)")
        elif text[ev.start : ev.end] != ev.quote:
            problems.append(f"{path}: the quote is not the text at {ev.start}-{ev.end}")
    return problems


def dump(d: Dossier) -> dict:
    """The dossier as plain JSON data, without the extension fields nobody set."""
    return d.model_dump(mode="json", exclude_none=False, exclude=_unset_extensions(d))


def _unset_extensions(d: Dossier) -> dict:
    ext = {"optional", "at_risk", "confidentiality", "document"}
    out: dict[str, Any] = {}
    if d.documents is None:
        out["documents"] = True
    if d.document is None and d.documents is not None:
        out["document"] = True
    for kind in ("sources", "actors", "laws", "incidents", "recommendations"):
        per: dict[int, Any] = {}
        for i, rec in enumerate(getattr(d, kind)):
            skip: dict[str, Any] = {f: True for f in ext if f in type(rec).model_fields and getattr(rec, f) is None}
            skip.pop("document", None)
            if getattr(rec, "evidence", None):
                per_ev = {
                    j: {f: True for f in ("document", "component", "component_version") if getattr(ev, f) is None}
                    for j, ev in enumerate(rec.evidence)
                }
                per_ev = {j: fields for j, fields in per_ev.items() if fields}
                if per_ev:
                    skip["evidence"] = per_ev
            if kind in ("actors", "laws") and not getattr(rec, "evidence", None):
                skip["evidence"] = True
            if kind == "actors":
                if rec.kind == "person" and rec.org_type is None:
                    skip["org_type"] = True
                if rec.kind == "organization":
                    skip.update({f: True for f in ("roles", "affiliations") if not getattr(rec, f)})
            if kind == "recommendations" and not rec.sources:
                skip["sources"] = True
            if skip:
                per[i] = skip
        if per:
            out[kind] = per
    return out


def json_schema() -> dict:
    """The JSON Schema of the format, with the vocabularies' codes as enums."""
    schema = Dossier.model_json_schema()
    schema["$id"] = "https://civicspace.example/schema/civicspace-dossier-1.json"
    schema["title"] = FORMAT
    enums = {
        "Actor.roles": "person_roles",
        "Actor.org_type": "organization_types",
        "Incident.type": "incident_types",
        "Incident.area": "areas",
        "Recommendation.area": "areas",
        "Recommendation.addressees": "addressees",
    }
    defs = schema.get("$defs", {})
    for dotted, vname in enums.items():
        model, field = dotted.split(".")
        prop = defs.get(model, {}).get("properties", {}).get(field)
        if prop is None:
            continue
        codes = vocab(vname).codes
        if prop.get("type") == "array":
            prop["items"] = {"enum": codes}
        elif "anyOf" in prop:
            prop["anyOf"] = [{"enum": codes}, {"type": "null"}]
        else:
            prop["enum"] = codes
    return schema
