"""The hook implementations of blocks-dataframe (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import sys

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_dataframe.dataframe import Dataframe
    return [Dataframe]


@blocks.hookimpl
def blocks_register_routes(app, settings):
    from blocks_dataframe.routes import blueprint
    return [blueprint]


@blocks.hookimpl
def blocks_session_ended(session_hash):
    tables = sys.modules.get("blocks_dataframe.tables")  # none kept before it is imported
    if tables is not None:
        tables.store.drop_session(session_hash)
