"""`civicspace serve` and `civicspace user add`: run the workspace and let people into it."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from civicspace.errors import CivicspaceError

ROLES = ("admin", "editor", "viewer")


def add_commands(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="run the web workspace with gunicorn")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--threads", type=int, default=4)
    serve.set_defaults(func=run_serve)

    user = sub.add_parser("user", help="manage the people who may sign in")
    verbs = user.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True
    add = verbs.add_parser("add", help="add a user with a role and a clearance")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password", help="else CIVICSPACE_PASSWORD, else asked for")
    add.add_argument("--clearance", choices=("public", "internal", "restricted"),
                     help="highest confidentiality level the user may see (default by role)")
    add.set_defaults(func=run_user_add)


def run_serve(args: argparse.Namespace) -> int:
    """Migrate (SQLite), collect the static files for whitenoise, then hand the process to gunicorn."""
    from civicspace.store import ready_database

    ready_database()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    argv = [
        "gunicorn", "civicspace.web.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers), "--threads", str(args.threads),
        "--worker-class", "gthread", "--access-logfile", "-", "--timeout", "120",
    ]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicspace.store.settings")
    print(f"civicspace: serving {settings.DATABASES['default']['NAME']} on http://{args.host}:{args.port}/",
          file=sys.stderr)
    from gunicorn.app.wsgiapp import run

    sys.argv = argv
    run()
    return 0


def password_of(args: argparse.Namespace) -> str:
    if args.password:
        return args.password
    if os.environ.get("CIVICSPACE_PASSWORD"):
        return os.environ["CIVICSPACE_PASSWORD"]
    if not sys.stdin.isatty():
        raise CivicspaceError("user add: give --password, set CIVICSPACE_PASSWORD, or run in a terminal")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise CivicspaceError("user add: the passwords differ")
    return first


def run_user_add(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from civicspace.store.models import Profile

    users = get_user_model()
    if users.objects.filter(username=args.name).exists():
        raise CivicspaceError(f"user add: {args.name} exists already")
    password = password_of(args)
    try:
        validate_password(password)
    except ValidationError as err:
        raise CivicspaceError(f"user add: {' '.join(err.messages)}") from None
    clearance = args.clearance or Profile.DEFAULT_CLEARANCE[args.role]
    with transaction.atomic():
        user = users.objects.create_user(username=args.name, password=password)
        if args.role == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        Profile.objects.create(user=user, role=args.role, clearance=clearance)
    print(f"{args.name}: {args.role}, cleared for {clearance}")
    return 0
