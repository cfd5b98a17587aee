"""blocks-mcp: an app's endpoints as MCP tools, resources and prompts.

Installed, it serves the Model Context Protocol's Streamable HTTP transport
at ``/gradio_api/mcp/`` (and ``/mcp``) of every app launched with
``mcp_server=True`` or ``BLOCKS_MCP_SERVER=1``. See ``docs/mcp.md``. The
modules: ``plugin`` (the hook), ``server`` (the transport and methods),
``catalog`` (tools, resources and prompts from the endpoints), ``content``
(file arguments in, results out).
"""

__all__: list[str] = []
