"""Settings of the TRINNO portal, every value from the environment.

With no environment at all the portal runs on its embedded default: DEBUG on, a SQLite
file under var/, Celery tasks run eagerly in the web process, e-mail printed to the
console, demo accounts allowed. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis), CACHE_URL and EMAIL_URL: see
README.md and .env.example. A malformed value fails at start-up, never later.
"""

import datetime as dt
import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a clear yes or no stops the start."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="embedded-default-only-not-secret-" + "x" * 32)
else:
    # No default in production: a portal started without a secret must not start at all.
    SECRET_KEY = env("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts and demo data exist only in the embedded default (see load_portal_data).
DEMO_MODE = env_bool("DEMO_MODE", default=DEBUG)

INSTALLED_APPS = [
    # Django's admin, with its navigation remembered per officer (admin_site.py).
    "trinno_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "trinno_portal",
    "trinno_portal.accounts",
    "trinno_portal.funding",
    "catalogue",
    "audits",
    "vouchers",
    "monitoring",
    "monitoring.outreach.apps.OutreachConfig",
    "trinno_portal.security",
    "trinno_portal.privacy",
    "trinno_portal.spid",
    "trinno_portal.signatures",
    "trinno_portal.rna",
    "trinno_portal.pec",
    "trinno_portal.funding.payments",
    "trinno_portal.procedure",
    "trinno_portal.outbox",
    "trinno_portal.pages",
]

# The funding schemes, each one typed object in its own package (funding/schemes.py:
# the scheme contract; docs/architecture.md: adding a scheme). The one way a scheme
# plugs into the shared machinery.
FUNDING_SCHEMES = [
    "audits.call.scheme.AUDIT",
    "catalogue.call.scheme.CATALOGUE",
    "vouchers.call.scheme.VOUCHER",
]

MIDDLEWARE = [
    # First: REMOTE_ADDR is the client's, as our trusted proxies report it.
    "trinno_portal.security.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (Django 5.2 has no CSP of its own).
    "trinno_portal.security.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Request bodies over the page's limit refused before anything reads them (413).
    "trinno_portal.security.limits.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who changed catalogue editions and services (funding/models_triage.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff and officials reach any page only with two-factor authentication.
    "trinno_portal.security.middleware.StaffMFARequiredMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trinno_portal.urls"
WSGI_APPLICATION = "trinno_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trinno_portal.context_processors.portal",
                "trinno_portal.navigation.roles_context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# PostgreSQL is the system of record in production; SQLite is the embedded default.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock at BEGIN, so two writers queue
    # instead of failing with "database is locked" half-way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://trinno")}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login of a locked-out account before a password is checked.
    "trinno_portal.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Letters and digits or symbols both: "aaaaaaaaaa" is ten characters but no password.
    {"NAME": "trinno_portal.security.validators.CharacterClassValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[TRINNO] "
# allauth throttles failed logins per address through the cache; CACHE_URL must point
# at Redis when there are several web processes, or each process counts on its own.
# Per address only, and generous: an office behind one NAT shares an address
# (docs/decisions/0014-client-address-and-lockout.md). Accounts are protected by the
# growing delays below, not by a fixed per-account lock anyone could trigger.
ACCOUNT_RATE_LIMITS = {
    "login": env.str("LOGIN_RATE_LIMIT", default="120/m/ip"),
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="60/m/ip,300/h/ip"),
}

# The client's address: REMOTE_ADDR, or X-Forwarded-For as written by one of these
# proxies (addresses or CIDR blocks; security/proxies.py). Empty: no proxy is believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# django-axes: failures recorded in the database, so they hold across processes and
# restarts (decisions 0009 and 0011). One account from one address: after
# AXES_FAILURE_LIMIT failures the pair waits AXES_COOLOFF_FIRST_MINUTES, doubling with
# each further failure up to AXES_COOLOFF_HOURS. One account from any address: past
# AXES_ACCOUNT_FAILURE_LIMIT, addresses it never logged in from wait the same way. The
# answer is 429 with a page that says so. Both the portal login and the admin login count.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_FIRST = dt.timedelta(minutes=env.float("AXES_COOLOFF_FIRST_MINUTES", default=1.0))
AXES_COOLOFF_TIME_MAX = dt.timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=1.0))
AXES_COOLOFF_TIME = "trinno_portal.security.lockout.cool_off"
AXES_HANDLER = "trinno_portal.security.lockout.LockoutHandler"
# An address the account logged in from within this time is "known" (never delayed by
# guessing from elsewhere).
KNOWN_ADDRESS_DAYS = dt.timedelta(days=env.int("KNOWN_ADDRESS_DAYS", default=90))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "trinno_portal.security.backends.login_username"
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout are answered with the lockout page (429), not counted again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (allauth.mfa): time-based codes (TOTP) and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "TRINNO"
# Staff and Region officials must have TOTP set up, and have used it in this session,
# before they reach /admin/ (trinno_portal.security.middleware). Off by default on the
# embedded default so that the demo accounts log in with a password alone.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=not (DEBUG or DEMO_MODE))

# --- SPID and CIE (trinno_portal/spid, README "SPID and CIE") --------------------------
# The portal is a public SAML 2.0 service provider (AgID's Regole tecniche SPID); CIE ID is
# reached the same way. SPID_SP_URL is the public address (the ACS is SPID_SP_URL/spid/acs/),
# SPID_SP_ENTITY_ID the entityID registered with AgID.
SPID_SP_URL = env("SPID_SP_URL", default="http://127.0.0.1:8000")
SPID_SP_ENTITY_ID = env("SPID_SP_ENTITY_ID", default=SPID_SP_URL.rstrip("/") + "/spid/metadata/")
SPID_SP_NAME = env("SPID_SP_NAME", default="TRINNO - Arezzo Innovazione")
_SPID_VAR = BASE_DIR / "var" / "spid"
SPID_SP_KEY_FILE = env("SPID_SP_KEY_FILE", default=str(_SPID_VAR / "sp.key"))
SPID_SP_CERT_FILE = env("SPID_SP_CERT_FILE", default=str(_SPID_VAR / "sp.crt"))
# During a key rollover: the next certificate, published in the metadata beside the current one.
SPID_SP_NEXT_CERT_FILE = env("SPID_SP_NEXT_CERT_FILE", default="")
# Only the embedded default makes its own key; production brings one (README).
SPID_GENERATE_KEYS = DEBUG
SPID_XMLSEC_BINARY = env("SPID_XMLSEC_BINARY", default="/usr/bin/xmlsec1")
# The identity providers: AgID's registry as saved by `manage.py spid_registry_load`, and
# more metadata files (CIE ID's, spid-sp-test's IdP) by name.
SPID_IDP_REGISTRY_FILE = env("SPID_IDP_REGISTRY_FILE", default=str(_SPID_VAR / "idp-registry.xml"))
SPID_REGISTRY_URL = env(
    "SPID_REGISTRY_URL", default="https://registry.spid.gov.it/metadata/idp/spid-entities-idps.xml"
)
SPID_EXTRA_IDP_METADATA = env.list("SPID_EXTRA_IDP_METADATA", default=[])
SPID_CIE_IDP_ENTITY_ID = env(
    "SPID_CIE_IDP_ENTITY_ID",
    default="https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO",
)
SPID_LEVEL = env.int("SPID_LEVEL", default=2)
# A response is accepted only from the browser that started the sign-in (a signed cookie of
# its own). Off only for .ci/spid-sp-test, whose HTTP client keeps no cookies.
SPID_REQUIRE_BROWSER_BINDING = env_bool("SPID_REQUIRE_BROWSER_BINDING", default=True)
SPID_CLOCK_SKEW_SECONDS = env.int("SPID_CLOCK_SKEW_SECONDS", default=60)
SPID_ORGANIZATION_NAME = env("SPID_ORGANIZATION_NAME", default="Arezzo Innovazione")
SPID_ORGANIZATION_URL = env("SPID_ORGANIZATION_URL", default="https://www.arezzoinnovazione.it")
SPID_CONTACT_EMAIL = env("SPID_CONTACT_EMAIL", default="spid@arezzoinnovazione.example.it")
SPID_CONTACT_PHONE = env("SPID_CONTACT_PHONE", default="")
SPID_CONTACT_IPA_CODE = env("SPID_CONTACT_IPA_CODE", default="TEST_IPA")
# A SPID identity provider inside the portal with test identities: development only.
SPID_TEST_IDP = env_bool("SPID_TEST_IDP", default=DEBUG)
SPID_TEST_IDP_DIR = str(_SPID_VAR / "test-idp")
if SPID_TEST_IDP and not DEBUG:
    raise ImproperlyConfigured(
        "SPID_TEST_IDP is for development only: it cannot run with DEBUG off."
    )
# Applicants sign in only with SPID or CIE (CAD art. 64); staff and officials keep e-mail,
# password and TOTP (trinno_portal/spid/adapter.py).
SPID_ONLY_APPLICANTS = env_bool("SPID_ONLY_APPLICANTS", default=not DEBUG)
ACCOUNT_ADAPTER = "trinno_portal.spid.adapter.AccountAdapter"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
# Dates as the two languages write them in the portal (trinno_portal/formats/).
FORMAT_MODULE_PATH = ["trinno_portal.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
_BI = BASE_DIR / "node_modules" / "bootstrap-italia" / "dist"
# Bootstrap Italia comes from the npm registry (package.json); staticfiles serves it
# straight from node_modules, so no copy of it is ever committed.
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (f"vendor/bootstrap-italia/{part}", _BI / part) for part in ("css", "js", "fonts", "svg")
]
# The SPID icon and the identity providers' logos (npm spid-smart-button, AgID's assets).
STATICFILES_DIRS.append(
    ("vendor/spid", BASE_DIR / "node_modules" / "spid-smart-button" / "dist" / "img")
)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media-not-served/"  # uploads are only ever served by permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="TRINNO <noreply@arezzoinnovazione.it>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's public address, for links in e-mails sent by tasks (no request to ask).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://localhost:8000").rstrip("/")
# The public "chiedi informazioni" form: requests per client address per hour.
ADVICE_FORM_RATE_PER_HOUR = env.int("ADVICE_FORM_RATE_PER_HOUR", default=5)
# The accessibility feedback form (docs/pages.md): reports per client address per hour,
# and the staff address used until the statement row names one.
ACCESSIBILITY_FORM_RATE_PER_HOUR = env.int("ACCESSIBILITY_FORM_RATE_PER_HOUR", default=5)
ACCESSIBILITY_FEEDBACK_EMAIL = env(
    "ACCESSIBILITY_FEEDBACK_EMAIL", default="accessibilita@arezzoinnovazione.example.it"
)

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker every task runs eagerly inside the caller: the embedded default
# needs no Redis. With one, tasks go to the workers of docker-compose.yml.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
# Tasks are idempotent, so a task whose worker dies is run again rather than lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="trinno")
# Drafts nobody touched for this many days are deleted (privacy retention rule).
DRAFT_RETENTION_DAYS = env.int("DRAFT_RETENTION_DAYS", default=365)

# Digital signatures (docs/security.md): fetch CRLs and OCSP answers from the addresses in
# the certificates (production), and refuse a signature whose revocation nobody could check.
SIGNATURE_FETCH_REVOCATION = env_bool("SIGNATURE_FETCH_REVOCATION", default=not DEBUG)
SIGNATURE_REQUIRE_REVOCATION = env_bool("SIGNATURE_REQUIRE_REVOCATION", default=True)
# A delegate is let in only with a delegation signed digitally by the legal representative
# (accounts: invitation of a delegate); off by default, the invitation being the delegation.
SIGNATURE_DELEGATION_REQUIRED = env_bool("SIGNATURE_DELEGATION_REQUIRED", default=False)
# A PEM file of the certificates that sign the EU list of trusted lists, as published in
# the Official Journal of the EU: trust_list_refresh refuses a LOTL signed by anybody else.
TRUST_LIST_LOTL_SIGNERS = env("TRUST_LIST_LOTL_SIGNERS", default="")
# Where the embedded default keeps its demo CA and demo signing key (never committed).
SIGNATURE_DEMO_DIR = env.path("SIGNATURE_DEMO_DIR", default=BASE_DIR / "var" / "signatures")

# The RNA (docs/rna.md): "fake" (tests and the embedded default, codes kept in the
# database) or "xml" (the bulk-upload files written to RNA_UPLOAD_DIR).
RNA_CLIENT = env("RNA_CLIENT", default="fake")
RNA_UPLOAD_DIR = env.path("RNA_UPLOAD_DIR", default=BASE_DIR / "var" / "rna")

# PEC (docs/pec.md): the certified-mail account, a second connection beside EMAIL_URL
# (smtp+ssl://user:password@smtps.pec.example.it:465), and the mailbox where the
# provider leaves its receipts (imaps://user:password@imap.pec.example.it/INBOX; empty:
# receipts are not read).
PEC_EMAIL = env.email_url("PEC_EMAIL_URL", default="consolemail://")
PEC_FROM_EMAIL = env("PEC_FROM_EMAIL", default="arezzoinnovazione@pec.example.it")
PEC_IMAP_URL = env("PEC_IMAP_URL", default="")
# The CUP system (funding/payments/cup.py): the fake assigns codes at once (the embedded
# default); the bulk-file client writes the request file staff upload to the CUP system.
PAYMENTS_CUP_CLIENT = env(
    "PAYMENTS_CUP_CLIENT",
    default="trinno_portal.funding.payments.cup."
    + ("FakeCupClient" if DEBUG else "BulkFileCupClient"),
)
PAYMENTS_CUP_OUTBOX = env.path("PAYMENTS_CUP_OUTBOX", default=BASE_DIR / "var" / "cup")

# Task modules that no app's tasks.py imports: the worker must know them without the admin.
CELERY_IMPORTS = ["trinno_portal.funding.queue.tasks", "trinno_portal.outbox.tasks"]
# What follows a committed write, by topic (trinno_portal/outbox, decision 24): one place
# to read, as FUNDING_SCHEMES.
# The click day's numbering comes first: receipts and eligibility wait until no intake
# does (funding/intake.py: intakes_waiting; docs/clickday.md). The numbered application
# page is the applicant's proof meanwhile; the e-mailed receipt follows.
OUTBOX_YIELDS_TO = "trinno_portal.funding.intake.intakes_waiting"
OUTBOX_HANDLERS = {
    "funding.receipt": "trinno_portal.funding.after_submit.submission_receipt_send",
    "funding.eligibility": "trinno_portal.funding.after_submit.submission_eligibility",
}
# Concurrent submissions per web process before a 503 (funding/admission.py, decision 24).
CLICKDAY_SUBMIT_CONCURRENCY = env.int("CLICKDAY_SUBMIT_CONCURRENCY", default=2)
# How old a click-day intake must be before it is numbered, so that no earlier arrival
# still committing is passed (funding/intake.py: settle_seconds; 0 with eager tasks).
CLICKDAY_INTAKE_SETTLE_SECONDS = env.float("CLICKDAY_INTAKE_SETTLE_SECONDS", default=2.0)
# Receiving first: the numbering waits while intakes arrive less than QUIET seconds apart,
# but never keeps the oldest waiting longer than PATIENCE (funding/intake.py: numbering_deferred).
CLICKDAY_INTAKE_QUIET_SECONDS = env.float("CLICKDAY_INTAKE_QUIET_SECONDS", default=1.0)
CLICKDAY_INTAKE_PATIENCE_SECONDS = env.float("CLICKDAY_INTAKE_PATIENCE_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox rows whose on-commit kick was lost (broker down, worker killed).
    "outbox-drain": {"task": "outbox.drain", "schedule": 60.0},
    # Click-day intakes whose drain was lost with a worker or never queued (broker down).
    "intake-drain": {"task": "funding.intake_drain", "schedule": 60.0},
    # Submitted applications whose eligibility job was never queued (broker down).
    "sweep-pending-eligibility": {
        "task": "funding.sweep_pending_eligibility",
        "schedule": 300.0,
    },
    # Calls open until resources run out are ranked monthly (audit call, brief sec. 2).
    "monthly-rankings": {
        "task": "funding.monthly_rankings",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
    },
    # Requests for information and notices of rejection unanswered by their deadline.
    "procedure-expire-replies": {
        "task": "procedure.expire_replies",
        "schedule": crontab(minute=5, hour=0),
    },
    "purge-abandoned-drafts": {
        "task": "privacy.purge_abandoned_drafts",
        "schedule": crontab(minute=15, hour=3),
    },
    # Each officer's digest of what is due or overdue, every morning.
    "triage-daily-digest": {
        "task": "funding.triage_daily_digest",
        "schedule": crontab(minute=0, hour=7),
    },
    # Monitoring: indicator snapshots, then the monthly report e-mailed to Region officials.
    "monitoring-monthly-snapshots": {
        "task": "monitoring.monthly_snapshots",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    # DM 115/2017, art. 9(1): concessions confirmed in the RNA within 20 days.
    "rna-confirmations": {
        "task": "rna.confirmations_send",
        "schedule": crontab(minute=45, hour=5),
    },
    # AgID's registry of SPID identity providers, read again every night (README, SPID).
    "spid-registry-refresh": {
        "task": "spid.registry_refresh",
        "schedule": crontab(minute=20, hour=4),
    },
    # The PEC provider's acceptance and delivery receipts (DPR 68/2005, art. 6).
    "pec-receipts": {
        "task": "pec.receipts_fetch",
        "schedule": 600.0,
    },
    "monitoring-monthly-report": {
        "task": "monitoring.monthly_report",
        "schedule": crontab(minute=0, hour=4, day_of_month=1),
    },
    # Outreach: reminders to the confirmed participants of the next two days' events.
    "outreach-event-reminders": {
        "task": "outreach.send_reminders",
        "schedule": crontab(minute=0, hour="*/2"),
    },
    # ... and the feedback survey to those checked in, once the event is over.
    "outreach-event-surveys": {
        "task": "outreach.send_surveys",
        "schedule": crontab(minute=30, hour="*/2"),
    },
}

# --- Security -------------------------------------------------------------------------
# Request bodies (security/limits.py): a form everywhere, a document and a form on the
# upload pages. DOCUMENT_MAX_BYTES is the upload cap of lib/files.py; the proxy's own
# limit (README: client_max_body_size) should match the upload one.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=2 * 1024 * 1024)
REQUEST_BODY_UPLOAD_MAX_BYTES = DOCUMENT_MAX_BYTES + 1024 * 1024  # the form around it
REQUEST_BODY_UPLOAD_URL_NAMES = {
    "audits:application_step",
    "audits:application_answer",
    "audits:application_sign_letter",
    "audits:application_final_report",
    "catalogue:call_step",
    "catalogue:call_answer",
    "vouchers:voucher_answer",
    "payments:claims",
    "admin:catalogue_edition_import",
}
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: larger parts go to a temp file
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Behind a TLS-terminating proxy (docker-compose's web sits behind one in production).
if env_bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container's health check calls /health/ over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Sent on every answer by trinno_portal.security.middleware.SecurityHeadersMiddleware.
# No inline script anywhere. Inline styles are allowed: the Django admin and some of our
# pages (monitoring dashboard, self-assessment result, admin toolbars) use style
# attributes and <style> blocks, and a style cannot run code (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

ADMINS = [("Admin", a) for a in env.list("ADMINS", default=[])]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login and logout at INFO.
        "axes": {"level": "WARNING"},
    },
}
