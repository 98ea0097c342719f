"""Sub-commands of the resolve step: review suggested merges, merge and split actors."""

from __future__ import annotations

import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resolve", help="list the actors the resolver thinks may be one (merge suggestions)")
    p.add_argument("--pending", action="store_true", help="only suggestions waiting for a decision (the default)")
    p.add_argument("--all", action="store_true", help="every suggestion, decided ones too")
    p.add_argument("--reject", type=int, metavar="SUGGESTION", help="record that the pair are two actors")
    p.add_argument("--compare", nargs=2, metavar=("NAME", "NAME"), help="score two names and say why")
    p.add_argument("--kind", choices=["person", "organization"], default="person", help="with --compare")
    p.set_defaults(func=resolve)

    p = sub.add_parser("merge", help="fold actor B into actor A (reversible with split)")
    p.add_argument("a", type=int, metavar="A", help="id of the actor that stays")
    p.add_argument("b", type=int, metavar="B", help="id of the actor folded into A")
    p.set_defaults(func=merge)

    p = sub.add_parser("split", help="undo the merge that folded actor B into another")
    p.add_argument("b", type=int, metavar="B", help="id of the merged actor")
    p.set_defaults(func=split)


def resolve(args: argparse.Namespace) -> int:
    if args.compare:
        from civicspace.resolve.match import compare, decision

        a, b = args.compare
        m = compare(a, b, kind=args.kind)
        print(f"{m.score:.3f}\t{decision(m.score)}\t{m.reason}")
        return 0
    from civicspace.store import ready_database

    ready_database()
    from civicspace.resolve.merge import reject
    from civicspace.store.models import MergeSuggestion

    if args.reject is not None:
        s = reject(args.reject)
        print(f"suggestion {s.pk}: rejected ({s.left} / {s.right} are two actors)")
        return 0
    qs = MergeSuggestion.objects.select_related("left", "right").order_by("-score", "id")
    if not args.all:
        qs = qs.filter(status="pending")
    rows = list(qs)
    if not rows:
        print("no pending merge suggestions" if not args.all else "no merge suggestions")
        return 0
    print("id\tscore\tstatus\tA\tB\treason")
    for s in rows:
        print(f"{s.pk}\t{s.score:.2f}\t{s.status}\t{s.left.pk} {s.left.name}\t{s.right.pk} {s.right.name}\t{s.reason}")
    return 0


def merge(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.resolve.merge import merge as fold

    s = fold(args.a, args.b)
    d = s.detail
    print(
        f"actor {args.b} merged into actor {args.a}: {len(d['victims']) + len(d['perpetrators'])} incident links, "
        f"{len(d['evidence'])} evidence, {len(d['aliases'])} names moved (undo: civicspace split {args.b})"
    )
    return 0


def split(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.resolve.merge import split as unfold

    s = unfold(args.b)
    print(f"actor {args.b} split out of actor {s.detail['target']}; the merge is undone")
    return 0
