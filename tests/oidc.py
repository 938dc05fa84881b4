"""A real OpenID Connect provider for the tests: panva's `oidc-provider` (npm, installed by
`make test` into tests/oidc_provider/node_modules) run by tests/oidc_provider/server.mjs on a
free port of 127.0.0.1, once per test process, with the clients and accounts below.

`provider_login` signs in at the provider's own login page over HTTP (the unit tests); the
browser test fills the same page in Chromium."""

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
PASSWORD = "Tunnus-2024!"
CLIENT_ID = "elibrary-onboarding"
CLIENT_SECRET = "test-only-client-secret-elibrary-onboarding"
# Another application of the organisation at the same provider.
OTHER_CLIENT_ID = "intranet"
OTHER_CLIENT_SECRET = "test-only-client-secret-intranet"
REDIRECT_URIS = ["http://localhost/oidc/callback/", "http://127.0.0.1/oidc/callback/"]
COORDINATORS, FINANCE, STAFF = "ekirjasto-koordinaattorit", "kk-talous", "kk-henkilokunta"
GROUP_ROLES = f"{COORDINATORS}=coordinator,{FINANCE}=finance"


def _account(sub, first, last, **claims):
    email = f"{first}.{last}@kansalliskirjasto.example".lower()
    return {
        "password": PASSWORD,
        "claims": {
            "sub": sub,
            "email": email,
            "email_verified": True,
            "given_name": first,
            "family_name": last,
            "name": f"{first} {last}",
            **claims,
        },
    }


# Login name at the provider -> account. Subjects are opaque, as real providers' are.
ACCOUNTS = {
    "aino": _account("kk-7f3a01", "Aino", "Koordinaattori", groups=[STAFF, COORDINATORS]),
    "frans": _account("kk-7f3a02", "Frans", "Talous", groups=[STAFF, FINANCE]),
    "ulla": _account("kk-7f3a03", "Ulla", "Muu", groups=[STAFF]),
    "noora": _account("kk-7f3a04", "Noora", "Ryhmaton"),  # no groups claim at all
    "kalle": _account("kk-7f3a05", "Kalle", "Kunta", groups=[COORDINATORS]),
}


@dataclasses.dataclass(frozen=True)
class Provider:
    issuer: str

    def endpoint(self, path: str) -> str:
        return self.issuer + path

    def settings(self) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.endpoint("/auth"),
            "OIDC_OP_TOKEN_ENDPOINT": self.endpoint("/token"),
            "OIDC_OP_USER_ENDPOINT": self.endpoint("/me"),
            "OIDC_OP_JWKS_ENDPOINT": self.endpoint("/jwks"),
            "OIDC_RP_SCOPES": "openid email profile groups",
            "OIDC_ROLE_CLAIM": "groups",
            "OIDC_GROUP_ROLES": GROUP_ROLES,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is missing: the OIDC tests run a real provider on Node.js 20+")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "oidc-provider is not installed: `make test` runs npm ci in tests/oidc_provider"
        )
    port = _free_port()
    config = tmp_path_factory.mktemp("oidc") / "provider.json"
    clients = [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": REDIRECT_URIS},
        {
            "client_id": OTHER_CLIENT_ID,
            "client_secret": OTHER_CLIENT_SECRET,
            "redirect_uris": REDIRECT_URIS,
        },
    ]
    config.write_text(json.dumps({"port": port, "clients": clients, "accounts": ACCOUNTS}))
    log = config.with_suffix(".log").open("w+")
    process = subprocess.Popen(
        [node, "server.mjs"],
        cwd=PROVIDER_DIR,
        env={**os.environ, "OIDC_TEST_CONFIG": str(config)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(issuer=f"http://127.0.0.1:{port}")
    discovery = provider.endpoint("/.well-known/openid-configuration")
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the OIDC provider stopped at start-up:\n{log.read()}")
            try:
                if requests.get(discovery, timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the OIDC provider did not answer its discovery document in 30 s")
            time.sleep(0.1)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """Single sign-on on, configured for the suite's provider."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return oidc_provider


def provider_login(authorize_url: str, login: str, password: str = PASSWORD) -> str:
    """Sign in at the provider's login page and return the URL it sends the browser back to
    (the redirect URI with `code` and `state`, or with `error`)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=True, timeout=10)
    assert response.status_code == 200, response.text[:500]
    assert "/interaction/" in response.url, response.url
    url = response.url
    response = session.post(
        url, data={"login": login, "password": password}, allow_redirects=False, timeout=10
    )
    for _hop in range(10):
        assert response.status_code in (302, 303), (response.status_code, response.text[:500])
        location = urljoin(url, response.headers["Location"])
        if "/oidc/callback/" in location:
            return location
        url = location
        response = session.get(url, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")
