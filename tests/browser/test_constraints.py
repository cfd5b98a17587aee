"""A value outside a component's constraints is refused by the server, shown on the input."""

from playwright.sync_api import expect

import blocks as gr


def test_the_servers_refusal_shows_on_the_input(serve, page):
    calls = []

    def double(age):
        calls.append(age)
        return f"{age * 2:g}"

    with gr.Blocks() as demo:
        age = gr.Number(label="Age", minimum=0, maximum=120)
        out = gr.Textbox(label="Double")
        gr.Button("Double it").click(double, age, out)

    page.goto(serve(demo))
    page.get_by_label("Age").fill("500")  # the field lets a user type it; the server refuses
    page.get_by_role("button", name="Double it").click()
    expect(page.get_by_role("alert").filter(has_text="500 is more than the maximum, 120.")
           .first).to_be_visible()
    expect(page.locator("blocks-number")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Double")).to_have_value("")
    assert calls == []

    page.get_by_label("Age").fill("21")
    page.get_by_role("button", name="Double it").click()
    expect(page.get_by_label("Double")).to_have_value("42")
    assert calls == [21]
