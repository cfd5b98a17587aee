"""The plugin's hooks: the MCP routes, on apps that ask for them."""

from __future__ import annotations

import blocks
from blocks.server.app import MCP_EXTENSION


@blocks.hookimpl
def blocks_register_routes(app, settings):
    if not settings.mcp_server:
        return None
    from blocks_mcp.server import make_blueprint
    app.extensions[MCP_EXTENSION] = True
    return [make_blueprint()]
