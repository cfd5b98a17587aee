"""The seeds' examples that use the value components, in Chromium with `import blocks as gr`."""

import re

from playwright.sync_api import expect

import blocks as gr


def test_key_up_data_example(serve, page):
    # events document, "KeyUpData": a dropdown's key_up shown in a gr.JSON
    def on_key(evt: gr.KeyUpData):
        return f"Key: {evt.key}, Input: {evt.input_value}"

    with gr.Blocks() as demo:
        dropdown = gr.Dropdown(["a", "b", "c"], allow_custom_value=True)
        output = gr.JSON()
        dropdown.key_up(fn=on_key, inputs=None, outputs=output)

    page.goto(serve(demo))
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)
    box = page.get_by_role("combobox", name="Dropdown")
    box.fill("")  # it starts with the first choice, "a"
    box.press_sequentially("bc", delay=50)
    expect(page.get_by_role("group", name="JSON")).to_contain_text('"Key: c, Input: bc"')


def test_deep_link_example(serve, page, browser):
    # sharing guide, "Sharing Deep Links": a link restores the app as it was
    def reply(message, history):
        history = history + [f"You: {message}", f"Bot: {message[::-1]}"]
        return "", history, "\n".join(history)

    with gr.Blocks() as demo:
        message = gr.Textbox(label="Message")
        history = gr.JSON([], label="History")
        transcript = gr.Textbox(label="Transcript", lines=4)
        message.submit(reply, [message, history], [message, history, transcript])
        gr.DeepLinkButton()

    url = serve(demo)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)
    for text in ("hello", "blocks"):
        page.get_by_label("Message").fill(text)
        page.get_by_label("Message").press("Enter")
        expect(page.get_by_label("Transcript")).to_have_value(re.compile(f"Bot: {text[::-1]}$"))
    page.get_by_role("button", name="Share via Link").click()
    expect(page.get_by_role("button", name="Link Copied!")).to_be_visible()
    link = page.get_by_label("Link to this page").input_value()
    assert "#deep_link=" in link
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(page.get_by_role("button", name="Share via Link")).to_be_visible()  # after 2 s

    other = browser.new_page()
    other.goto(link)  # a new tab, a new session
    other.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)
    expect(other.get_by_label("Transcript")).to_have_value(
        "You: hello\nBot: olleh\nYou: blocks\nBot: skcolb")
    expect(other.get_by_role("group", name="History")).to_contain_text('"You: blocks"')
    other.get_by_label("Message").fill("again")  # the restored values are the inputs now
    other.get_by_label("Message").press("Enter")
    expect(other.get_by_label("Transcript")).to_have_value(re.compile("Bot: niaga$"))

    other.goto("about:blank")  # (a new hash alone would not reload the page)
    other.goto(link[:-4] + "AAAA")  # a changed link restores nothing, and says so
    other.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)
    expect(other.get_by_role("alert").filter(has_text="cannot be opened").first).to_be_visible()
    expect(other.get_by_label("Transcript")).to_have_value("")
    other.close()
