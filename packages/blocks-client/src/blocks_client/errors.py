"""What a :class:`~blocks_client.Client` raises and warns."""

from __future__ import annotations

__all__ = ["ClientError", "AppError", "AuthenticationError", "ConnectionLost",
           "JobCancelled", "ClientWarning"]


class ClientError(Exception):
    """Base class of every error of this package."""


class AppError(ClientError):
    """The app refused a call or its function failed (``gr.Error`` and others).

    ``message`` is the app's message, ``title`` its title (``"Error"`` by
    default); ``fields`` names the values a refused call got wrong (empty when
    the function itself failed); ``validation`` has one entry per input when
    a validator or a component's constraints refused the values.
    """

    def __init__(self, message: str, title: str | None = None, *,
                 fields: dict | None = None, validation: list | None = None):
        super().__init__(message)
        self.message = message
        self.title = title or "Error"
        self.fields = dict(fields or {})
        self.validation = validation


class AuthenticationError(ClientError):
    """The app needs a login that the client does not have, or refused the one it has."""


class ConnectionLost(ClientError):
    """The connection to the app dropped while the job ran (the server cancels such jobs),
    or it could not be opened again. A new call after a reconnect keeps the session."""


class JobCancelled(ClientError):
    """The job was cancelled (by :meth:`Job.cancel`, or by the server as it stopped)."""


class ClientWarning(UserWarning):
    """An argument the client does not use, or a session the server did not keep."""
