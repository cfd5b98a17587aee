"""Translations in Chromium under two browser locales (and one with no translation)."""

import pytest
from playwright.sync_api import expect

import blocks as gr

i18n = gr.I18n(
    en={"greeting": "Hello, welcome to my app!", "submit": "Submit", "name": "Name",
        "name_info": "As on your passport", "name_hint": "Your name", "title": "My app"},
    fr={"greeting": "Bonjour, bienvenue dans mon application!", "submit": "Soumettre",
        "name": "Nom", "name_info": "Comme sur votre passeport", "name_hint": "Votre nom",
        "title": "Mon appli"},
)


def app():
    with gr.Blocks(title=i18n("title")) as demo:
        gr.Markdown(i18n("greeting"))
        with gr.Row():
            name = gr.Textbox(label=i18n("name"), info=i18n("name_info"),
                              placeholder=i18n("name_hint"))
            out = gr.Textbox(label=i18n("untranslated_key"))
        gr.Button(i18n("submit")).click(lambda n: n.upper(), name, out)
    return demo


@pytest.mark.parametrize(("locale", "texts"), [
    ("fr-FR", ("Mon appli", "Bonjour, bienvenue dans mon application!", "Nom",
               "Comme sur votre passeport", "Votre nom", "Soumettre")),
    ("en-US", ("My app", "Hello, welcome to my app!", "Name", "As on your passport",
               "Your name", "Submit")),
    ("de-DE", ("My app", "Hello, welcome to my app!", "Name", "As on your passport",
               "Your name", "Submit")),  # no German: English
])
def test_the_browser_language_chooses(serve, browser, locale, texts):
    title, greeting, label, info, placeholder, button = texts
    url = serve(app(), i18n=i18n)
    context = browser.new_context(locale=locale)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(url)
    expect(page).to_have_title(title)
    expect(page.get_by_text(greeting)).to_be_visible()
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_attribute("placeholder", placeholder)
    expect(page.get_by_text(info)).to_be_visible()
    expect(page.get_by_label("untranslated_key")).to_be_visible()  # no translation: the key
    field.fill("Zoé")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_label("untranslated_key")).to_have_value("ZOÉ")
    expect(page.locator("html")).to_have_attribute("lang", "en" if locale == "de-DE"
                                                   else locale[:2])
    context.close()
    assert not errors


def test_lang_query_overrides_the_browser(serve, page):
    page.goto(serve(app(), i18n=i18n) + "?__lang=fr")
    expect(page.get_by_role("button", name="Soumettre")).to_be_visible()
