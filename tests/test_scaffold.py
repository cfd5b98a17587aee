"""``blocks new``: the scaffolds of ``templates/``, rendered, installed and run for real.

The first tests render into ``tmp_path`` in this environment: names, validation,
``--force``, and that every file of every scaffold renders completely. The
install tests run ``blocks new`` from a real (non-editable) install of
blocks-core (the shared ``core_venv``), so the scaffolds must ship inside its
wheel; they pip-install the generated component and theme there, run the
generated packages' own tests there, and drive the generated component and
app in Chromium while that venv's Python serves them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import sys
import textwrap
import tomllib
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from blocks import cli
from blocks.scaffold import (
    ScaffoldError,
    create,
    make_names,
    new_command,
    scaffolds_root,
)

ROOT = Path(__file__).resolve().parent.parent
install = pytest.mark.install


# -- names ---------------------------------------------------------------------------------
def test_names_of_a_component():
    names = make_names("component", "star-rating")
    assert names.folder == names.distribution == "blocks-star-rating"
    assert names.package == "blocks_star_rating"
    assert names.module == names.component_name == "star_rating"
    assert names.class_name == "StarRating"
    assert names.element == "blocks-star_rating"  # the runtime creates blocks-${type}
    assert names.entry_point == "star_rating"
    assert names.title == "Star Rating"


def test_names_of_a_theme_and_an_app():
    theme = make_names("theme", "ocean-breeze")
    assert theme.distribution == "blocks-theme-ocean-breeze"
    assert theme.package == "blocks_theme_ocean_breeze"
    assert (theme.theme_name, theme.class_name) == ("ocean_breeze", "OceanBreeze")
    assert theme.entry_point == "theme_ocean_breeze"
    app = make_names("app", "hello-world")
    assert (app.folder, app.title) == ("hello-world", "Hello World")


def test_names_of_an_auth_backend():
    auth = make_names("auth", "company-sso")
    assert auth.distribution == "blocks-auth-company-sso"
    assert (auth.package, auth.module) == ("blocks_auth_company_sso", "backend")
    assert (auth.backend_name, auth.class_name) == ("company_sso", "CompanySsoAuth")
    assert auth.entry_point == "auth_company_sso"
    assert make_names("auth", "blocks-auth-company-sso") == auth


@pytest.mark.parametrize("given", ["star_rating", "blocks-star-rating", "blocks_star_rating",
                                   "  star-rating "])
def test_equivalent_spellings_give_the_same_names(given):
    assert make_names("component", given) == make_names("component", "star-rating")


def test_a_theme_prefix_is_not_doubled():
    assert make_names("theme", "theme-ocean").distribution == "blocks-theme-ocean"
    assert make_names("theme", "blocks-theme-ocean").distribution == "blocks-theme-ocean"


@pytest.mark.parametrize("name, message", [
    ("", "Give the component a name"),
    ("blocks-", "Give the component a name"),
    ("StarRating", "not a valid component name"),
    ("3d-viewer", "not a valid component name"),
    ("star rating", "not a valid component name"),
    ("star--rating", "not a valid component name"),
    ("-star", "not a valid component name"),
    ("star-", "not a valid component name"),
    ("étoile", "not a valid component name"),
    ("star.rating", "not a valid component name"),
    ("class", "'class' is a Python keyword"),
    ("none", "'None' is a Python keyword"),
    ("plugin", "already has a 'plugin' module"),
])
def test_invalid_names_are_refused_clearly(name, message, tmp_path):
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        make_names("component", name)
    assert not any(tmp_path.iterdir())


def test_the_command_reports_an_invalid_name(tmp_path, capsys):
    assert new_command(["component", "Star Rating", "--dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("blocks new: 'Star Rating' is not a valid component name")
    assert "e.g. 'star-rating'" in error
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind, name, message", [
    ("component", "textbox", "A component named 'textbox' is already installed"),
    ("component", "request", "gr.Request already exists"),
    ("component", "chatbot", "A component named 'chatbot' is already installed"),  # blocks-chat
    ("theme", "default", "A theme named 'default'"),
    ("theme", "soft", "A theme named 'soft'"),  # blocks-themes, installed here
    ("auth", "password", "An auth backend named 'password' is already installed"),
    ("auth", "oidc", "An auth backend named 'oidc'"),  # blocks-auth-oidc, installed here
])
def test_names_installed_plugins_use_are_refused(kind, name, message, tmp_path):
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        create(kind, name, tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("kind, name, message", [
    ("theme", "soft", "The theme 'soft' comes with blocks-themes"),
    ("component", "gallery", "gr.Gallery is provided by blocks-image"),
    ("component", "line-plot", "gr.LinePlot is provided by blocks-plots"),
    ("auth", "oidc", "The auth backend 'oidc' comes with blocks-auth-oidc"),
])
def test_names_of_the_projects_distributions_are_refused_when_not_installed(kind, name,
                                                                            message):
    from blocks.plugins import make_plugin_manager
    from blocks.registry import Registry
    from blocks.scaffold import check_available
    core_only = Registry(make_plugin_manager(entry_point_plugins=False))
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        check_available(make_names(kind, name), core_only)


def test_usage_errors_and_help(tmp_path, capsys):
    assert new_command(["widget", "x", "--dir", str(tmp_path)]) == 2
    assert "invalid choice: 'widget'" in capsys.readouterr().err
    assert new_command(["--help"]) == 0
    assert "blocks new component star-rating" in capsys.readouterr().out
    assert cli.main(["--help"]) == 0
    assert re.search(r"^  new +Create a component, theme or app", capsys.readouterr().out,
                     re.MULTILINE)


# -- existing folders ----------------------------------------------------------------------------
def test_an_existing_folder_needs_force(tmp_path, capsys):
    assert cli.main(["new", "component", "star-rating", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "blocks-star-rating"
    module = folder / "src" / "blocks_star_rating" / "star_rating.py"
    original = module.read_text()
    module.write_text("# my own work\n")
    (folder / "NOTES.md").write_text("notes")
    capsys.readouterr()

    assert cli.main(["new", "component", "star-rating", "--dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert f"{folder} already exists" in error and "--force" in error
    assert module.read_text() == "# my own work\n"  # nothing was written

    assert cli.main(["new", "component", "star-rating", "--dir", str(tmp_path), "--force"]) == 0
    assert module.read_text() == original  # the scaffold's files are written again...
    assert (folder / "NOTES.md").read_text() == "notes"  # ...and other files stay


def test_the_refusal_says_how_to_overwrite(tmp_path, capsys):
    (tmp_path / "hello").mkdir()
    (tmp_path / "hello" / "app.py").write_text("print('mine')\n")
    assert new_command(["app", "hello", "--dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "hello already exists" in error and "--force" in error
    assert (tmp_path / "hello" / "app.py").read_text() == "print('mine')\n"


def test_an_empty_folder_or_a_file_in_the_way(tmp_path, capsys):
    (tmp_path / "hello").mkdir()
    assert new_command(["app", "hello", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "hello" / "app.py").is_file()
    (tmp_path / "other").write_text("a file")
    assert new_command(["app", "other", "--dir", str(tmp_path), "--force"]) == 1
    assert "is not a folder" in capsys.readouterr().err


# -- what each scaffold contains ---------------------------------------------------------------
EXPECTED_FILES = {
    ("component", "star-rating"): {
        "pyproject.toml", "README.md",
        "src/blocks_star_rating/__init__.py", "src/blocks_star_rating/plugin.py",
        "src/blocks_star_rating/star_rating.py", "src/blocks_star_rating/static/star_rating.js",
        "tests/conftest.py", "tests/test_star_rating.py", "tests/test_star_rating_browser.py"},
    ("theme", "ocean-breeze"): {
        "pyproject.toml", "README.md",
        "src/blocks_theme_ocean_breeze/__init__.py", "src/blocks_theme_ocean_breeze/plugin.py",
        "src/blocks_theme_ocean_breeze/theme.py", "tests/test_theme.py"},
    ("app", "hello-world"): {"app.py", "requirements.txt", "README.md"},
    ("auth", "company-sso"): {
        "pyproject.toml", "README.md",
        "src/blocks_auth_company_sso/__init__.py", "src/blocks_auth_company_sso/plugin.py",
        "src/blocks_auth_company_sso/backend.py", "tests/test_backend.py"},
}


@pytest.mark.parametrize("kind, name", list(EXPECTED_FILES))
def test_every_file_renders_completely(kind, name, tmp_path, capsys):
    assert new_command([kind, name, "--dir", str(tmp_path)]) == 0
    folder = tmp_path / make_names(kind, name).folder
    written = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
               if path.is_file()}
    assert written == EXPECTED_FILES[kind, name]
    for relative in written:
        text = (folder / relative).read_text()
        assert "{{" not in text and "}}" not in text, relative
        if relative.endswith(".py"):
            compile(text, relative, "exec")  # valid Python
    out = capsys.readouterr().out
    assert f"cd {folder}" in out


def test_the_html_component_scaffold_is_a_gr_html_subclass(tmp_path, capsys):
    assert new_command(["component", "stars", "--html", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "blocks-stars"
    written = {path.relative_to(folder).as_posix() for path in folder.rglob("*")
               if path.is_file()}
    assert written == {path.replace("star_rating", "stars")
                       for path in EXPECTED_FILES["component", "star-rating"]}
    for relative in written:
        text = (folder / relative).read_text()
        assert "{{" not in text and "}}" not in text, relative
        if relative.endswith(".py"):
            compile(text, relative, "exec")
    source = (folder / "src/blocks_stars/stars.py").read_text()
    for member in ("from blocks.components.html import HTML", "class Stars(HTML):",
                   'name = "stars"', 'JS_MODULE = "stars.js"', "data_model = ",
                   "html_template", "css_template", "js_on_load", "def validate"):
        assert member in source, member
    script = (folder / "src/blocks_stars/static/stars.js").read_text()
    assert 'import BlocksHTML from "../blocks/components/html.js"' in script
    assert 'define("blocks-stars", class extends BlocksHTML {})' in script
    assert "HTML, CSS and script templates" in capsys.readouterr().out
    # without --html, the same name makes a Custom Element written in JavaScript
    plain = create("component", "stars", tmp_path / "plain").path
    assert "class Stars(Component):" in (plain / "src/blocks_stars/stars.py").read_text()


def test_html_is_for_components_only(tmp_path, capsys):
    assert new_command(["theme", "sea", "--html", "--dir", str(tmp_path)]) == 1
    assert "--html makes a component" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_component_scaffold_writes_the_files_the_docs_list(tmp_path):
    guide = (ROOT / "docs" / "components.md").read_text()
    section = guide.split("The files a component package needs", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE))
    created = create("component", "stars", tmp_path)
    assert set(created.files) == listed


@pytest.mark.parametrize("kind, name", [("component", "star-rating"), ("theme", "ocean-breeze"),
                                        ("auth", "company-sso")])
def test_the_distribution_is_declared_like_blocks_image(kind, name, tmp_path):
    created = create(kind, name, tmp_path)
    names = created.names
    project = tomllib.loads((created.path / "pyproject.toml").read_text())
    assert project["build-system"]["build-backend"] == "hatchling.build"
    assert project["project"]["name"] == names.distribution
    assert project["project"]["dependencies"] == ["blocks-core>=0.1"]  # a lower bound only
    assert project["project"]["entry-points"]["blocks"] == {
        names.entry_point: f"{names.package}.plugin"}
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        f"src/{names.package}"]
    plugin = (created.path / "src" / names.package / "plugin.py").read_text()
    hook = {"component": "blocks_register_components", "theme": "blocks_register_themes",
            "auth": "blocks_register_auth_backends"}[kind]
    assert f"def {hook}():" in plugin


def test_the_component_module_follows_the_contract(tmp_path):
    created = create("component", "star-rating", tmp_path)
    source = (created.path / "src/blocks_star_rating/star_rating.py").read_text()
    for member in ('name = "star_rating"', 'JS_MODULE = "star_rating.js"', "EVENTS = ",
                   "def __init__(", "def value_field", "def validate", "def preprocess",
                   "def postprocess", "def example_value"):
        assert member in source, member
    script = (created.path / "src/blocks_star_rating/static/star_rating.js").read_text()
    assert 'from "../blocks/base.js"' in script
    assert 'define("blocks-star_rating", class extends BlocksElement' in script
    assert 'el("label", { for: id' in script  # a real label tied to the input


def test_the_app_builds_a_blocks(tmp_path):
    from blocks.wsgi import load_blocks
    created = create("app", "hello-world", tmp_path)
    demo = load_blocks(str(created.path / "app.py"))  # launch() is skipped while loading
    assert demo.title == "Hello World"
    labels = {entry["props"].get("label") for entry in demo.config()["components"]}
    assert {"Name", "Excited", "Greeting"} <= labels
    requirements = (created.path / "requirements.txt").read_text().splitlines()
    assert [line for line in requirements if not line.startswith("#")] == ["blocks-core>=0.1"]
    readme = (created.path / "README.md").read_text()
    assert "python app.py" in readme
    assert """gunicorn -k gevent -w 1 -b 127.0.0.1:8000 'blocks.wsgi:app("app.py")'""" in readme


def test_a_checkout_reads_the_repository_templates():
    # This environment has blocks-core installed editable: the templates are read in place.
    assert scaffolds_root() == ROOT / "templates"


# -- installed for real --------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium() -> str | None:
    path = os.environ.get("BLOCKS_CHROMIUM") or "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


@pytest.fixture(scope="module")
def generated(core_venv, tmp_path_factory) -> dict[str, Path]:
    """The scaffolds, written by ``blocks new`` of the non-editable core install."""
    where = tmp_path_factory.mktemp("scaffolds")
    folders = {}
    for kind, name in (("component", "star-rating"), ("theme", "ocean-breeze"),
                       ("app", "hello-world"), ("auth", "company-sso")):
        result = core_venv.command("blocks", "new", kind, name, "--dir", where)
        assert result.returncode == 0, core_venv.describe(result)
        folders[kind] = where / make_names(kind, name).folder
        assert f"cd {folders[kind]}" in result.stdout
    result = core_venv.command("blocks", "new", "component", "stars", "--html", "--dir", where)
    assert result.returncode == 0, core_venv.describe(result)
    folders["component-html"] = where / "blocks-stars"
    return folders


@pytest.fixture(scope="module")
def installed(core_venv, generated) -> dict[str, Path]:
    """The component (editable, with its test extra), the theme and the auth backend,
    pip-installed."""
    core_venv.pip_install("-e", f"{generated['component']}[test]", str(generated["theme"]),
                          str(generated["auth"]), "-e", str(generated["component-html"]))
    return generated


@install
def test_an_installed_core_ships_the_scaffolds(core_venv, generated):
    result = core_venv.python_code("from blocks.scaffold import scaffolds_root; "
                                   "print(scaffolds_root())")
    assert result.returncode == 0, core_venv.describe(result)
    shipped = Path(result.stdout.strip())
    assert shipped.parts[-3:] == ("site-packages", "blocks", "scaffolds"), shipped
    for kind in ("component", "theme", "app", "auth"):
        assert (shipped / kind).is_dir()


@install
def test_a_theme_named_like_one_of_blocks_themes_is_refused(core_venv, tmp_path):
    result = core_venv.command("blocks", "new", "theme", "soft", "--dir", tmp_path)
    assert result.returncode == 1, core_venv.describe(result)
    assert "The theme 'soft' comes with blocks-themes" in result.stderr
    assert not any(tmp_path.iterdir())


@install
def test_the_component_resolves_and_is_listed(core_venv, installed):
    result = core_venv.python_code(
        "import blocks as gr; print(gr.StarRating.__module__, gr.StarRating.name)")
    assert result.returncode == 0, core_venv.describe(result)
    assert result.stdout.split() == ["blocks_star_rating.star_rating", "star_rating"]
    listing = core_venv.command("blocks", "plugins")
    assert listing.returncode == 0, core_venv.describe(listing)
    assert re.search(r"^star_rating +\(blocks-star-rating 0\.1\.0", listing.stdout, re.MULTILINE)
    assert re.search(r"^ +components: StarRating$", listing.stdout, re.MULTILINE)


@install
def test_the_theme_resolves_and_is_listed(core_venv, installed):
    code = textwrap.dedent("""\
        import blocks as gr
        demo = gr.Blocks(theme="ocean_breeze")
        with demo:
            gr.Button("Go", variant="primary")
        client = demo.create_app().test_client()
        print(client.get("/").status_code, client.get("/theme.css").status_code)
        print(type(gr.themes.OceanBreeze()).__module__)
        """)
    result = core_venv.python_code(code)
    assert result.returncode == 0, core_venv.describe(result)
    assert result.stdout.split() == ["200", "200", "blocks_theme_ocean_breeze.theme"]
    listing = core_venv.command("blocks", "plugins")
    assert re.search(r"^theme_ocean_breeze +\(blocks-theme-ocean-breeze 0\.1\.0",
                     listing.stdout, re.MULTILINE), core_venv.describe(listing)
    assert re.search(r"^ +themes: ocean_breeze$", listing.stdout, re.MULTILINE)


@install
@pytest.mark.parametrize("kind, passed", [("component", 10), ("theme", 4), ("auth", 5),
                                          ("component-html", 6)])
def test_the_generated_tests_pass(core_venv, installed, kind, passed):
    env = core_venv.env()
    browser = chromium()
    if browser:
        env["BLOCKS_CHROMIUM"] = browser
    result = core_venv.command("python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               cwd=installed[kind], env=env)
    assert result.returncode == 0, core_venv.describe(result)
    summary = result.stdout.strip().splitlines()[-1]
    if browser:  # the browser tests ran, not skipped
        assert re.match(rf"{passed} passed in ", summary), core_venv.describe(result)


def venv_server_env(core_venv, port: int) -> dict:
    env = core_venv.env(BLOCKS_SERVER_NAME="127.0.0.1", BLOCKS_SERVER_PORT=str(port))
    env["PATH"] = f"{core_venv.bin}{os.pathsep}{env.get('PATH', '')}"
    return env


COMPONENT_APP = """\
import blocks as gr

with gr.Blocks(theme="ocean_breeze") as demo:
    words = gr.StarRating(label="Words", placeholder="Type here")
    loud = gr.StarRating(label="Loud")
    gr.Button("Shout", variant="primary").click(lambda text: text.upper(), words, loud)

demo.launch()
"""


@install
def test_the_component_works_in_chromium(core_venv, installed, page, tmp_path, run_server):
    (tmp_path / "shout.py").write_text(COMPONENT_APP)
    port = free_port()
    with run_server([core_venv.python, "shout.py"], f"http://127.0.0.1:{port}/", tmp_path,
                 venv_server_env(core_venv, port)) as url:
        page.goto(url)
        words = page.get_by_label("Words")
        expect(words).to_have_attribute("placeholder", "Type here")
        expect(page.get_by_label("Loud")).not_to_be_editable()
        assert page.locator("blocks-star_rating").count() == 2
        words.fill("hello")
        page.get_by_role("button", name="Shout").click()
        expect(page.get_by_label("Loud")).to_have_value("HELLO")


@install
def test_the_app_works_in_chromium(core_venv, generated, page, run_server):
    port = free_port()
    with run_server([core_venv.python, "app.py"], f"http://127.0.0.1:{port}/",
                 generated["app"], venv_server_env(core_venv, port)) as url:
        page.goto(url)
        expect(page).to_have_title("Hello World")
        expect(page.get_by_role("heading", name="Hello World")).to_be_visible()
        page.get_by_label("Name").fill("Ada")
        page.get_by_role("button", name="Greet").click()
        expect(page.get_by_label("Greeting")).to_have_value("Hello, Ada!")
        page.get_by_label("Excited").uncheck()
        page.get_by_label("Name").fill("Grace")
        page.get_by_label("Name").press("Enter")
        expect(page.get_by_label("Greeting")).to_have_value("Hello, Grace.")


@install
def test_the_app_readme_gunicorn_command_serves_it(generated, run_server):
    readme = (generated["app"] / "README.md").read_text()
    [line] = [line for line in readme.splitlines() if line.startswith("gunicorn ")]
    port = free_port()
    command = shlex.split(line.replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
    command[0] = Path(sys.executable).with_name("gunicorn")  # this environment's gunicorn
    url = f"http://127.0.0.1:{port}/"
    with (run_server(command, url, generated["app"], dict(os.environ)),
          urllib.request.urlopen(url, timeout=10) as response):
        assert b"<title>Hello World</title>" in response.read()
