"""Django settings for every civicspace process: the CLI, the web server and the workers.

Everything a deployment changes comes from the environment:
DATABASE_URL (SQLite by default, PostgreSQL for an office server), CIVICSPACE_HOME
(where the default database and the original files live), CIVICSPACE_SECRET_KEY,
CIVICSPACE_DEBUG, CIVICSPACE_ALLOWED_HOSTS, CELERY_BROKER_URL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

HOME = Path(os.environ.get("CIVICSPACE_HOME", Path.home() / ".civicspace")).expanduser()
BLOB_DIR = HOME / "files"


def _secret_key() -> str:
    """A key from the environment, else one made once per installation and kept in HOME."""
    if os.environ.get("CIVICSPACE_SECRET_KEY"):
        return os.environ["CIVICSPACE_SECRET_KEY"]
    path = HOME / "secret.key"
    if not path.exists():
        HOME.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CIVICSPACE_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("CIVICSPACE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'civicspace.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        # memory-mapped reads and a larger page cache: lists and facets over 100k records
        "init_command": "PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;",
    })

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "civicspace.store",
    "civicspace.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "civicspace.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "civicspace.web.wsgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

MAX_UPLOAD_BYTES = int(os.environ.get("CIVICSPACE_MAX_BYTES", 100 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
