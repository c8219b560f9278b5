"""Production settings: `townsquare check --deploy` is clean, and HTTPS is enforced (HSTS, redirect to https)
exactly when SECURE_COOKIES=true.

Settings are read from the environment once, when they load, so each case runs in a fresh process with its
own environment, as a production server would start. CI runs `make test`, so this is how CI runs
`check --deploy` with production settings.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest

# Variables that decide the security settings: each case sets the ones it needs and inherits none.
OURS = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "HSTS_SECONDS", "HSTS_INCLUDE_SUBDOMAINS",
        "HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "TRUST_X_FORWARDED_PROTO", "TOWNSQUARE_REQUIRE_SECRET_KEY",
        "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE",
        # The browser tests set it for their live server; a production process never has it (check --deploy warns).
        "DJANGO_ALLOW_ASYNC_UNSAFE")
HOST = "townsquare.example.com"


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OURS}
    env.update({
        "DEBUG": "false", "SECURE_COOKIES": "true", "SECRET_KEY": secrets.token_urlsafe(64),
        "TOWNSQUARE_REQUIRE_SECRET_KEY": "1", "ALLOWED_HOSTS": HOST, "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "TOWNSQUARE_DATA_DIR": str(tmp_path / "data"),
    })
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def townsquare(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "townsquare.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # The check is no formality: without SECURE_COOKIES it names what is missing ...
    done = townsquare(production_env(tmp_path, SECURE_COOKIES="false"), "check", "--deploy", "--fail-level", "WARNING")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in output, (check, output)
    # ... and with the production environment it has nothing to say.
    done = townsquare(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "ERROR" not in output, output


# Run in the child process: a few requests through Django's test client, answered as JSON on stdout.
REQUESTS = """
import json, sys, django
django.setup()
from django.test import Client
out = []
for path, secure, headers in json.loads(sys.argv[2]):
    r = Client(HTTP_HOST=sys.argv[1]).get(path, secure=secure, headers=headers)
    out.append({"status": r.status_code, "location": r.get("Location", ""),
                "hsts": r.get("Strict-Transport-Security"), "csp": r.get("Content-Security-Policy")})
print(json.dumps(out))
"""


def responses(env, requests: list) -> list[dict]:
    env = {**env, "DJANGO_SETTINGS_MODULE": "townsquare.settings"}
    done = subprocess.run([sys.executable, "-c", REQUESTS, HOST, json.dumps(requests)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_https_is_enforced_with_secure_cookies(tmp_path):
    over_https, over_http, health = responses(production_env(tmp_path), [
        ["/login/", True, {}], ["/login/?next=/company/", False, {}], ["/healthz", False, {}]])
    assert over_https["status"] == 200
    assert over_https["hsts"] == "max-age=31536000; includeSubDomains"
    assert over_https["csp"] and "script-src 'self'" in over_https["csp"]
    # plain http is sent to https, except the load balancer's health check
    assert over_http["status"] == 301 and over_http["location"] == f"https://{HOST}/login/?next=/company/"
    assert health["status"] == 200 and health["hsts"] is None  # browsers ignore HSTS over http; Django sends none


def test_hsts_can_be_tuned(tmp_path):
    [r] = responses(production_env(tmp_path, HSTS_SECONDS="600", HSTS_INCLUDE_SUBDOMAINS="false",
                                   HSTS_PRELOAD="true", SECURE_SSL_REDIRECT="false"), [["/login/", True, {}]])
    assert r["hsts"] == "max-age=600; preload"
    [plain] = responses(production_env(tmp_path, SECURE_SSL_REDIRECT="false"), [["/login/", False, {}]])
    assert plain["status"] == 200, "SECURE_SSL_REDIRECT=false leaves http to the proxy"


def test_no_hsts_and_no_redirect_without_secure_cookies(tmp_path):
    env = production_env(tmp_path, SECURE_COOKIES=None)
    over_https, over_http = responses(env, [["/login/", True, {}], ["/login/", False, {}]])
    assert over_https["status"] == 200 and over_https["hsts"] is None
    assert over_http["status"] == 200 and over_http["hsts"] is None
    assert over_http["csp"], "the policy is sent in every mode"


@pytest.mark.parametrize("trusted", [True, False])
def test_the_proxy_header_is_believed_only_when_told(tmp_path, trusted):
    """Behind a TLS proxy the app sees http; X-Forwarded-Proto: https counts only with TRUST_X_FORWARDED_PROTO."""
    env = production_env(tmp_path, TRUST_X_FORWARDED_PROTO="true" if trusted else None)
    [r] = responses(env, [["/login/", False, {"X-Forwarded-Proto": "https"}]])
    if trusted:
        assert r["status"] == 200 and r["hsts"] == "max-age=31536000; includeSubDomains"
    else:
        assert r["status"] == 301 and r["location"].startswith("https://")
