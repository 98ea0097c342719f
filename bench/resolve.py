"""How fast and how well the resolver matches names.

    python bench/resolve.py                # 100,000 incoming actors against 100,000 stored ones
    python bench/resolve.py --n 20000      # a smaller run
    python bench/resolve.py --pairs        # precision/recall on tests/data/name_pairs.csv,
                                           # beside nomenklatura's logic-v2 on the same pairs

Synthetic names are drawn from invented surname roots with Slavic and Kazakh
endings and common given names; a third of the incoming actors are variants of
stored ones (transliteration, Cyrillic, initials, order, dropped patronymic,
gendered form, a typo), the rest are new people. Pure in-memory: no database.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import resource
import sys
import time
from pathlib import Path

from civicspace.resolve.index import ActorIndex
from civicspace.resolve.match import compare, decision

GIVEN_M = ("Ivan Sergey Aleksey Dmitry Andrey Mikhail Nikolai Yury Pavel Oleg Vladimir Yevgeny Anatoly Viktor "
           "Konstantin Fyodor Pyotr Grigory Vasily Maxim Artyom Ilya Stepan Timofey Arkady Nurlan Serik Yerlan "
           "Kairat Askar Marat Timur Azamat Yerzhan Zhanibek Baurzhan Nurbol Arman Ruslan Berik Dauren Galym "
           "Yerbol Samat Daniyar Bolat Talgat Murat Aidar Almas Bakhyt Rustam Igor Roman Denis Anton Boris").split()
GIVEN_F = ("Maria Anna Olga Tatyana Natalya Yelena Irina Svetlana Yulia Lyudmila Galina Anastasia Yekaterina Darya "
           "Ksenia Valentina Zoya Vera Nadezhda Aigerim Asel Aliya Gulnara Dana Saule Zhanar Madina Ainur Dinara "
           "Kamila Aizhan Gaukhar Bota Indira Zarina Laura Elmira Raushan Akmaral Sholpan").split()
ROOTS = ("Abil Akhmet Alim Baim Bek Bolat Dos Yermek Iskak Kasym Kenzhe Kurman Nurmagan Omar Sarsen Seit Sultan "
         "Tokhtar Utep Zhaksy Zhuma Yessen Shaiken Kuanysh Abdr Amir Batyr Dau Yerzh Kaly Mukhan Nurgali Ospan "
         "Rakhim Sadu Tulegen Umbet Zhan Ivan Smirn Kuznets Sokol Pop Lebed Novik Moroz Volk Solovy Vasily Zaits "
         "Pavl Semyon Golub Vinograd Bogdan Vorob Fyodor Mikhail Belya Taras Bel Komar Orl Kisel Makar Andre "
         "Koval Ilyin Gus Tit Kuzmin Kudryav Baran Kulik Aleksey Stepan Yakovl Sorok Serge Roman Zakhar Boris "
         "Korol Gerasim Ponomar Grigor Lazar Medved Yersh Nikit Sobol Ryab Polyak Tsvetk Danil Zhuk Frol").split()
PREFIXES = ("", "", "", "Ak", "Kara", "Zhan", "Ser", "Bal", "Tem", "Nur", "Or", "Kul", "Sary", "Bes", "Tas", "Mal")
SUFFIX_M = ("ov", "ev", "in", "bayev", "bekov", "enko", "sky", "uly", "galiyev", "zhanov", "ishin", "tayev")
FEM = {"ov": "ova", "ev": "eva", "in": "ina", "bayev": "bayeva", "bekov": "bekova", "enko": "enko",
       "sky": "skaya", "uly": "kyzy", "galiyev": "galiyeva", "zhanov": "zhanova", "ishin": "ishina", "tayev": "tayeva"}
RU = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к", "l": "л", "m": "м",
      "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "y": "ы"}
DIGRAPHS = (("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
            ("ya", "я"), ("ye", "е"), ("yo", "ё"), ("iy", "ий"), ("y", "й"))


def cyrillic(text: str) -> str:
    """A rough Russian spelling of a Latin name, as an incoming document in Cyrillic would give it."""
    out, i, low = [], 0, text.lower()
    while i < len(low):
        for lat, cyr in DIGRAPHS:
            if low.startswith(lat, i) and (lat != "y" or i + 1 == len(low) or low[i + 1] not in "aeiou"):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(RU.get(low[i], low[i]))
            i += 1
    return " ".join(w.capitalize() for w in "".join(out).split())


def person(rng: random.Random) -> tuple[str, str, str, str]:
    female = rng.random() < 0.45
    suffix = rng.choice(SUFFIX_M)
    surname = (lambda p, r: p + r.lower() if p else r)(rng.choice(PREFIXES), rng.choice(ROOTS)) + (FEM[suffix] if female else suffix)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    father = rng.choice(GIVEN_M)
    patronymic = father + ("ovna" if female else "ovich")
    return given, patronymic, surname, suffix


def variant(rng: random.Random, given: str, patronymic: str, surname: str) -> str:
    """Another spelling of the same person, as another document would write it."""
    how = rng.randrange(7)
    if how == 0:
        return cyrillic(f"{given} {surname}")
    if how == 1:
        return f"{given[0]}. {surname}"
    if how == 2:
        return f"{surname} {given}"
    if how == 3:
        return f"{given} {patronymic} {surname}"
    if how == 4:
        return f"{given} {surname}".replace("y", "i").replace("Ye", "E")
    if how == 5 and len(surname) > 6:
        i = rng.randrange(2, len(surname) - 2)
        return f"{given} {surname[:i]}{surname[i + 1]}{surname[i]}{surname[i + 2:]}"
    return f"{given} {surname}".replace("ks", "x").replace("kh", "h")


def cpu_seconds() -> float:
    """CPU time of this process: the cost, whatever else the machine runs."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def bench_speed(n: int, seed: int) -> None:
    rng = random.Random(seed)
    stored: list[str] = []
    truth: list[tuple[str, str, str]] = []
    for _ in range(n):
        given, patronymic, surname, _suffix = person(rng)
        stored.append(f"{given} {surname}")
        truth.append((given, patronymic, surname))
    incoming: list[str] = []
    expected: list[int | None] = []
    taken = set(stored)
    for _ in range(n):
        if rng.random() < 1 / 3:
            k = rng.randrange(n)
            incoming.append(variant(rng, *truth[k]))
            expected.append(k)
        else:
            given, _, surname, _ = person(rng)
            while f"{given} {surname}" in taken:  # a new person, not a namesake of a stored one
                given, _, surname, _ = person(rng)
            incoming.append(f"{given} {surname}")
            expected.append(None)
    t0, c0 = time.perf_counter(), cpu_seconds()
    index = ActorIndex("person")
    index.add_many(list(enumerate(stored)))
    t1 = time.perf_counter()
    found = index.resolve_many(incoming)
    t2, c2 = time.perf_counter(), cpu_seconds()
    decisions = [decision(c.match.score) if c else "new" for c in found]
    hits = sum(1 for c, e in zip(found, expected, strict=True)
               if e is not None and c is not None and stored[c.key] == stored[e] and decision(c.match.score) != "new")
    variants = sum(e is not None for e in expected)
    wrong_merge = sum(1 for c, e, d in zip(found, expected, decisions, strict=True)
                      if d == "merge" and c is not None and (e is None or stored[c.key] != stored[e]))
    counts = {d: decisions.count(d) for d in ("merge", "review", "new")}
    print(f"stored {n:,}, incoming {n:,} ({variants:,} variants of stored people)")
    print(f"index built in {t1 - t0:.1f} s; resolved in {t2 - t1:.1f} s; "
          f"total {t2 - t0:.1f} s wall clock, {c2 - c0:.1f} s CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"decisions: {counts}")
    print(f"variants found (merge or review): {hits / variants:.3f}; merges into the wrong actor: {wrong_merge}")


def bench_pairs(path: Path, with_logic_v2: bool) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    t0 = time.perf_counter()
    ours = [(compare(r["a"], r["b"], r["kind"]).score, r["same"] == "1") for r in rows]
    t1 = time.perf_counter()
    print(f"{len(rows)} pairs from {path}")
    report("civicspace", ours, [decision(s) for s, _ in ours], t1 - t0)
    if with_logic_v2:
        from followthemoney import model
        from nomenklatura.matching.logic_v2.model import LogicV2

        config = LogicV2.default_config()
        ids = itertools.count()

        def entity(name: str, kind: str):
            e = model.make_entity("Person" if kind == "person" else "Organization")
            e.id = f"e{next(ids)}"  # logic-v2 caches names by entity id
            e.add("name", name)
            return e

        t0 = time.perf_counter()
        theirs = [(LogicV2.compare(entity(r["a"], r["kind"]), entity(r["b"], r["kind"]), config).score,
                   r["same"] == "1") for r in rows]
        t1 = time.perf_counter()
        for review, merge in ((0.7, 0.9), (0.6, 0.9), (0.5, 0.95)):
            report(f"logic-v2 (review>={review}, merge>={merge})", theirs,
                   ["merge" if s >= merge else "review" if s >= review else "new" for s, _ in theirs], t1 - t0)


def report(label: str, scored: list[tuple[float, bool]], decisions: list[str], seconds: float) -> None:
    tp = sum(1 for (_, y), d in zip(scored, decisions, strict=True) if y and d != "new")
    fp = sum(1 for (_, y), d in zip(scored, decisions, strict=True) if not y and d != "new")
    fn = sum(1 for (_, y), d in zip(scored, decisions, strict=True) if y and d == "new")
    auto = sum(1 for (_, y), d in zip(scored, decisions, strict=True) if y and d == "merge")
    bad = sum(1 for (_, y), d in zip(scored, decisions, strict=True) if not y and d == "merge")
    print(f"{label:40} precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  "
          f"auto-merged: {auto} same / {bad} different  ({seconds:.2f} s)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--pairs", action="store_true")
    p.add_argument("--no-logic-v2", action="store_true")
    args = p.parse_args()
    if args.pairs:
        bench_pairs(Path(__file__).resolve().parents[1] / "tests" / "data" / "name_pairs.csv", not args.no_logic_v2)
    else:
        bench_speed(args.n, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
