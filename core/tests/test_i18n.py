"""Translations: I18n, locale choice and fallback, translated configs and pages."""

import warnings

import pytest

import blocks as gr
from blocks.i18n import I18nData


@pytest.fixture
def i18n():
    return gr.I18n(en={"greeting": "Hello **there**", "submit": "Submit", "only_en": "English"},
                   fr={"greeting": "Bonjour **à vous**", "submit": "Soumettre"},
                   zh_CN={"submit": "提交"})


def test_i18n_data_is_a_string_that_keeps_its_key(i18n):
    data = i18n("submit")
    assert isinstance(data, I18nData) and isinstance(data, str)
    assert data == "submit" and data.key == "submit"
    assert data.to_dict() == {"__type__": "translation_metadata", "key": "submit"}


def test_locale_codes_are_checked():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.I18n(en={}, en_US={}, **{"zh-Hans": {}, "pt-BR": {}, "es-419": {}})
    with pytest.warns(UserWarning, match="Invalid locale code 'english'"):
        gr.I18n(english={"a": "b"})
    with pytest.raises(TypeError):
        gr.I18n(en=["not", "a", "dict"])


@pytest.mark.parametrize(("preferred", "key", "expected"), [
    (["fr-FR", "fr"], "submit", "Soumettre"),
    (["fr-CA"], "greeting", "Bonjour **à vous**"),  # region falls back to the language
    (["fr"], "only_en", "English"),                   # missing in French: English
    (["de"], "submit", "Submit"),                     # unknown language: English
    (["zh-cn"], "submit", "提交"),                     # case does not matter
    (["fr"], "nowhere", "nowhere"),                   # nowhere: the key itself
])
def test_translation_fallbacks(i18n, preferred, key, expected):
    assert i18n.translator(preferred)(key) == expected


def test_page_language(i18n):
    assert i18n.language(["fr-BE", "en"]) == "fr"
    assert i18n.language(["de"]) == "en"


def app(i18n):
    with gr.Blocks(title=i18n("submit")) as demo:
        gr.Markdown(i18n("greeting"))
        gr.Textbox(label=i18n("submit"), info=i18n("only_en"), placeholder=i18n("greeting"),
                   value=i18n("submit"))
        gr.Button(i18n("submit"))
        gr.Dropdown([(i18n("submit"), "s")], label="Choice")
    return demo


def test_config_is_translated_without_touching_the_tree(i18n):
    demo = app(i18n)
    config = demo.config(translate=i18n.translator(["fr"]))
    markdown, textbox, button, dropdown = config["components"]
    assert config["title"] == "Soumettre"
    assert markdown["props"]["value"]["html"] == "<p>Bonjour <strong>à vous</strong></p>\n"
    assert (textbox["props"]["label"], textbox["props"]["info"], textbox["props"]["placeholder"],
            textbox["props"]["value"]) == ("Soumettre", "English", "Bonjour **à vous**",
                                           "Soumettre")
    assert button["props"]["value"] == "Soumettre"
    assert dropdown["props"]["choices"][0][0] == "Soumettre"
    # the app itself still holds the keys: the next page may want another language
    untranslated = demo.config()
    assert untranslated["components"][1]["props"]["label"] == "submit"


def test_pages_are_served_in_the_browser_language(i18n):
    client = app(i18n).create_app(i18n=i18n).test_client()
    french = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr"' in french.text and "<title>Soumettre</title>" in french.text
    config = client.get("/config", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).json
    assert config["components"][1]["props"]["label"] == "Soumettre"
    german = client.get("/config", headers={"Accept-Language": "de-DE"}).json
    assert german["components"][1]["props"]["label"] == "Submit"
    forced = client.get("/config?__lang=fr", headers={"Accept-Language": "en"}).json
    assert forced["components"][1]["props"]["label"] == "Soumettre"
