"""gr.HTML as a component kit in Chromium: templates, props, scripts, events, escaping."""

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr

STAR = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' "
        "height='10'%3E%3Crect width='10' height='10'/%3E%3C/svg%3E")

STARS = ("${Array.from({length: max_stars}, (_, i) => `<button type='button' "
         "aria-label='${i + 1} stars' aria-pressed='${i < value}' "
         "class='${i < value ? \"on\" : \"faded\"}'><img alt='' src='" + STAR + "'></button>`)"
         ".join('')}")


class StarRating(gr.HTML):
    """Stars to click, from a subclass with its own defaults."""

    def __init__(self, label="Rating", value=0, **kwargs):
        super().__init__(
            value=value, label=label, max_stars=kwargs.pop("max_stars", 5),
            html_template=f"<h2>${{label}}</h2>{STARS}<button type='button' "
                          "class='send'>Submit rating</button>",
            css_template="img { height: ${size}px; } .faded { opacity: 0.3; }",
            js_on_load="""
                element.addEventListener('click', (e) => {
                    const star = e.target.closest('[aria-label$="stars"]');
                    if (star) props.value = parseInt(star.getAttribute('aria-label'));
                    if (e.target.closest('.send')) trigger('submit');
                });""",
            size=kwargs.pop("size", 20), **kwargs)

    def api_info(self):
        return {"type": "integer", "minimum": 0, "maximum": 5}


def kit_app():
    with gr.Blocks() as demo:
        rating = StarRating(label="Food", value=1)
        submitted = gr.Textbox(label="Submitted")
        changes = gr.Number(label="Changes", value=0)
        rating.submit(lambda x: x, rating, submitted)
        rating.change(lambda n: n + 1, changes, changes)
        size = gr.Slider(10, 60, value=20, step=1, label="Size")
        size.release(lambda s: gr.HTML(size=s), size, rating)
        many = gr.Button("Ten stars")
        many.click(lambda: gr.update(max_stars=10, value=7), None, rating)

        name = gr.Textbox(label="Name")
        greeting = gr.HTML("", html_template="<p class='hello'>Hello ${value}!</p>",
                           elem_id="greeting")
        trusted = gr.HTML("", html_template="<div>${raw(value)}</div>", elem_id="trusted")
        name.submit(lambda x: x, name, greeting)
        markup = gr.Textbox(label="Markup")
        markup.submit(lambda x: x, markup, trusted)

        keys = gr.HTML(js_on_load="element.querySelector('input').addEventListener('keydown',"
                                  " (e) => trigger('keypress', {key: e.key, code: e.code}));",
                       html_template="<label>Press a key <input></label>")
        pressed = gr.Textbox(label="Key pressed")

        def key_of(evt: gr.EventData):
            return f"{evt.key}/{evt.code}"

        keys.keypress(key_of, None, pressed)

        picker = gr.HTML(["a", "b", "c"], html_template="<ul>${value.map((v, i) => "
                         "`<li><button type='button' data-i='${i}'>${v}</button></li>`)"
                         ".join('')}</ul>",
                         js_on_load="element.addEventListener('click', (e) => {"
                                    " const b = e.target.closest('button');"
                                    " if (b) trigger('select', {index: +b.dataset.i, "
                                    "value: b.textContent}); });")
        chosen = gr.Textbox(label="Chosen")

        def choose(evt: gr.SelectData):
            return f"{evt.index}:{evt.value}"

        picker.select(choose, None, chosen)
        # Gradio's guide's way: a listener on each star, kept across re-renders
        gr.HTML(2, html_template="${[1, 2, 3].map((n) => `<img alt='Star ${n}' src='" + STAR
                + "' class='${n <= value ? \"lit\" : \"dim\"}'>`).join('')}",
                js_on_load="element.querySelectorAll('img').forEach((img, i) => "
                           "img.addEventListener('click', () => { props.value = i + 1; }));",
                elem_id="guide_stars")
        order = gr.HTML(html_template="<p>order: ${value}</p>",
                        head="<script src=\"data:text/javascript,(window.order ??= [])"
                             ".push('core')\"></script><script>(window.order ??= [])"
                             ".push('inline')</script>",
                        js_on_load="props.value = window.order.join(',');")
        order_out = gr.Textbox(label="Head order")
        order.change(lambda x: x, order, order_out)
        with gr.HTML(html_template="<h3>${form_name}</h3>@children<button type='button' "
                                   "class='go'>Send form</button>",
                     css_template="border: 2px solid rgb(255, 0, 0);",
                     js_on_load="element.querySelector('.go').addEventListener('click', "
                                "() => trigger('submit'));",
                     form_name="Contact") as form:
            email = gr.Textbox(label="Email")
        sent = gr.Textbox(label="Sent")
        form.submit(lambda e: f"sent {e}", email, sent)
    return demo


@pytest.fixture(scope="module")
def app_url():
    demo = kit_app()
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True)
    yield demo.local_url
    demo.close()


def test_clicking_a_star_sends_the_value_to_python(app_url, page):
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Food")).to_be_visible()
    page.get_by_role("button", name="4 stars").click()
    expect(page.get_by_role("button", name="4 stars")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="5 stars")).to_have_attribute("aria-pressed", "false")
    page.get_by_role("button", name="Submit rating").click()
    expect(page.get_by_label("Submitted")).to_have_value("4")
    expect(page.get_by_label("Changes")).to_have_value("1")
    # the re-rendered stars keep the script's listener: a second click works too
    page.get_by_role("button", name="2 stars").click()
    page.get_by_role("button", name="Submit rating").click()
    expect(page.get_by_label("Submitted")).to_have_value("2")
    expect(page.get_by_label("Changes")).to_have_value("2")


def test_props_from_python_re_render_the_template_and_its_css(app_url, page):
    page.goto(app_url)
    star = page.get_by_role("button", name="1 stars").locator("img")
    expect(star).to_have_css("height", "20px")
    slider = page.get_by_label("Size", exact=True)
    slider.fill("40")
    slider.dispatch_event("pointerup")
    slider.dispatch_event("change")
    expect(star).to_have_css("height", "40px")
    page.get_by_role("button", name="Ten stars").click()
    expect(page.get_by_role("button", name="10 stars")).to_be_visible()
    expect(page.get_by_role("button", name="7 stars")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="8 stars")).to_have_attribute("aria-pressed", "false")


def test_scoped_css_styles_only_its_own_component(app_url, page):
    page.goto(app_url)
    form = page.get_by_role("heading", name="Contact").locator("..")
    expect(form).to_have_css("border-top-color", "rgb(255, 0, 0)")
    greeting = page.locator("#greeting .html-content")
    expect(greeting).not_to_have_css("border-top-color", "rgb(255, 0, 0)")


def test_a_value_with_markup_is_text_unless_the_template_says_raw(app_url, page):
    page.goto(app_url)
    attack = '<img src="x" onerror="window.pwned = 1">'
    page.get_by_label("Name").fill(attack)
    page.get_by_label("Name").press("Enter")
    expect(page.locator("#greeting")).to_contain_text(f"Hello {attack}!")
    assert page.locator("#greeting img").count() == 0
    assert page.evaluate("window.pwned") is None
    # the template's author opted in with raw(): markup, for a trusted value
    page.get_by_label("Markup").fill("<b>bold</b>")
    page.get_by_label("Markup").press("Enter")
    expect(page.locator("#trusted b")).to_have_text("bold")


def test_a_custom_event_brings_its_data_to_event_data(app_url, page):
    page.goto(app_url)
    page.get_by_label("Press a key").press("q")
    expect(page.get_by_label("Key pressed")).to_have_value("q/KeyQ")


def test_select_data_comes_from_trigger(app_url, page):
    page.goto(app_url)
    page.get_by_role("button", name="c", exact=True).click()
    expect(page.get_by_label("Chosen")).to_have_value("2:c")


def test_children_sit_where_the_template_says(app_url, page):
    page.goto(app_url)
    heading = page.get_by_role("heading", name="Contact")
    email = page.get_by_label("Email")
    button = page.get_by_role("button", name="Send form")
    order = page.evaluate("([h, e, b]) => [h.compareDocumentPosition(e) & 4, "
                          "e.compareDocumentPosition(b) & 4]",
                          [heading.element_handle(), email.element_handle(),
                           button.element_handle()])
    assert order == [4, 4]  # heading, then the Email box, then the button
    email.fill("a@b.c")
    button.click()
    expect(page.get_by_label("Sent")).to_have_value("sent a@b.c")


def test_listeners_on_template_elements_survive_a_re_render(app_url, page):
    page.goto(app_url)
    stars = page.locator("#guide_stars")
    stars.get_by_role("img", name="Star 3").click()
    expect(stars.get_by_role("img", name="Star 3")).to_have_class("lit")
    stars.get_by_role("img", name="Star 1").click()
    expect(stars.get_by_role("img", name="Star 2")).to_have_class("dim")
    stars.get_by_role("img", name="Star 2").click()
    expect(stars.get_by_role("img", name="Star 2")).to_have_class("lit")


def test_head_scripts_run_before_js_on_load(app_url, page):
    page.goto(app_url)
    expect(page.get_by_label("Head order")).to_have_value("core,inline")
    assert page.evaluate("document.head.querySelectorAll('script[src^=\"data:\"]').length") == 1
