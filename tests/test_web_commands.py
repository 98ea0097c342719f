"""`civicspace user add` lets people in with a role; `civicspace serve` runs the workspace
under gunicorn with its static files, on a port of the user's choosing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import authenticate

from civicspace.cli import main
from civicspace.store.models import Profile


@pytest.mark.django_db
def test_user_add_creates_a_user_with_role_and_clearance(capsys):
    assert main(["user", "add", "mira", "--role", "editor", "--password", "long-enough-1"]) == 0
    assert main(["user", "add", "root", "--role", "admin", "--password", "long-enough-2",
                 "--clearance", "restricted"]) == 0
    mira = Profile.objects.get(user__username="mira")
    assert (mira.role, mira.clearance) == ("editor", "internal")
    assert Profile.objects.get(user__username="root").clearance == "restricted"
    assert authenticate(username="mira", password="long-enough-1") is not None
    assert "mira: editor, cleared for internal" in capsys.readouterr().out


@pytest.mark.django_db
def test_user_add_refuses_a_taken_name_or_a_short_password(capsys, monkeypatch):
    assert main(["user", "add", "mira", "--role", "viewer", "--password", "long-enough-1"]) == 0
    assert main(["user", "add", "mira", "--role", "viewer", "--password", "long-enough-1"]) == 1
    assert "mira exists already" in capsys.readouterr().err
    monkeypatch.setenv("CIVICSPACE_PASSWORD", "short")
    assert main(["user", "add", "nika", "--role", "viewer"]) == 1
    assert "too short" in capsys.readouterr().err
    assert not Profile.objects.filter(user__username="nika").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location", "")


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    port = free_port()
    env = {**os.environ, "CIVICSPACE_HOME": str(tmp_path), "DATABASE_URL": ""}
    command = [sys.executable, "-m", "civicspace.cli", "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                status, body = fetch(f"{base}/login/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not answer")
        assert status == 200 and "csrfmiddlewaretoken" in body
        assert fetch(f"{base}/incidents/") == (302, "/login/?next=/incidents/")
        status, script = fetch(f"{base}/static/civicspace/htmx.min.js")
        assert status == 200 and "htmx" in script
        assert fetch(f"{base}/static/civicspace/style.css")[0] == 200
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert b"gunicorn" in err.lower() or b"Booting worker" in err
