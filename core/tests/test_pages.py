"""The page shell and multipage apps, through Flask's test client."""

import pytest

import blocks as gr
from blocks.multipage import slug


def client(demo, **settings):
    return demo.create_app(**settings).test_client()


def test_page_arguments_of_blocks_and_launch(tmp_path):
    (tmp_path / "a.css").write_text(".from-blocks-file { color: red }")
    (tmp_path / "b.css").write_text(".from-launch-file { color: blue }")
    (tmp_path / "head.html").write_text('<meta name="from-head-file" content="1">')
    (tmp_path / "icon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with gr.Blocks(title="My title", css=".from-blocks { color: green }",
                   css_paths=tmp_path / "a.css", head='<meta name="from-blocks-head">',
                   js="() => 1") as demo:
        gr.Textbox()
    page = client(demo, css=".from-launch {}", css_paths=[str(tmp_path / "b.css")],
                  head='<meta name="from-launch-head">', head_paths=tmp_path / "head.html",
                  js="() => 2", favicon_path=str(tmp_path / "icon.png")).get("/").text
    assert "<title>My title</title>" in page
    order = [page.index(part) for part in (".from-blocks {", ".from-blocks-file",
                                           ".from-launch {", ".from-launch-file")]
    assert order == sorted(order)  # css first, then css_paths; Blocks, then launch
    for part in ('name="from-blocks-head"', 'name="from-launch-head"', 'name="from-head-file"',
                 '"() =\\u003e 1"', '"() =\\u003e 2"', 'href="/favicon.ico" type="image/png"'):
        assert part in page


def test_missing_css_or_head_files_are_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="css_paths"):
        gr.Blocks(css_paths=tmp_path / "nope.css")
    with pytest.raises(FileNotFoundError, match="head_paths"):
        gr.Blocks().create_app(head_paths=[str(tmp_path / "nope.html")])


@pytest.mark.parametrize(("query", "expected"), [("", '<html lang="en" data'),
                                                 ("?__theme=dark", 'class="dark"'),
                                                 ("?__theme=light", 'class="light"'),
                                                 ("?__theme=evil", '<html lang="en" data')])
def test_theme_mode_from_the_query(query, expected):
    assert expected in client(gr.Blocks()).get("/" + query).text


def test_favicon_is_served(tmp_path):
    icon = tmp_path / "icon.ico"
    icon.write_bytes(b"\x00\x00\x01\x00")
    response = client(gr.Blocks(), favicon_path=str(icon)).get("/favicon.ico")
    assert response.status_code == 200 and response.data == b"\x00\x00\x01\x00"
    assert client(gr.Blocks()).get("/favicon.ico").status_code == 404


def multipage():
    with gr.Blocks() as demo:
        gr.Textbox(label="Main")
        with demo.route("Settings"):
            gr.Textbox(label="Inside settings")
    with demo.route("Usage Stats", "/stats/usage", show_in_navbar=False):
        with gr.Row():
            gr.Navbar(main_page_name="Dashboard", value=[("Docs", "/docs")])
        gr.Number(label="Count")
    return demo


def labels_on_page(config):
    props = {c["id"]: c for c in config["components"]}

    def walk(node):
        for child in node.get("children", []):
            yield props[child["id"]]
            yield from walk(child)
    return [(c["type"], c["props"].get("label")) for c in walk(config["layout"])]


def test_each_page_has_its_own_layout_and_a_navbar():
    demo = multipage()
    main = demo.config()
    assert labels_on_page(main) == [("navbar", None), ("textbox", "Main")]
    assert main["pages"] == [
        {"path": "", "name": None, "show_in_navbar": True},
        {"path": "settings", "name": "Settings", "show_in_navbar": True},
        {"path": "stats/usage", "name": "Usage Stats", "show_in_navbar": False},
    ]
    assert labels_on_page(demo.config(page="settings")) == [("navbar", None),
                                                           ("textbox", "Inside settings")]
    stats = demo.config(page="stats/usage")
    # the page's own navbar is used (moved to the top), not the default one
    assert labels_on_page(stats) == [("navbar", None), ("row", None), ("number", "Count")]
    navbar = next(c for c in stats["components"] if c["id"] == stats["layout"]["children"][0]["id"])
    assert navbar["props"]["main_page_name"] == "Dashboard"
    assert navbar["props"]["value"] == [["Docs", "/docs"]]


def test_a_single_page_app_has_no_navbar():
    with gr.Blocks() as demo:
        gr.Textbox()
    assert [c["type"] for c in demo.config()["components"]] == ["textbox"]


def test_pages_have_urls():
    app = client(multipage())
    settings = app.get("/settings")
    assert settings.status_code == 200 and 'data-blocks-page="settings"' in settings.text
    assert app.get("/stats/usage").status_code == 200
    assert app.get("/nowhere", headers={"Accept": "text/html"}).status_code == 404
    config = app.get("/config?page=settings").json
    assert config["page"] == "settings"
    assert app.get("/config?page=nowhere").status_code == 404
    assert app.get("/config").json["page"] == ""


def test_page_paths_must_be_unique_and_not_the_root():
    demo = gr.Blocks()
    demo.route("Settings")
    with pytest.raises(ValueError, match="Two pages"):
        demo.route("settings")
    with pytest.raises(ValueError, match="other than '/'"):
        demo.route("Home", "/")
    assert slug("My Settings!") == "my-settings" and slug("/Docs/API/") == "docs/api"


def test_navbar_returned_from_a_function():
    from blocks.processing import postprocess_one
    with gr.Blocks():
        navbar = gr.Navbar()
    update = postprocess_one(navbar, gr.Navbar(visible=False, main_page_name="Back",
                                               value=[("A", "/a")]))
    assert update == {"value": [["A", "/a"]],
                      "props": {"visible": False, "main_page_name": "Back"}}


def test_launch_page_settings_apply_under_a_wsgi_server(tmp_path):
    from blocks.wsgi import app
    script = tmp_path / "app.py"
    script.write_text(
        "import blocks as gr\n"
        "i18n = gr.I18n(en={'hi': 'Hello'}, fr={'hi': 'Bonjour'})\n"
        "with gr.Blocks() as demo:\n"
        "    gr.Textbox(label=i18n('hi'))\n"
        "demo.launch(css='.from-launch { color: red }', theme='base', i18n=i18n)\n")
    client = app(str(script), head='<meta name="from-wsgi">').test_client()
    page = client.get("/").text
    assert ".from-launch { color: red }" in page and 'name="from-wsgi"' in page
    assert "--primary-500: #3b82f6;" in client.get("/theme.css").text  # base: blue
    french = client.get("/config", headers={"Accept-Language": "fr"}).json
    assert french["components"][0]["props"]["label"] == "Bonjour"
