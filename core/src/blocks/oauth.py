"""``gr.OAuthProfile`` and ``gr.OAuthToken``: who signed in through a provider, by type hint.

A function parameter annotated ``gr.OAuthProfile`` receives the signed-in
user's claims (OpenID Connect's ID token and userinfo), one annotated
``gr.OAuthToken`` their access token; both are ``None`` when nobody signed in
through a provider (no login, or a password login).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OAuthProfile", "OAuthToken", "profile_of", "token_of"]


class OAuthProfile(dict):
    """The user's claims, as a dict, with Gradio's shortcuts as attributes:
    ``name``, ``username`` (``preferred_username``), ``profile`` and ``picture``."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.name = self.get("name")
        self.username = self.get("preferred_username")
        self.profile = self.get("profile")
        self.picture = self.get("picture")


@dataclass
class OAuthToken:
    """The access token the provider gave: ``token``, its ``scope``, ``expires_at`` (epoch)."""

    token: str
    scope: str = ""
    expires_at: int | None = None


def profile_of(request) -> OAuthProfile | None:
    login = getattr(request, "login", None)
    if login is None or not login.profile:
        return None
    return OAuthProfile(login.profile)


def token_of(request) -> OAuthToken | None:
    login = getattr(request, "login", None)
    if login is None or not login.token or not login.token.get("access_token"):
        return None
    token = login.token
    expires = token.get("expires_at")
    return OAuthToken(token=token["access_token"], scope=token.get("scope") or "",
                      expires_at=int(expires) if expires is not None else None)
