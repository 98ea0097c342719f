"""`civicspace token create USER`: an API key for scripts that call /api/."""

from __future__ import annotations

import argparse
import secrets

from civicspace.errors import CivicspaceError


def add_commands(sub: argparse._SubParsersAction) -> None:
    token = sub.add_parser("token", help="API tokens for scripts that call /api/")
    verbs = token.add_subparsers(dest="token_command", metavar="ACTION")
    verbs.required = True
    create = verbs.add_parser("create", help="make a token for USER and print it (shown only this once)")
    create.add_argument("user", metavar="USER")
    create.add_argument("--name", default="", help="what the token is for, to tell tokens apart")
    create.set_defaults(func=create_token)
    revoke = verbs.add_parser("revoke", help="delete every token of USER")
    revoke.add_argument("user", metavar="USER")
    revoke.set_defaults(func=revoke_tokens)


def _user(name: str):
    from django.contrib.auth import get_user_model

    from civicspace.store import access

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CivicspaceError(f"{name}: no such user (add one with `civicspace user add`)")
    if access.role_of(user) is None:
        raise CivicspaceError(f"{name}: the user has no role, so a token would open nothing")
    return user


def create_token(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.store.models import Token
    from civicspace.web.api import token_digest

    user = _user(args.user)
    key = secrets.token_urlsafe(32)
    Token.objects.create(user=user, key_sha256=token_digest(key), name=args.name)
    print(key)
    return 0


def revoke_tokens(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.store.models import Token

    deleted, _ = Token.objects.filter(user=_user(args.user)).delete()
    print(f"{deleted} token(s) revoked")
    return 0
