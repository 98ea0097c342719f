"""Response times of the web workspace on a large record, through the real server.

Fills a fresh SQLite database (in a temporary CIVICSPACE_HOME) with synthetic
incidents, actors, laws, documents and sources, starts `civicspace serve`
(gunicorn) on a loopback port, signs in with an API token and with a session,
and times lists, filters, facets and search: p50 / p95 / max over N requests each.

    .venv/bin/python bench/web.py [--incidents 100000] [--requests 50] [--keep DIR]

Target (issue 6): p95 under 200 ms on SQLite for list, filter and search.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

TYPES = ["arrest", "criminal_charge", "administrative_penalty", "conviction", "civil_lawsuit", "intimidation",
         "search_seizure", "travel_ban", "physical_attack", "online_restriction", "surveillance", "release"]
AREAS = ["legal_framework", "political_public_environment", "information_flow", "support_resources",
         "dialogue_cooperation"]
ROLES = ["journalist", "blogger", "editor", "activist", "human_rights_defender", "lawyer", "politician",
         "labour_activist", "writer"]
COUNTRIES = ["EE", "LV", "LT", "FI", "NO", "SE", "PL", "CZ", "SK", "HU"]
WORDS = ("police court hearing detained protest square editor newspaper broadcast permit rally picket union "
         "strike fine appeal prosecutor investigator warrant custody sentence colony leaflet website channel "
         "blocked post comment lawyer visit denied border passport airport office raid laptop phone seized").split()
LEVELS = ["public"] * 15 + ["internal"] * 80 + ["restricted"] * 5
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill(n_incidents: int, rng: random.Random) -> dict[str, list]:
    """Synthetic records by bulk insert; returns the values the requests will ask for."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from civicspace.store.models import Actor, Document, Incident, Law, Profile, Source
    from civicspace.store.planner import refresh_statistics

    places = [f"{rng.choice(['North', 'South', 'East', 'West', 'Upper', 'Lower'])} {w.title()}ville"
              for w in WORDS[:60]]
    places = sorted(set(places))
    n_actors = max(100, n_incidents // 5)
    with transaction.atomic():
        docs = Document.objects.bulk_create(
            Document(sha256=f"{i:064x}", title=f"Monitoring report {i}", language="en",
                     text=" ".join(rng.choices(WORDS, k=3000)), confidentiality=rng.choice(LEVELS))
            for i in range(50)
        )
        sources = Source.objects.bulk_create(
            Source(document=d, number=str(k), title=f"Court record {k} {rng.choice(WORDS)}",
                   confidentiality=d.confidentiality)
            for d in docs for k in range(1, 41)
        )
        laws = Law.objects.bulk_create(
            Law(instrument=rng.choice(["Criminal Code", "Code of Administrative Offences", "Law on Assemblies"]),
                article=str(100 + i), title=" ".join(rng.choices(WORDS, k=5)), confidentiality=rng.choice(LEVELS))
            for i in range(300)
        )
        actors = Actor.objects.bulk_create(
            Actor(kind="person", name=f"{rng.choice(['Anna', 'Boris', 'Carla', 'Dmitri', 'Elin', 'Farid'])} "
                                     f"Testperson{i}",
                  roles=rng.sample(ROLES, k=rng.choice([1, 1, 2])), country=rng.choice(COUNTRIES),
                  confidentiality=rng.choice(LEVELS))
            for i in range(n_actors)
        )
        batch: list = []
        for _ in range(n_incidents):
            year = rng.randint(2005, 2024)
            batch.append(Incident(
                type=rng.choice(TYPES), date_start=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                year=year, location=rng.choice(places), country=rng.choice(COUNTRIES), area=rng.choice(AREAS),
                charge=rng.choice(["", "", "hooliganism", "defamation", "extremism", "organising an unsanctioned rally"]),
                summary=" ".join(rng.choices(WORDS, k=18)), confidentiality=rng.choice(LEVELS),
                review_state=rng.choice(["extracted", "extracted", "verified", "rejected"]),
            ))
        incidents = Incident.objects.bulk_create(batch, batch_size=2000)
        victims, through_laws, through_sources = [], [], []
        for inc in incidents:
            for actor in rng.sample(actors, k=rng.choice([1, 1, 1, 2])):
                victims.append(Incident.victims.through(incident_id=inc.pk, actor_id=actor.pk))
            if rng.random() < 0.5:
                through_laws.append(Incident.laws.through(incident_id=inc.pk, law_id=rng.choice(laws).pk))
            through_sources.append(Incident.sources.through(incident_id=inc.pk, source_id=rng.choice(sources).pk))
        Incident.victims.through.objects.bulk_create(victims, batch_size=5000)
        Incident.laws.through.objects.bulk_create(through_laws, batch_size=5000)
        Incident.sources.through.objects.bulk_create(through_sources, batch_size=5000)
        user = User.objects.create_user("bench", password=PASSWORD)
        Profile.objects.create(user=user, role="viewer", clearance="internal")
    refresh_statistics(connection)  # what an import does
    seen = {"public", "internal"}
    return {"places": places, "laws": [law.pk for law in laws if law.confidentiality in seen],
            "incidents": [i.pk for i in incidents if i.confidentiality in seen]}


def token_for(username: str) -> str:
    import secrets

    from django.contrib.auth.models import User

    from civicspace.store.models import Token
    from civicspace.web.api import token_digest

    key = secrets.token_urlsafe(32)
    Token.objects.create(user=User.objects.get(username=username), key_sha256=token_digest(key))
    return key


class Session:
    """One keep-alive HTTP connection with its own headers and cookies."""

    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, extra: dict[str, str] | None = None):
        headers = {**self.headers, **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def timed(self, path: str) -> tuple[float, int, bytes]:
        start = time.perf_counter()
        status, data = self.request("GET", path)
        return (time.perf_counter() - start) * 1000, status, data


def sign_in(port: int) -> Session | None:
    """A session signed in through the login page, or None if the pages are not there."""
    s = Session(port)
    status, page = s.request("GET", "/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match:
        return None
    body = urlencode({"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": match.group(1).decode()})
    status, _ = s.request("POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Referer": f"http://127.0.0.1:{port}/login/"})
    return s if status in (302, 303) and "sessionid" in s.cookies else None


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the server and its workers (Linux /proc), so that a
    loaded machine's waiting can be told apart from the server's own work."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total


def measure(name: str, session: Session, paths: list[str], failures: list[str], server_pid: int,
            warm: bool = True) -> dict:
    if warm:
        session.timed(paths[0])  # warm this route's code and caches once
    times = []
    cpu_before = cpu_seconds(server_pid)
    for path in paths:
        ms, status, data = session.timed(path)
        if status != 200:
            failures.append(f"{name}: {path} -> {status} {data[:120]!r}")
        times.append(ms)
    cpu_ms = (cpu_seconds(server_pid) - cpu_before) * 1000 / len(paths)
    times.sort()
    return {"name": name, "n": len(times), "cpu_ms": cpu_ms, "p50": statistics.median(times),
            "p95": times[max(0, int(round(0.95 * len(times))) - 1)], "max": times[-1]}


def start_server(argv: list[str], port: int, log) -> subprocess.Popen | None:
    """The server process once it accepts connections, or None if it exited first."""
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log, env=os.environ.copy())
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                return None
            time.sleep(0.3)
    server.terminate()
    server.wait(timeout=20)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="use (and keep) this CIVICSPACE_HOME instead of a temporary one")
    ap.add_argument("--database-url", help="measure on this PostgreSQL database instead of SQLite (target is for SQLite)")
    args = ap.parse_args()
    home = args.keep or Path(tempfile.mkdtemp(prefix="civicspace-bench-web-"))
    os.environ["CIVICSPACE_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:  # an empty PostgreSQL database (or one this bench filled before)
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicspace.store.settings"
    rng = random.Random(6)
    from civicspace.store import ready_database, setup

    if args.database_url:
        from django.core.management import call_command

        setup()
        call_command("migrate", interactive=False, verbosity=0)
    ready_database()
    from civicspace.store.models import Incident

    started = time.perf_counter()
    if Incident.objects.count() == 0:
        values = fill(args.incidents, rng)
    else:
        values = {"places": sorted(set(Incident.objects.values_list("location", flat=True)[:5000])),
                  "laws": list(Incident.laws.through.objects.values_list("law_id", flat=True)[:300]),
                  "incidents": list(Incident.objects.filter(confidentiality__in=["public", "internal"])
                                    .values_list("pk", flat=True)[:5000])}
    fill_s = time.perf_counter() - started
    key = token_for("bench")
    total = Incident.objects.count()
    where = args.database_url or home / "civicspace.sqlite3"
    print(f"database: {where}: {total} incidents (filled in {fill_s:.1f} s)")

    port = free_port()
    bin_dir = Path(sys.executable).parent
    log = (home / "server.log").open("w")
    server = start_server([str(bin_dir / "civicspace"), "serve", "--port", str(port), "--workers", str(args.workers)],
                          port, log)
    if server is None:  # the same server and settings as `civicspace serve`, started by hand
        print("civicspace serve did not start (see server.log); running gunicorn directly")
        server = start_server([str(bin_dir / "gunicorn"), "civicspace.web.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", "4",
                               "--worker-class", "gthread", "--timeout", "120"], port, log)
    if server is None:
        raise SystemExit(f"server did not start: {(home / 'server.log').read_text()[-2000:]}")
    failures: list[str] = []
    results = []
    try:
        n = args.requests
        api = Session(port, {"Authorization": f"Bearer {key}"})
        pick = rng.choice
        word = lambda: pick(WORDS)  # noqa: E731
        api_sets = {
            "api list (page 1..n)": [f"/api/incidents?page={i + 1}" for i in range(n)],
            "api filter type+year": [f"/api/incidents?type={pick(TYPES)}&year={rng.randint(2005, 2024)}"
                                     for _ in range(n)],
            "api filter place+area": [f"/api/incidents?{urlencode({'place': pick(values['places']), 'area': pick(AREAS)})}"
                                      for _ in range(n)],
            "api filter role of victim": [f"/api/incidents?role={pick(ROLES)}&sort=-date" for _ in range(n)],
            "api filter law": [f"/api/incidents?law={pick(values['laws'])}" for _ in range(n)],
            "api filter q (full text)": [f"/api/incidents?q={word()}+{word()}" for _ in range(n)],
            "api search": [f"/api/search?q={word()}+{word()}" for _ in range(n)],
            "api detail": [f"/api/incidents/{pick(values['incidents'])}" for _ in range(n)],
            "api facets": [f"/api/incidents/facets?type={pick(TYPES)}" for _ in range(n)],
        }
        for name, paths in api_sets.items():
            results.append(measure(name, api, paths, failures, server.pid))
        page = sign_in(port)
        if page is None:
            print("pages: no login page with a CSRF form answered; page timings skipped")
        else:
            page_sets = {
                "page /incidents/": [f"/incidents/?page={i + 1}" for i in range(n)],
                "page /incidents/?type&year": [f"/incidents/?type={pick(TYPES)}&year={rng.randint(2005, 2024)}"
                                              for _ in range(n)],
                "page /incidents/?q": [f"/incidents/?q={word()}+{word()}" for _ in range(n)],
                "page /incidents/?role": [f"/incidents/?role={pick(ROLES)}&page={rng.randint(1, 20)}"
                                          for _ in range(n)],
                "page /incidents/?page=deep": [f"/incidents/?page={rng.randint(50, 300)}" for _ in range(n)],
                "page /persons/": [f"/persons/?page={i + 1}" for i in range(n)],
                "page /persons/?q": [f"/persons/?q={pick(['Anna', 'Boris', 'Carla', 'Elin'])}+Testperson{rng.randint(1, 99)}"
                                     for _ in range(n)],
                "page /search/?q": [f"/search/?q={word()}" for _ in range(n)],
            }
            for name, paths in page_sets.items():
                results.append(measure(name, page, paths, failures, server.pid))
                if "/?" in paths[0] and not paths[0].startswith("/search/"):
                    # what the page's htmx asks for next when its counts were not known yet
                    panels = [path.replace("/?", "/facets/?", 1) for path in paths]
                    results.append(measure("  + its facet panel", page, panels, failures, server.pid))
            # a parameter the lists ignore makes each request miss the remembered counts:
            # the first visit after a change, with no cache to lean on
            first = [f"/incidents/?nocache={i}" for i in range(n)]
            results.append(measure("page /incidents/ first visit", page, first, failures, server.pid, warm=False))
            first_panel = [f"/incidents/facets/?nocache={i}" for i in range(n)]
            results.append(measure("  + its facet panel", page, first_panel, failures, server.pid, warm=False))
            first_api = [f"/api/incidents/facets?nocache={i}" for i in range(n)]
            results.append(measure("api facets first visit", api, first_api, failures, server.pid, warm=False))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (others' work inflates times)")
    print(f"{'request':32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu ms':>8}")
    for r in results:
        flag = "" if r["p95"] < 200 else "  (over 200 ms)"
        print(f"{r['name']:32} {r['n']:4d} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['cpu_ms']:8.1f}{flag}")
    for f in failures[:10]:
        print("FAILED", f)
    print(json.dumps({"incidents": total, "results": results, "failures": len(failures)}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
