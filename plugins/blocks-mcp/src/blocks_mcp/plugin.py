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


@blocks.hookimpl
def blocks_api_page_sections(blocks, settings, url):
    """The "MCP" section of the "Use via API" page: where the tools are and a client's
    configuration to copy."""
    if not settings.mcp_server:
        return None
    import json
    import re
    from html import escape

    from blocks.server.api_page import Section
    endpoint = f"{url.rstrip('/')}/gradio_api/mcp/"
    name = re.sub(r"[^a-z0-9]+", "-", str(blocks.title or "app").lower()).strip("-") or "app"
    config = json.dumps({"mcpServers": {name: {"url": endpoint}}}, indent=2)
    html = (
        f"<p>This app's public endpoints are tools of an MCP server (Streamable HTTP) at "
        f"<code>{escape(endpoint)}</code>; <a href=\"{escape(endpoint)}schema\">their "
        f"schema</a> shows what a model sees.</p>\n"
        f"<div class=\"snippet\">\n<h3 id=\"mcp-config\">A client's configuration</h3>\n"
        f"<pre tabindex=\"0\"><code class=\"language-json\">{escape(config)}</code></pre>\n"
        f"<button type=\"button\" data-copy aria-label=\"Copy the MCP client "
        f"configuration\">Copy</button>\n</div>\n"
        f"<p>A client that speaks only stdio can use a bridge: "
        f"<code>npx mcp-remote {escape(endpoint)}</code>.</p>")
    return [Section(id="mcp", title="MCP", html=html)]
