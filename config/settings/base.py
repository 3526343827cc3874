"""Settings shared by every environment. Values come from the environment (see .env.example)."""

import zoneinfo
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, Django's technical 404/500 pages instead of the Spanish ones (developers only).
PAGINAS_DE_ERROR_TECNICAS = env.bool("DEBUG_TECNICO", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_guid",
    "django_prometheus",
    # Ours, lowest layer first: nucleo <- omil, convenios, empresas <- mesas <- informes.
    "nucleo",
    "omil",
    "convenios",
    "empresas",
    "mesas",
    "informes",
]

MIDDLEWARE = [
    # Outermost: request counts and latency by view and status (/metrics, nucleo.salud).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id (X-Request-ID from nginx, or generated) for the logs and the tasks caused.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The database unreachable: the 503 page after one bounded wait (DB_CONNECT_TIMEOUT).
    "nucleo.disponibilidad.BaseDisponibleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nucleo.middleware.SesionMiddleware",
    "nucleo.middleware.SegundoFactorMiddleware",
    "nucleo.middleware.AccesoMiddleware",
    "nucleo.middleware.CabecerasMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # With DEBUG on, the Spanish 404/500 pages instead of Django's technical ones; inside the
    # header middleware above, so the page it puts in goes out with the same headers.
    "nucleo.middleware.PaginasDeErrorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Must be last: it answers the lockout page for blocked logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "nucleo.context_processors.navegacion",
                "nucleo.context_processors.opciones",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# QuerySet.iterator() (every ModelChoiceField's options) without a server-side cursor: our
# result sets are small, and DECLARE … WITH HOLD cost 1–3 ms per select on every filter form.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django's backend, with a deadline on the health check of kept connections.
    DATABASES["default"]["ENGINE"] = "nucleo.db.postgresql"
    # Parameters bound by the server, and a query run twice on a connection becomes a prepared
    # statement: PostgreSQL stops planning it again (the scope filters cost 0.3–1.5 ms of planning
    # each; pages 10–25 % faster in `make bench`). Not for a transaction-pooling pgbouncer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
    # Bounded waits: a database that accepts the connection and never answers fails the request
    # after DB_CONNECT_TIMEOUT seconds (the Spanish 503 page), and no statement runs longer than
    # DB_STATEMENT_TIMEOUT ms (0: no limit; migrations and the report worker may raise it).
    # Together they stay under gunicorn's --timeout (Dockerfile, docker-compose.yml). Keepalives
    # and tcp_user_timeout notice a database host that vanished from an open connection.
    DATABASES["default"]["OPTIONS"].update(
        connect_timeout=env.int("DB_CONNECT_TIMEOUT", default=3),
        options=f"-c statement_timeout={env.int('DB_STATEMENT_TIMEOUT', default=15000)}",
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=2,
        tcp_user_timeout=10000,
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded mode (`make run`): writers queue for the lock (BEGIN IMMEDIATE, up to 20 s)
    # instead of failing with "database is locked" when two people save at the same moment.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "nucleo.Usuario"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "nucleo:inicio"
LOGOUT_REDIRECT_URL = "login"

# Cache: home page summaries (nucleo.cache) and the second-factor check. Redis in production
# (CACHE_URL=redis://…/1), shared by every web process; local memory per process otherwise.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Redis down or unreachable must not stall pages: nucleo.cache then works without it.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.25, socket_timeout=0.25
    )

# Sessions: closed after SESSION_COOKIE_AGE of inactivity and, whatever the activity, after
# SESION_DURACION_MAXIMA. nucleo.middleware.SesionMiddleware renews the inactivity limit at most
# once a minute instead of writing the session on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESION_DURACION_MAXIMA = timedelta(hours=env.int("SESION_HORAS_MAXIMAS", default=12))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout per username *and* address: one person cannot lock out a whole office behind one NAT.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_RESET_ON_SUCCESS = True

# Optimistic locking (django-concurrency, nucleo.models.Versionado): a stale save raises our
# ConflictoDeEdicion, a ValidationError that edit forms show in Spanish, instead of the library's
# RecordModifiedError.
CONCURRENCY_CALLBACK = "nucleo.servicios.conflicto_de_edicion"
CONCURRENCY_AUTO_CREATE_TRIGGERS = False
# The client's address, decided in one place (nucleo.historial.ip_de) for axes, history and the
# read log: X-Forwarded-For is believed only from a trusted proxy, PROXY_COUNT hops deep.
AXES_CLIENT_IP_CALLABLE = "nucleo.historial.ip_de"
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
PROXIES_CONFIABLES = env.list(
    "TRUSTED_PROXIES",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
)

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", "Español (Chile)")]
TIME_ZONE = "America/Santiago"
# The time-zone rules come from the pinned `tzdata` package, never from the machine's
# /usr/share/zoneinfo (which may be older than Chile's last change, e.g. America/Coyhaique).
zoneinfo.reset_tzpath([])
zoneinfo.ZoneInfo.clear_cache()
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
# Off: with it, {{ obj.pk }} renders as "1.536" and breaks element ids, htmx targets and form
# values. Amounts that need separators ask for them: the `clp` filter, nucleo.formato.numero.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: kept outside anything a web server serves (no MEDIA_URL), and
# handed out only by views that check the user's scope.
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "privado")))
MEDIA_ROOT = PRIVATE_ROOT
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Object storage (issue 19): with AWS_STORAGE_BUCKET_NAME set, uploads and generated reports go to
# an S3-compatible bucket through django-storages, private (no ACL), under AWS_LOCATION. Credentials
# come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3); AWS_S3_ENDPOINT_URL for a
# store that is not AWS (MinIO, Ceph…). Downloads are still decided by our views after the scope
# check and streamed through Django (nucleo.archivos.respuesta_descarga).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "location": env("AWS_LOCATION", default="privado"),
            "default_acl": None,
            "file_overwrite": False,
            # A presigned URL, if anything ever asks for one, lives a few seconds only.
            "querystring_expire": 10,
        },
    }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT…
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Mesas Intersectoriales <no-responder@sence.cl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: with no broker the same tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Like a real worker: a failing task is logged, it does not break the request that queued it.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest task (a national semester report takes seconds): a task whose worker
# died is handed to another worker after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
}
# With the broker down a request must still answer quickly (tasks then stay pending).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# A report being built holds a lease this long, renewed every third of it by its worker; the
# sweeper (every minute) takes back an expired one, so a dead worker's report restarts within 2 min.
INFORMES_RESERVA_SEGUNDOS = env.int("INFORMES_RESERVA_SEGUNDOS", default=60)
# How often beat hands the outbox's pending rows to the broker (besides right after each commit).
TAREAS_DESPACHO_SEGUNDOS = env.int("TAREAS_DESPACHO_SEGUNDOS", default=10)
# Periodic jobs, in America/Santiago time (CELERY_TIMEZONE).
CELERY_BEAT_SCHEDULE = {
    "informes-mensuales": {
        "task": "informes.tasks.informes_programados",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
        "args": ["mensual"],
    },
    "informes-semestrales": {
        "task": "informes.tasks.informes_programados",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,7"),
        "args": ["semestral"],
    },
    "convenios-alertas-vencimiento": {
        "task": "convenios.tasks.alertar_vencimientos",
        "schedule": crontab(minute=30, hour=7),
    },
    "mesas-recordar-invitados": {"task": "mesas.recordar_invitados", "schedule": crontab(minute=5)},
    "mesas-invitaciones-pendientes": {
        "task": "mesas.invitaciones_pendientes",
        "schedule": crontab(minute=0, hour=7),
    },
    "mesas-vencer-acuerdos": {
        "task": "mesas.vencer_acuerdos",
        "schedule": crontab(minute=15, hour=0),
    },
    "mesas-recordar-minutas": {
        "task": "mesas.recordar_minutas",
        "schedule": crontab(minute=0, hour=9),
    },
    "empresas-recordar-invitaciones": {
        "task": "empresas.tasks.recordar_invitaciones",
        "schedule": crontab(minute=30, hour=8),
    },
    "informes-datos-abiertos": {
        "task": "informes.tasks.publicar_datos_abiertos",
        "schedule": crontab(minute=45, hour=4),
    },
    "empresas-limpiar-importaciones": {
        "task": "empresas.tasks.limpiar_importaciones",
        "schedule": crontab(minute=15, hour=3),
    },
    # The report sweeper: expired leases (dead workers) and pending reports the broker lost.
    "informes-reencolar-pendientes": {
        "task": "informes.tasks.reencolar_informes_pendientes",
        "schedule": crontab(minute="*"),
    },
    # The outbox (nucleo.bandeja): what a change recorded and the broker did not get right away.
    "nucleo-despachar-tareas": {
        "task": "nucleo.despachar_tareas",
        "schedule": timedelta(seconds=TAREAS_DESPACHO_SEGUNDOS),
        "options": {"expires": TAREAS_DESPACHO_SEGUNDOS},
    },
    "nucleo-limpiar-tareas": {
        "task": "nucleo.limpiar_tareas",
        "schedule": crontab(minute=45, hour=3),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content Security Policy: no inline script or style anywhere (htmx is configured for it in
# base.html); downloads set their own "sandbox" policy, which the middleware leaves alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Second factor (TOTP, django-otp): available to everyone; with OTP_OBLIGATORIO the director,
# articulador and administrator roles must use it (on in production, off for the demo).
OTP_OBLIGATORIO = env.bool("OTP_OBLIGATORIO", default=False)
OTP_TOTP_ISSUER = "Mesas Intersectoriales SENCE"

# Behind nginx, downloads are handed to it with X-Accel-Redirect (internal location); empty: Django
# streams the file itself.
DESCARGAS_X_ACCEL = env("DESCARGAS_X_ACCEL", default="")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Demo data refuses to load with DEBUG off unless forced (see seed_demo).
DEMO_PASSWORD = "mesas-demo"

# The request id: taken from X-Request-ID (nginx sets it to its $request_id) when it is a UUID,
# generated otherwise, returned in the response and carried into the Celery tasks the request
# publishes (nucleo.salud). Every log line has it as `request_id`.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
# /metrics (nucleo.salud): with a token, Prometheus sends `Authorization: Bearer <token>`.
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# LOG_FORMAT=json: one JSON object a line (python-json-logger), as production sets by default.
# Workers then log through LOGGING too (their own format would drop the request id).
CELERY_WORKER_HIJACK_ROOT_LOGGER = env("LOG_FORMAT", default="texto") != "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "texto": {"format": "%(levelname)s %(name)s [%(correlation_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {
                "asctime": "fecha",
                "levelname": "nivel",
                "name": "logger",
                "message": "mensaje",
                "correlation_id": "request_id",
            },
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", default="texto"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}

# --- People and sign-in (nucleo.personas) -----------------------------------------------------
INVITACION_DIAS = env.int("INVITACION_DIAS", default=7)
# Password sign-in: on for the demo; production can leave ClaveÚnica as the only way in.
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=True)
# ClaveÚnica (OpenID Connect, mozilla-django-oidc): off unless issuer and client id are set.
CLAVEUNICA_ISSUER = env("CLAVEUNICA_ISSUER", default="")
OIDC_RP_CLIENT_ID = env("CLAVEUNICA_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("CLAVEUNICA_CLIENT_SECRET", default="")
# Endpoints come from the issuer's discovery document; a non-standard logout URL may be set.
OIDC_OP_LOGOUT_ENDPOINT = env("CLAVEUNICA_LOGOUT_URL", default="")
OIDC_RP_SCOPES = "openid run name email"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for ClaveÚnica's end-session endpoint
OIDC_CREATE_USER = False  # only invited people get an account
OIDC_TIMEOUT = 10
OIDC_OP_LOGOUT_URL_METHOD = "nucleo.personas.claveunica.url_salida"
OIDC_AUTHENTICATE_CLASS = "nucleo.personas.claveunica.ClaveUnicaInicio"
OIDC_CALLBACK_CLASS = "nucleo.personas.claveunica.ClaveUnicaRetorno"
if CLAVEUNICA_ISSUER and OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "nucleo.personas.claveunica.ClaveUnicaBackend",
    ]
if CLAVEUNICA_ISSUER:
    # Signing out posts to us and is redirected to ClaveÚnica: the form's CSP must allow it.
    from urllib.parse import urlsplit

    for _url in filter(None, [CLAVEUNICA_ISSUER, OIDC_OP_LOGOUT_ENDPOINT]):
        _origen = "{0.scheme}://{0.netloc}".format(urlsplit(_url))
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(_origen)
