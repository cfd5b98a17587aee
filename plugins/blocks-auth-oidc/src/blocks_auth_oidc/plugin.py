"""The hooks of blocks-auth-oidc (cheap to import: the backend loads when registered)."""

from blocks import hookimpl


@hookimpl
def blocks_register_auth_backends():
    from blocks_auth_oidc.backend import OIDCAuth
    return [OIDCAuth]
