"""Sign in to Blocks apps with any OpenID Connect provider: ``auth_backend="oidc"``."""

from blocks_auth_oidc.backend import OIDCAuth

__all__ = ["OIDCAuth"]
