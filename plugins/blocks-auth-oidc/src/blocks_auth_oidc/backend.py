"""OpenID Connect sign-in (authorization code flow with PKCE), for any provider.

Built on Authlib (its OAuth 2 client makes the authorization URL with the
state and the PKCE challenge, and exchanges the code) and joserfc, the JOSE
library Authlib itself uses (the ID token's signature against the provider's
published keys). What this module checks:

- the provider's metadata comes from ``discovery_url``, and its ``issuer`` is
  the URL the metadata was found under (OpenID Connect Discovery, 4.3);
- the ``state`` that comes back is the one sent, compared in constant time;
- the code is exchanged with the PKCE verifier (S256) and the client's secret;
- the ID token is signed by one of the provider's keys with an algorithm it
  announces (never ``none``), is issued by the issuer, for this client, not
  expired, and carries the ``nonce`` sent (and ``at_hash`` matches the access
  token when present).

The username is the claim ``username_claim`` (``preferred_username``, else
``email``, else ``sub``). Userinfo claims, when the provider has an endpoint,
complete the profile (``gr.OAuthProfile``); the access token is ``gr.OAuthToken``.
"""

from __future__ import annotations

import hmac
import threading
import time
from typing import ClassVar
from urllib.parse import urlencode, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from blocks.auth import AuthBackend, Identity, LoginError, Option

__all__ = ["OIDCAuth"]

WELL_KNOWN = "/.well-known/openid-configuration"
METADATA_TTL = 3600.0  # seconds the provider's metadata and keys are kept
LEEWAY = 60  # seconds of clock difference allowed on the ID token's times


class OIDCAuth(AuthBackend):
    """``auth_backend="oidc"``: sign in with an OpenID Connect provider (see ``docs/auth.md``)."""

    name = "oidc"
    KIND = "redirect"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "discovery_url": Option("the provider's metadata: https://id.example.com/"
                                ".well-known/openid-configuration", required=True),
        "client_id": Option("the app's client id at the provider", required=True),
        "client_secret": Option("the app's client secret (BLOCKS_AUTH_CLIENT_SECRET_FILE "
                                "may name a file holding it)", secret=True),
        "scopes": Option("the scopes asked for", ["openid", "profile", "email"], kind="list"),
        "username_claim": Option("the claim that names the user", "preferred_username"),
        "title": Option("the provider's name on the sign-in button (default: its host)"),
        "redirect_uri": Option("the callback URL registered at the provider (default: the "
                               "app's URL + /login/callback)"),
        "provider_logout": Option("/logout also signs out at the provider (RP-initiated "
                                  "logout)", False, kind="bool"),
        "required": Option("every page needs a login (False: the app is open, and "
                           "gr.LoginButton signs in)", True, kind="bool"),
        "timeout": Option("seconds to wait for the provider", 10.0, kind="float"),
    }

    def __init__(self, **options):
        super().__init__(**options)
        scopes = self.options["scopes"]
        self.scopes = scopes.split() if isinstance(scopes, str) else list(scopes)
        if "openid" not in self.scopes:
            raise ValueError("The oidc backend's scopes must include 'openid'.")
        self.required = bool(self.options["required"])
        url = self.options["discovery_url"]
        self.title = self.options["title"] or urlsplit(url).hostname or "OpenID Connect"
        self._lock = threading.Lock()
        self._metadata: dict | None = None
        self._jwks: dict | None = None
        self._fetched = 0.0

    # -- the provider ----------------------------------------------------------------------
    def _get(self, url: str) -> dict:
        try:
            response = requests.get(url, timeout=self.options["timeout"])
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise LoginError(f"the sign-in provider could not be reached ({type(error).__name__})"
                             ) from error

    def metadata(self) -> dict:
        with self._lock:
            if self._metadata is not None and time.monotonic() - self._fetched < METADATA_TTL:
                return self._metadata
        url = self.options["discovery_url"]
        metadata = self._get(url)
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not metadata.get(key):
                raise LoginError(f"the provider's metadata has no {key}")
        if url.endswith(WELL_KNOWN) and \
                metadata["issuer"].rstrip("/") != url[: -len(WELL_KNOWN)].rstrip("/"):
            raise LoginError("the provider's metadata names another issuer than its URL")
        with self._lock:
            self._metadata, self._jwks, self._fetched = metadata, None, time.monotonic()
        return metadata

    def keys(self, *, refresh: bool = False) -> KeySet:
        metadata = self.metadata()
        if self._jwks is None or refresh:
            self._jwks = self._get(metadata["jwks_uri"])
        return KeySet.import_key_set(self._jwks)

    def _client(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(self.options["client_id"], self.options["client_secret"],
                             scope=" ".join(self.scopes), redirect_uri=redirect_uri,
                             code_challenge_method="S256",
                             default_timeout=self.options["timeout"])

    # -- the sign-in -----------------------------------------------------------------------
    def begin_login(self, redirect_uri: str) -> tuple[str, dict]:
        metadata = self.metadata()
        verifier, nonce = generate_token(48), generate_token(24)
        with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(
                metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
        return url, {"state": state, "nonce": nonce, "verifier": verifier}

    def finish_login(self, params: dict, flow: dict, redirect_uri: str) -> Identity:
        if params.get("error"):
            detail = params.get("error_description") or params["error"]
            raise LoginError(f"the provider refused: {detail[:200]}")
        state, expected = str(params.get("state") or ""), str(flow.get("state") or "")
        if not expected or not hmac.compare_digest(state.encode(), expected.encode()):
            raise LoginError("this answer does not belong to the sign-in that started here "
                             "(its state differs); start again")
        code = params.get("code")
        if not code:
            raise LoginError("the provider sent no code")
        metadata = self.metadata()
        with self._client(redirect_uri) as client:
            try:
                token = client.fetch_token(metadata["token_endpoint"], code=code,
                                           code_verifier=flow.get("verifier"),
                                           grant_type="authorization_code")
            except (OAuthError, requests.RequestException, ValueError) as error:
                raise LoginError("the provider did not accept the code") from error
            claims = self._check_id_token(token, str(flow.get("nonce") or ""))
            profile = dict(claims)
            if metadata.get("userinfo_endpoint"):
                try:
                    response = client.get(metadata["userinfo_endpoint"])
                    info = response.json() if response.ok else {}
                except (requests.RequestException, ValueError):
                    info = {}
                if info.get("sub") == claims["sub"]:  # another subject's claims never mix in
                    profile.update(info)
        username = profile.get(self.options["username_claim"]) or profile.get("email") or \
            claims["sub"]
        return Identity(
            username=str(username), profile=profile,
            token={key: token[key] for key in ("access_token", "token_type", "scope",
                                               "expires_at") if key in token},
            extra={"id_token": token.get("id_token")})

    def _check_id_token(self, token: dict, nonce: str) -> dict:
        if not token.get("id_token"):
            raise LoginError("the provider sent no ID token")
        metadata = self.metadata()
        registry = JWSRegistry(algorithms=metadata.get("id_token_signing_alg_values_supported")
                               or ["RS256"], strict_check_header=False)
        try:
            try:
                decoded = jwt.decode(token["id_token"], self.keys(), registry=registry)
            except InvalidKeyIdError:  # the provider rotated its keys
                decoded = jwt.decode(token["id_token"], self.keys(refresh=True),
                                     registry=registry)
            claims = CodeIDToken(
                decoded.claims, decoded.header,
                {"iss": {"essential": True, "value": metadata["issuer"]},
                 "aud": {"essential": True, "value": self.options["client_id"]}},
                {"nonce": nonce, "client_id": self.options["client_id"],
                 "access_token": token.get("access_token")})
            claims.validate(leeway=LEEWAY)
        except (JoseError, ValueError) as error:
            raise LoginError(f"the ID token is not valid ({type(error).__name__})") from error
        if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")).encode(),
                                                nonce.encode()):
            raise LoginError("the ID token's nonce is not the one sent")
        return claims

    def logout_url(self, identity_extra: dict, return_to: str) -> str | None:
        if not self.options["provider_logout"]:
            return None
        endpoint = (self._metadata or {}).get("end_session_endpoint")
        if not endpoint:
            return None
        params = {"client_id": self.options["client_id"], "post_logout_redirect_uri": return_to}
        if identity_extra.get("id_token"):
            params["id_token_hint"] = identity_extra["id_token"]
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
