from __future__ import annotations

from blocks.components.button import Button


class LoginButton(Button):
    """Sign in, or out: "Sign in with <provider>" for a visitor, "Logout (<username>)" once
    signed in.

    It leads to the app's login (``/login``: the provider of an OpenID Connect
    backend, or the login page) and back to the page, and to ``/logout``.
    Functions learn who signed in from parameters annotated ``gr.OAuthProfile``
    and ``gr.OAuthToken`` (``None`` for a visitor), or ``gr.Request.username``.
    An app without a login backend shows it disabled (and warns at start).

    Args:
        value: the text while signed out; by default "Sign in with <provider>",
            the provider being the auth backend's ``title``.
        logout_value: the text while signed in; ``{}`` becomes the username.
    """

    name = "login_button"
    JS_MODULE = "components/login_button.js"

    def __init__(self, value: str | None = None, logout_value: str = "Logout ({})", *,
                 variant: str = "secondary", size: str = "lg", icon: str | None = None,
                 min_width: int | None = None, **kwargs):
        super().__init__(value, variant=variant, size=size, icon=icon,
                         min_width=min_width, **kwargs)
        self.logout_value = logout_value
