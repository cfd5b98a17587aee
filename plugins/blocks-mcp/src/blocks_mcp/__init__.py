"""blocks-mcp: an app's endpoints as MCP tools, resources and prompts.

Installed, it serves the Model Context Protocol's Streamable HTTP transport
at ``/gradio_api/mcp/`` (and ``/mcp``) of every app launched with
``mcp_server=True`` or ``BLOCKS_MCP_SERVER=1``. See ``docs/mcp.md``.
"""

from blocks_mcp.catalog import Catalog
from blocks_mcp.server import MCP_PATHS, PROTOCOL_VERSIONS

__all__ = ["Catalog", "MCP_PATHS", "PROTOCOL_VERSIONS"]
