"""A Python client for Blocks apps.

    from blocks_client import Client, handle_file

    client = Client("http://127.0.0.1:7860/")
    client.predict("Ann", api_name="/greet")

It speaks the app's websocket protocol (one connection and one session per
client, reconnected when it drops) and its HTTP routes for the config, the
API description, uploads and downloads. It depends on ``websocket-client``
only. The guide: ``docs/client.md``.
"""

from blocks_client.client import Client
from blocks_client.endpoints import Endpoint, FileInput, handle_file
from blocks_client.errors import (
    AppError,
    AuthenticationError,
    ClientError,
    ClientWarning,
    ConnectionLost,
    JobCancelled,
)
from blocks_client.job import Job, Message, Status

__version__ = "0.1.0"

__all__ = ["Client", "Job", "Status", "Message", "Endpoint", "FileInput", "handle_file",
           "ClientError", "AppError", "AuthenticationError", "ConnectionLost", "JobCancelled",
           "ClientWarning", "__version__"]
