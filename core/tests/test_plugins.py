import types
from typing import ClassVar

import pytest

import blocks
import blocks as gr
from blocks.components import Component
from blocks.exceptions import ComponentNotInstalledError, PluginError
from blocks.plugins import make_plugin_manager
from blocks.registry import Registry


class Stars(Component):
    name = "stars"
    JS_MODULE = "stars.js"


def plugin_module(**hooks):
    module = types.ModuleType("fake_plugin")
    for name, fn in hooks.items():
        setattr(module, name, blocks.hookimpl(fn))
    return module


def test_builtin_components_come_through_the_hook():
    registry = Registry(make_plugin_manager(entry_point_plugins=False))
    assert {"textbox", "number", "button", "markdown", "html", "slider", "checkbox",
            "dropdown", "radio"} <= set(registry.components)
    assert registry.provided["blocks.builtin"]["themes"]
    assert "password" in registry.auth_backends


def test_explicit_plugin_adds_a_component():
    plugin = plugin_module(blocks_register_components=lambda: [Stars])
    registry = Registry(make_plugin_manager([plugin], entry_point_plugins=False))
    assert registry.components["stars"] is Stars
    assert registry.component_by_class_name("Stars") is Stars


def test_misspelled_hook_fails_loudly():
    plugin = plugin_module(blocks_register_componentz=lambda: [Stars])
    with pytest.raises(PluginError, match="blocks_register_componentz"):
        make_plugin_manager([plugin], entry_point_plugins=False)


def test_two_plugins_with_one_name_fail_loudly():
    class OtherTextbox(Component):
        name = "textbox"

    plugin = plugin_module(blocks_register_components=lambda: [OtherTextbox])
    with pytest.raises(PluginError, match="textbox") as raised:
        Registry(make_plugin_manager([plugin], entry_point_plugins=False))
    message = str(raised.value)
    assert "'blocks.builtin' (blocks-core)" in message
    assert "BLOCKS_LOAD_PLUGINS" in message  # what to do about it


def test_a_lenient_registry_records_conflicts():
    from blocks.themes.base import Theme

    class Soft(Theme):
        name = "soft"

    class OtherSoft(Theme):
        name = "soft"

    one = plugin_module(blocks_register_themes=lambda: [Soft])
    two = plugin_module(blocks_register_themes=lambda: [OtherSoft])
    two.__name__ = "other_plugin"
    pm = make_plugin_manager([one, two], entry_point_plugins=False)
    with pytest.raises(PluginError, match="theme named 'soft'"):
        Registry(pm)
    registry = Registry(pm, strict=False)
    assert registry.themes["soft"] is Soft  # the first one is kept
    [conflict] = registry.conflicts
    assert (conflict.kind, conflict.name) == ("themes", "soft")
    assert conflict.first[0] == pm.get_name(one) and conflict.second[0] == pm.get_name(two)


def test_the_plugins_command_reports_a_conflict_instead_of_crashing(monkeypatch, capsys):
    from blocks.cli import main
    from blocks.themes.base import Theme

    class Soft(Theme):
        name = "soft"

    def entry(name, dist_name):
        class Dist:
            metadata: ClassVar = {"Name": dist_name}
            version = "1.0"

        class EntryPoint:
            value = f"{name}.plugin"
            dist = Dist()

            def load(self):
                return plugin_module(blocks_register_themes=lambda: [Soft if name == "a"
                                                                     else type("S", (Theme,),
                                                                               {"name": "soft"})])
        EntryPoint.name = name
        return EntryPoint()

    monkeypatch.setattr("blocks.plugins.entry_points",
                        lambda group: [entry("a", "blocks-theme-a"), entry("b", "blocks-theme-b")])
    assert main(["plugins"]) == 1
    captured = capsys.readouterr()
    assert "a  (blocks-theme-a 1.0" in captured.out and "b  (blocks-theme-b 1.0" in captured.out
    assert "Conflict: Two plugins register a theme named 'soft'" in captured.err
    assert "'a' (blocks-theme-a) and 'b' (blocks-theme-b)" in captured.err
    assert "pip uninstall blocks-theme-b" in captured.err
    assert "Traceback" not in captured.err


def test_load_plugins_env_limits_entry_points(monkeypatch):
    loaded = []

    class FakeEntryPoint:
        name = "fake"
        value = "fake_plugin"
        dist = None

        def load(self):
            loaded.append(self.name)
            return plugin_module(blocks_register_components=lambda: [Stars])

    monkeypatch.setattr("blocks.plugins.entry_points", lambda group: [FakeEntryPoint()])
    make_plugin_manager(env={"BLOCKS_LOAD_PLUGINS": ""})
    assert loaded == []
    pm = make_plugin_manager(env={"BLOCKS_LOAD_PLUGINS": "fake"})
    assert loaded == ["fake"] and pm.get_plugin("fake") is not None


def test_broken_plugin_names_itself(monkeypatch, capsys):
    class Broken:
        name = "broken"
        value = "broken_plugin"
        dist = None

        def load(self):
            raise ImportError("no module named numpyy")

    monkeypatch.setattr("blocks.plugins.entry_points", lambda group: [Broken()])
    with pytest.raises(PluginError, match=r"broken.*numpyy"):
        make_plugin_manager(env={})
    from blocks.cli import main  # the command line says it without a traceback
    assert main(["plugins"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("blocks: Plugin 'broken'") and "numpyy" in err


def test_tracing_logs_hook_calls(caplog):
    import logging
    caplog.set_level(logging.DEBUG, logger="blocks.plugins")
    pm = make_plugin_manager(entry_point_plugins=False, env={"BLOCKS_TRACE_PLUGINS": "1"})
    pm.hook.blocks_extra_head(settings=None)
    assert "blocks_extra_head" in caplog.text


def test_tracing_logs_the_register_hooks_with_the_plugin_that_answered(caplog):
    import logging
    caplog.set_level(logging.DEBUG, logger="blocks.plugins")
    plugin = plugin_module(blocks_register_components=lambda: [Stars])
    pm = make_plugin_manager([plugin], entry_point_plugins=False,
                             env={"BLOCKS_TRACE_PLUGINS": "1"})
    caplog.clear()
    registry = Registry(pm)
    assert registry.components["stars"] is Stars
    calls = [record.getMessage() for record in caplog.records
             if record.getMessage().startswith("call ")]
    for hook in ("blocks_register_components", "blocks_register_themes",
                 "blocks_register_auth_backends", "blocks_register_state_backends"):
        assert f"call {hook}() -> blocks.builtin" in calls, calls
    name = pm.get_name(plugin)
    assert f"call blocks_register_components() -> {name}" in calls, calls


def test_without_tracing_nothing_is_logged(caplog):
    import logging
    caplog.set_level(logging.DEBUG, logger="blocks.plugins")
    Registry(make_plugin_manager(entry_point_plugins=False, env={}))
    assert "call " not in caplog.text


def test_missing_component_names_its_package(monkeypatch):
    registry = Registry(make_plugin_manager(entry_point_plugins=False))
    monkeypatch.setattr("blocks.registry.catalog", lambda: registry)
    with pytest.raises(ComponentNotInstalledError,
                       match="Image is provided by blocks-image: pip install blocks-image"):
        gr.Image
    with pytest.raises(AttributeError, match="Nope"):
        gr.Nope


def test_apps_have_their_own_plugin_manager():
    with gr.Blocks() as demo:
        gr.Textbox()
    plugin = plugin_module(blocks_extra_head=lambda settings: "<meta name='x-one'>")
    one = gr.create_app(demo, plugins=[plugin])
    two = gr.create_app(demo)
    assert one.extensions["blocks"].pm is not two.extensions["blocks"].pm
    assert b"x-one" in one.test_client().get("/").data
    assert b"x-one" not in two.test_client().get("/").data


def test_plugins_cli_lists_builtin(capsys):
    from blocks.cli import main
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "blocks.builtin" in out and "Textbox" in out
    assert main(["nope"]) == 2


def test_import_has_no_server_side_effects():
    import subprocess
    import sys
    code = ("import sys, threading, blocks; "
            "bad = [m for m in ('flask', 'gevent', 'flask_sock', 'werkzeug') if m in sys.modules]; "
            "print(bad, threading.active_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[] 1"


def test_two_entry_points_with_one_name_fail_loudly(monkeypatch):
    def entry(value):
        class EntryPoint:
            name = "stars"
            dist = None

            def load(self):
                return plugin_module(blocks_extra_head=lambda settings: value)
        EntryPoint.value = value
        return EntryPoint()

    monkeypatch.setattr("blocks.plugins.entry_points",
                        lambda group: [entry("one.plugin"), entry("one.plugin")])
    make_plugin_manager(env={})  # the same entry point twice on sys.path is fine
    monkeypatch.setattr("blocks.plugins.entry_points",
                        lambda group: [entry("one.plugin"), entry("two.plugin")])
    with pytest.raises(PluginError, match="stars"):
        make_plugin_manager(env={})


def test_a_planned_component_says_so(monkeypatch):
    registry = Registry(make_plugin_manager(entry_point_plugins=False))
    monkeypatch.setattr("blocks.registry.catalog", lambda: registry)
    # providers.json lists what is planned today; this test must not depend on it
    monkeypatch.setattr("blocks.registry.providers", lambda: {
        "blocks-stars": {"components": ["Star"], "planned": ["Constellation"]}})
    with pytest.raises(ComponentNotInstalledError, match="Constellation is not available yet: "
                                                         "it is planned for blocks-stars"):
        gr.Constellation
    with pytest.raises(ComponentNotInstalledError, match="pip install blocks-stars"):
        gr.Star


def test_theme_from_a_missing_package_names_it():
    registry = Registry(make_plugin_manager(entry_point_plugins=False))
    with pytest.raises(ValueError, match="pip install blocks-themes"):
        registry.resolve_theme("soft")
