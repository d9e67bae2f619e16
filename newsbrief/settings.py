"""Django settings, all taken from NEWSBRIEF_* environment variables (see config.py)."""

import secrets
from pathlib import Path

import dj_database_url

from newsbrief import config

BASE_DIR = Path(__file__).resolve().parent

DEBUG = config.value("NEWSBRIEF_DEBUG")


def _secret_key(path: Path = Path("var/secret-key")) -> str:
    """The configured secret key, or one made at random on first use and kept beside the database."""
    if key := config.value("NEWSBRIEF_SECRET_KEY"):
        return key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = list(config.value("NEWSBRIEF_ALLOWED_HOSTS"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # For its static files: /api/docs then loads Swagger UI from this site, not a CDN, which the CSP refuses.
    "ninja",
    "newsbrief.site",
]

MIDDLEWARE = [
    # Outermost: it times the whole answer and counts its final status (site/web/metrics.py).
    "newsbrief.site.web.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsbrief.site.web.security.SecurityHeadersMiddleware",
    "newsbrief.site.web.security.LoginThrottleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so that CsrfViewMiddleware sets each reader's own CSRF cookie on a cached page (site/web/caching.py).
    "newsbrief.site.web.caching.PageCacheMiddleware",
]

# "default" is Django's own default (the login throttle); "pages" keeps rendered pages for anonymous
# readers, per process or in NEWSBRIEF_CACHE_URL's Redis, with "page-generations" there too: a write makes
# stale the pages that show what it changed; each is kept NEWSBRIEF_CACHE_SECONDS at most (site/web/caching.py).
CACHES = {
    # In the database, so every worker and process counts the same login failures.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsbrief_cache"},
    **config.page_caches(),
}

# Security headers: SecurityMiddleware sends these; site/web/security.py adds the Content-Security-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Behind TLS (NEWSBRIEF_TLS=1) cookies travel over HTTPS only. A proxy that ends TLS must set
# X-Forwarded-Proto: https (and drop the client's own) so Django knows the request came over HTTPS.
TLS = config.value("NEWSBRIEF_TLS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None
# HSTS only over TLS: telling browsers "HTTPS only" for a site without it would lock readers out.
SECURE_HSTS_SECONDS = config.value("NEWSBRIEF_HSTS_SECONDS") if TLS else 0

ROOT_URLCONF = "newsbrief.urls"
WSGI_APPLICATION = "newsbrief.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


SERVER_CONNECTION_SECONDS = 600  # how long a worker keeps its connection to a database server


def _database(url: str) -> dict:
    """Django's DATABASES entry for a URL; SQLite gets WAL mode and a busy timeout, a server persistent connections."""
    # A server's connection costs a TCP handshake and a password exchange (SCRAM), about 12 ms
    # per request here (/healthz: 24 ms -> 10 ms). So each worker keeps its connection, checked
    # before a request's first query: a restarted server costs a reconnect, not an error page.
    # SQLite opens a file in well under a millisecond: nothing worth keeping.
    db = dj_database_url.parse(url, conn_max_age=SERVER_CONNECTION_SECONDS, conn_health_checks=True)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["CONN_MAX_AGE"] = 0
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        db["OPTIONS"] = {
            # WAL lets readers (the web) run beside one writer (ingest); IMMEDIATE
            # takes the write lock up front so concurrent writers wait instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": config.value("NEWSBRIEF_SQLITE_TIMEOUT"),
        }
    return db


DATABASES = {"default": _database(config.value("NEWSBRIEF_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Serve app static files straight from the package: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
