"""Multipage apps in Chromium: pages at their own URLs, the navigation bar, gr.Navbar."""

import re

from playwright.sync_api import expect

import blocks as gr


def app():
    with gr.Blocks(title="Navbar Demo") as demo:
        navbar = gr.Navbar(visible=True, main_page_name="Dashboard",
                           value=[("About", "https://example.com/about")])
        gr.Markdown("# Dashboard Page")
        count = gr.Number(label="Count", value=1)
        gr.Button("Add one").click(lambda n: n + 1, count, count)
        hide = gr.Button("Hide Navbar")
        hide.click(lambda: gr.Navbar(visible=False), None, navbar)
        show = gr.Button("Show Navbar")
        show.click(lambda: gr.Navbar(visible=True, main_page_name="Dashboard is Back!"),
                   None, navbar)
    with demo.route("Settings"):
        gr.Markdown("# Settings Page")
        box = gr.Textbox(label="Settings page")
        gr.Button("Shout").click(lambda text: text.upper(), box, box)
    with demo.route("Hidden page", "/secret", show_in_navbar=False):
        gr.Markdown("# Secret Page")
    return demo


def test_pages_and_the_default_navbar(serve, page):
    url = serve(app())
    page.goto(url + "settings")
    nav = page.get_by_role("navigation", name="Pages")
    links = nav.get_by_role("link")
    expect(links).to_have_text(["Home", "Settings"])  # the default navbar of this page
    expect(nav.get_by_role("link", name="Settings")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Settings Page")).to_be_visible()
    expect(page.get_by_role("heading", name="Dashboard Page")).to_have_count(0)

    nav.get_by_role("link", name="Home").click()
    expect(page).to_have_url(url)
    expect(page.get_by_role("heading", name="Dashboard Page")).to_be_visible()
    nav = page.get_by_role("navigation", name="Pages")
    expect(nav.get_by_role("link")).to_have_text(["Dashboard", "Settings", "About"])
    expect(nav.get_by_role("link", name="About")).to_have_attribute(
        "href", "https://example.com/about")
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")

    page.goto(url + "secret")  # not in the navbar, still served
    expect(page.get_by_role("heading", name="Secret Page")).to_be_visible()
    expect(page.get_by_role("navigation", name="Pages").get_by_role("link")).to_have_count(2)


def test_events_work_on_every_page_and_update_the_navbar(serve, page):
    url = serve(app())
    page.goto(url)
    page.get_by_role("button", name="Add one").click()
    expect(page.get_by_label("Count")).to_have_value("2")
    page.get_by_role("button", name="Hide Navbar").click()
    expect(page.get_by_role("navigation", name="Pages")).to_be_hidden()
    page.get_by_role("button", name="Show Navbar").click()
    nav = page.get_by_role("navigation", name="Pages")
    expect(nav.get_by_role("link").first).to_have_text("Dashboard is Back!")
    page.goto(url + "settings")
    page.get_by_label("Settings page").fill("typed")
    page.get_by_role("button", name="Shout").click()
    expect(page.get_by_label("Settings page")).to_have_value("TYPED")


def test_theme_mode_carries_across_pages(serve, page):
    page.goto(serve(app()) + "?__theme=dark")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Settings").click()
    expect(page).to_have_url(re.compile(r"/settings\?__theme=dark$"))
    expect(page.locator("html")).to_have_class("dark")
    expect(page.get_by_role("heading", name="Settings Page")).to_be_visible()


def test_a_page_has_its_own_load_event(serve, page):
    opened = []
    with gr.Blocks() as demo:
        home = gr.Textbox(label="Home greeting")
        demo.load(lambda: opened.append("app") or "app loaded", None, home)
    with demo.route("Report", "/report") as report:
        shown = gr.Textbox(label="Report greeting")

        def report_loaded():
            opened.append("report")
            return f"report #{opened.count('report')}"

        report.load(report_loaded, None, shown)
    url = serve(demo)
    page.goto(url + "report")
    expect(page.get_by_label("Report greeting")).to_have_value("report #1")
    page.goto(url)
    expect(page.get_by_label("Home greeting")).to_have_value("app loaded")
    # the app's load runs on every page, the report's only on its own
    assert opened.count("app") == 2 and opened.count("report") == 1
