"""The server layer: a Flask app factory, its blueprints, and ``launch``.

Nothing in the pure layer (tree, events, queue) imports this package.
"""

from blocks.server.app import create_app

__all__ = ["create_app"]
