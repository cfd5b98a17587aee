"""The plugin's hooks: the MCP routes, on apps that ask for them.

This module is imported whenever plugins load (``import blocks`` stays
cheap): it imports the server side only inside the hook.
"""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_routes(app, settings):
    if not settings.mcp_server:
        return None
    from blocks.server.app import MCP_EXTENSION
    from blocks_mcp.server import make_blueprint
    app.extensions[MCP_EXTENSION] = True
    return [make_blueprint()]
