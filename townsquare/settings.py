"""Townsquare settings: one module, read from environment variables.

Defaults are the embedded mode (a SQLite file under ./var, no other server).
Set DATABASE_URL for PostgreSQL. Anything wrong fails at start-up with a clear message.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


DATA_DIR = Path(os.environ.get("TOWNSQUARE_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in the embedded mode, one generated once and kept in DATA_DIR."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if not DEBUG and env_bool("TOWNSQUARE_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "townsquare.core",
    "townsquare.people",
    "townsquare.conversations",
    "townsquare.coach",
    "townsquare.purpose",
    "townsquare.notebook",
    "townsquare.ideas",
    "townsquare.practices",
    "townsquare.events",
    "townsquare.connect",
    "townsquare.circles",
    "townsquare.analytics",
    "townsquare.live",
    "townsquare.delivery",
    "townsquare.influence",
    "townsquare.sso",
    "townsquare.scim",
    "townsquare.governance",
    "townsquare.portability",
    "townsquare.operations",
    "townsquare.api",
    "ninja",  # only for its Swagger UI files, so /api/v1/docs loads nothing from a CDN
    "townsquare.demo",
    "huey.contrib.djhuey",
    "csp",  # for its system checks of CONTENT_SECURITY_POLICY (the header comes from its middleware)
]
if env_bool("TOWNSQUARE_BENCH_ACTSTREAM"):
    # Only for `townsquare bench feed`: the peer we compare the home feed with.
    INSTALLED_APPS += ["actstream"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "townsquare.core.audit.AuditRequestMiddleware",  # the address an audit log entry came from (core/audit.py)
    "townsquare.core.middleware.PersonTimeZoneMiddleware",
    "townsquare.core.middleware.DatabaseBusyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "townsquare.sso.middleware.SsoOnlyMiddleware",  # with SSO_ONLY, the password reset pages say sign in with SSO
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# The cache holds short-lived counters (API rate limits, idempotency keys' locks): in this process by
# default, shared in Redis when REDIS_URL is set so every web process sees the same counts.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "townsquare"}}

# Rendered post cards (conversations/cards.py), keyed by their content, so never stale: kept in each
# process, where reading one costs microseconds rather than a round trip to Redis.
CACHES["cards"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cards",
                   "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": env_int("CARD_CACHE_ENTRIES", 2000)}}

# The site's frame around every signed-in page (core/frame.py), keyed by everything it shows, so never
# stale: a few kilobytes per person signed in recently, in each process.
CACHES["frames"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "frames",
                    "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": env_int("FRAME_CACHE_ENTRIES", 2000)}}

ROOT_URLCONF = "townsquare.urls"
WSGI_APPLICATION = "townsquare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "townsquare.conversations.context_processors.unread_notifications",
                "townsquare.sso.context_processors.sso",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
# Threads per web process that run pages and API calls (townsquare/asgi.py).
WEB_THREADS = env_int("WEB_THREADS", 8)
# Live streams per web process that may be opening (signing in, reading memberships) at one time:
# a reconnect storm queues on the event loop instead of taking every pooled connection (asgi.py).
LIVE_OPENING_MAX = env_int("LIVE_OPENING_MAX", 4)
LIVE_DB_THREADS = 4  # threads per process that run the open live streams' reads (live/views.py)
if LIVE_OPENING_MAX < 1:
    raise ImproperlyConfigured(f"LIVE_OPENING_MAX must be 1 or more (0 would let no live stream open), not {LIVE_OPENING_MAX}")
SQLITE_PATH = DATA_DIR / os.environ.get("TOWNSQUARE_SQLITE_NAME", "townsquare.sqlite3")
if os.environ.get("DATABASE_URL"):
    # CONN_MAX_AGE stays 0: connections are reused through the pool below instead (Django's pool
    # requires it), which also covers the live streams' threads that come and go.
    # No health checks on the pool: they cut throughput from 30 to 18 req/s on the HTTP bench (the pool
    # checks each connection as it lends it). After a PostgreSQL restart, a request that gets a dead
    # connection fails once, and the pool drops that connection (docs/OPERATIONS.md).
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=env_int("CONN_MAX_AGE", 0))}
    if DATABASES["default"]["ENGINE"] not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["ENGINE"] = "townsquare.core.sqlite_backend"  # see the SQLite settings below
    if (DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not DATABASES["default"]["CONN_MAX_AGE"]
            and env_int("DB_POOL_MAX", 1) > 0):
        # A pool per process: a request borrows an open connection and gives it back when Django
        # closes it at the end of the request, instead of paying PostgreSQL's connection start-up
        # (about 15 ms here). Enough for every page thread, the live streams' readers and openings, and
        # a few writes at once.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DB_POOL_MIN", 2),
            "max_size": env_int("DB_POOL_MAX", WEB_THREADS + LIVE_DB_THREADS + LIVE_OPENING_MAX + 2), "timeout": 10}
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend with this process's writers queued on one lock (core/sqlite_backend).
            "ENGINE": "townsquare.core.sqlite_backend",
            "NAME": SQLITE_PATH,
            # WAL + a busy timeout + IMMEDIATE transactions: readers never block the writer
            # and concurrent writers queue instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
                ),
            },
            # The test database is a file too, never SQLite's shared-cache memory database: the browser tests'
            # live server and the test body use different connections, and the memory database's table locks
            # fail at once ("database table is locked") instead of waiting for the busy timeout. One file per
            # test run (the process id), so two runs, even in one DATA_DIR, never share or delete each other's.
            "TEST": {"NAME": DATA_DIR / f"test-{os.getpid()}.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.Person"
# The password gate first: with SSO_ONLY it refuses every email-and-password sign-in before ModelBackend is asked
# (ModelBackend stays, so sessions it started and the break-glass link keep working); then single sign-on.
AUTHENTICATION_BACKENDS = ["townsquare.sso.backends.PasswordGate", "django.contrib.auth.backends.ModelBackend",
                           "townsquare.sso.backends.OidcBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- single sign-on (OpenID Connect: townsquare/sso, docs/IDENTITY.md) ------------------------------
# Off unless OIDC_ISSUER is set. The provider's endpoints (authorization, token, userinfo, JWKS) come from its
# discovery document ({issuer}/.well-known/openid-configuration), fetched when first needed and cached.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = " ".join(os.environ.get("OIDC_SCOPES", "openid email profile").split())
OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "Sign in with SSO").strip()
# Which claim fills which profile field at every SSO sign-in ("" = never from SSO; a.b reads a nested claim).
OIDC_CLAIM_NAME = os.environ.get("OIDC_CLAIM_NAME", "name").strip()
OIDC_CLAIM_DEPARTMENT = os.environ.get("OIDC_CLAIM_DEPARTMENT", "department").strip()
OIDC_CLAIM_TITLE = os.environ.get("OIDC_CLAIM_TITLE", "title").strip()
OIDC_CLAIM_MANAGER_EMAIL = os.environ.get("OIDC_CLAIM_MANAGER_EMAIL", "manager_email").strip()
# People are created or linked by email only when the provider says the address is verified (email_verified);
# true trusts every address the provider sends (Entra ID sends no email_verified: docs/IDENTITY.md).
OIDC_TRUST_EMAIL = env_bool("OIDC_TRUST_EMAIL", False)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds for each call to the provider
# How the client secret goes to the token endpoint: in the form (client_secret_post, the default) or as HTTP Basic
# (client_secret_basic, what an Okta app is set to unless changed).
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
SSO_ONLY = env_bool("SSO_ONLY", False)  # password sign-in and reset off; org admins keep break-glass-login
# What mozilla-django-oidc reads (townsquare/sso/backends.py): the code flow with PKCE (S256), a nonce and a
# state per sign-in, ID tokens signed with RS256 and checked against the provider's JWKS.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False


def _check_oidc() -> None:
    from urllib.parse import urlsplit

    if SSO_ONLY and not OIDC_ENABLED:
        raise ImproperlyConfigured("SSO_ONLY=true needs OIDC_ISSUER: with password sign-in off and no provider, nobody could sign in")
    for name in ("OIDC_CLAIM_NAME", "OIDC_CLAIM_DEPARTMENT", "OIDC_CLAIM_TITLE", "OIDC_CLAIM_MANAGER_EMAIL"):
        value = globals()[name]
        if value and not all(c.isascii() and (c.isalnum() or c in "_-.:/") for c in value):
            raise ImproperlyConfigured(f"{name} must be a claim name such as 'department' (or empty), not {value!r}")
    if OIDC_TIMEOUT < 1:
        raise ImproperlyConfigured(f"OIDC_TIMEOUT must be 1 second or more, not {OIDC_TIMEOUT}")
    if not OIDC_ENABLED:
        return
    url = urlsplit(OIDC_ISSUER)
    loopback = url.hostname in {"127.0.0.1", "localhost", "::1"}
    if url.scheme != "https" and not (url.scheme == "http" and loopback):
        raise ImproperlyConfigured(f"OIDC_ISSUER must be an https:// URL (http:// only on this machine), not {OIDC_ISSUER!r}")
    if not url.hostname or url.query or url.fragment:
        raise ImproperlyConfigured(f"OIDC_ISSUER must be the provider's issuer URL with no query, not {OIDC_ISSUER!r}")
    if not OIDC_RP_CLIENT_ID:
        raise ImproperlyConfigured("OIDC_CLIENT_ID must be set when OIDC_ISSUER is (the client id the provider gave you)")
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_CLIENT_SECRET must be set when OIDC_ISSUER is (the client secret the provider gave you)")
    if "openid" not in OIDC_RP_SCOPES.split():
        raise ImproperlyConfigured(f"OIDC_SCOPES must include openid, not {OIDC_RP_SCOPES!r}")
    if not OIDC_BUTTON_LABEL or len(OIDC_BUTTON_LABEL) > 60:
        raise ImproperlyConfigured("OIDC_BUTTON_LABEL must be 1 to 60 characters")


_check_oidc()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
if env_bool("TOWNSQUARE_FAST_PASSWORD_HASHER"):
    # Tests and the benchmark create thousands of accounts; hashing cost is not what they measure.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS: list[Path] = [BASE_DIR / "static"]  # townsquare/static: the CSS and vendored htmx
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TOWNSQUARE_MEDIA_DIR", DATA_DIR / "media"))

# --- background work ----------------------------------------------------------
# Huey: periodic tasks (the coach's nudges and weekly reviews, townsquare/coach/tasks.py). By default the
# queue is a SQLite file in DATA_DIR and `townsquare demo` runs the consumer in-process; with REDIS_URL the
# queue lives in Redis and any number of `townsquare run_huey` workers share it.
REDIS_URL = os.environ.get("REDIS_URL", "")

# The address of this site as people reach it: links in emails (coach nudges, digests, unsubscribe)
# and webhook payloads start with it. Set it in production.
# Unset, it is this machine on PORT (8000 by default); `townsquare demo --port N` sets it to that port.
SITE_URL = (os.environ.get("SITE_URL", "") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")

# How many days an invitation link, and a welcome email's link to choose a password, keep working.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)
if INVITATION_DAYS < 1:
    raise ImproperlyConfigured("INVITATION_DAYS must be 1 or more")

# A finished export (a person's or the organisation's zip, townsquare/portability) can be downloaded this many days.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)
if EXPORT_KEEP_DAYS < 1:
    raise ImproperlyConfigured("EXPORT_KEEP_DAYS must be 1 or more")

# Coffee roulette never pairs two people again within this many rounds.
COFFEE_NO_REPEAT_ROUNDS = env_int("COFFEE_NO_REPEAT_ROUNDS", 6)
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://")
HUEY = {
    "name": "townsquare",
    "immediate": False,
    "results": False,
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "huey.sqlite3")},
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
}

# Scheduled backups (townsquare/operations): one every BACKUP_EVERY_HOURS hours into DATA_DIR/backups/, keeping
# the newest BACKUP_KEEP of them; 0 hours = no scheduled backups (the default).
BACKUP_EVERY_HOURS = env_int("BACKUP_EVERY_HOURS", 0)
BACKUP_KEEP = env_int("BACKUP_KEEP", 7)
if BACKUP_EVERY_HOURS < 0 or BACKUP_KEEP < 1:
    raise ImproperlyConfigured("BACKUP_EVERY_HOURS must be 0 or more and BACKUP_KEEP 1 or more")

# --- email ------------------------------------------------------------------
# With no mail server configured, emails (password resets, nudges, digests) are written as files to
# DATA_DIR/outbox/ instead of flooding the terminal of `townsquare demo`; EMAIL_HOST switches to SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "outbox"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Townsquare <townsquare@localhost>")
if os.environ.get("EMAIL_HOST") and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# --- security -----------------------------------------------------------------
# Hosts that push endpoints and webhooks may reach although they are inside the network or plain http
# (core/netguard.py): comma-separated, empty by default.
PUSH_ALLOWED_HOSTS = [h for h in os.environ.get("PUSH_ALLOWED_HOSTS", "").split(",") if h.strip()]
WEBHOOK_ALLOWED_HOSTS = [h for h in os.environ.get("WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "townsquare.core.views.csrf_failure"  # the JSON error shape under /api/
SECURE_REFERRER_POLICY = "same-origin"
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Behind HTTPS (SECURE_COOKIES=true): browsers are told to use only HTTPS for a year (HSTS), and plain http
# is redirected, except the health checks a load balancer makes over http. Only when the proxy says so
# (TRUST_X_FORWARDED_PROTO=true, and only if it sets that header itself) is its X-Forwarded-Proto believed.
if SECURE_COOKIES:
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^live/healthz$"]
    if not SECURE_HSTS_PRELOAD:
        # Preloading puts the domain in the browsers' built-in lists, for every subdomain, for months: the
        # domain's owner decides that (HSTS_PRELOAD=true), not an installation's default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A second wall behind escaping: if markup ever gets into a page, the browser still runs no script and
# applies no style that is not one of our own files. So no inline <script>, no on*= handlers, no style=""
# attributes and no javascript: URLs anywhere in our templates (tests/browser/test_csp.py visits the pages).
# Images may also be data:/blob: URLs that a script makes in the page (libraries' icons, a chart saved as
# an image); nobody may frame a page (frame-ancestors, as X-Frame-Options: DENY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- product limits (documented in docs/ARCHITECTURE.md and shown in the UI) --
TOWNSQUARE = {
    "POST_MAX_CHARS": 10_000,
    "ARTICLE_MAX_CHARS": 40_000,
    "REPLY_MAX_CHARS": 5_000,
    "IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "FILE_MAX_BYTES": 10 * 1024 * 1024,
    "ATTACHMENTS_PER_POST": 5,
    # Images (attachments and avatars) are refused above this many pixels, read from the header before
    # anything is decoded: 50 megapixels takes the largest phone photos (8160 × 6120); a decoded image
    # this size is 200 MB of memory. Avatars are stored at most AVATAR_MAX_SIDE pixels a side.
    "IMAGE_MAX_PIXELS": 50_000_000,
    "AVATAR_MAX_SIDE": 512,
    "FEED_PAGE_SIZE": 20,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
