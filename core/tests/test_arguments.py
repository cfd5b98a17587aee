"""No argument is silently ignored: Gradio's warn, security ones refuse, typos raise."""

import warnings

import pytest

import blocks as gr
from blocks import arguments, context
from blocks.exceptions import BlocksWarning


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    """Each test sees every warning again (they are given once per process)."""
    monkeypatch.setattr(arguments, "_warned", set())


def test_blocks_warning_is_public_and_a_user_warning():
    assert gr.BlocksWarning is BlocksWarning
    assert issubclass(BlocksWarning, UserWarning)
    assert callable(gr.Warning)  # Gradio's gr.Warning (a message to the page) still works


def test_a_gradio_argument_blocks_lacks_warns_once_naming_it():
    with pytest.warns(BlocksWarning, match=r"Textbox\(container=\.\.\.\)") as caught:
        box = gr.Textbox(label="Name", container=False)
    assert len(caught) == 1
    assert caught[0].filename == __file__  # points at the line that passed it
    assert box.label == "Name"
    assert "container" not in box.get_props()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.Textbox(container=False)  # the second time is quiet


@pytest.mark.parametrize("make, name", [
    (lambda: gr.Textbox(streaming=True), "streaming"),
    (lambda: gr.Textbox(submit_btn=True), "submit_btn"),
    (lambda: gr.Slider(randomize=True), "randomize"),
    (lambda: gr.Markdown(latex_delimiters=[]), "latex_delimiters"),
    (lambda: gr.HTML(server_functions=[]), "server_functions"),
    (lambda: gr.Row(show_progress=True), "show_progress"),
    (lambda: gr.Tab("A", render_children=True), "render_children"),
    (lambda: gr.Blocks(elem_id="app"), "elem_id"),
])
def test_gradio_arguments_of_components_layouts_and_blocks_warn(make, name):
    with pytest.warns(BlocksWarning, match=rf"\({name}=\.\.\.\).*no effect"):
        make()


@pytest.mark.parametrize("make, name", [
    (lambda: gr.Textbox(placholder="typo"), "placholder"),
    (lambda: gr.Number(minimun=0), "minimun"),
    (lambda: gr.Row(colour="red"), "colour"),
    (lambda: gr.Blocks(titel="x"), "titel"),
    (lambda: gr.Timer(1, label="tick"), "label"),
    (lambda: gr.State(0, key="s"), "key"),
])
def test_an_argument_that_gradio_does_not_know_is_a_type_error(make, name):
    with pytest.raises(TypeError, match=rf"unexpected keyword argument '{name}'"):
        make()


def test_queue_takes_only_its_own_arguments():
    demo = gr.Blocks()
    assert demo.queue(max_size=3, default_concurrency_limit=2) is demo
    with pytest.raises(TypeError, match="concurrency_count"):
        demo.queue(concurrency_count=4)


def test_every_gradio_only_argument_says_it_has_no_effect():
    for cls in (gr.Textbox, gr.Dropdown, gr.Row, gr.Tab, gr.Blocks):
        table = cls.gradio_only()
        assert table, cls
        assert not set(table) & cls._accepted, cls  # an implemented one is not listed


@pytest.mark.parametrize("given", [
    {"ssl_keyfile": "key.pem", "ssl_certfile": "cert.pem"},
    {"ssl_keyfile_password": "pw"},
    {"ssl_verify": False},
])
def test_security_arguments_blocks_lacks_refuse_to_start(given):
    demo = gr.Blocks()
    name = next(iter(given))
    with pytest.raises(ValueError, match=rf"launch\({name}=\.\.\.\) is not supported"):
        demo.launch(prevent_thread_lock=True, quiet=True, **given)
    assert demo.server is None  # nothing was served


def test_security_arguments_refuse_under_a_wsgi_server_too():
    demo = gr.Blocks()
    token = context.loading_for_wsgi.set(True)
    try:
        with pytest.raises(ValueError, match="ssl_keyfile"):
            demo.launch(ssl_keyfile="key.pem")
    finally:
        context.loading_for_wsgi.reset(token)


def test_launch_defaults_are_quiet_and_typos_raise():
    demo = gr.Blocks()
    token = context.loading_for_wsgi.set(True)  # check the arguments without serving
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            demo.launch(share=False, auth=None, ssl_verify=True, strict_cors=True,
                        ssr_mode=False, height=500)
        with pytest.warns(BlocksWarning, match=r"launch\(share=\.\.\.\).*relay servers"):
            demo.launch(share=True)
        with pytest.warns(BlocksWarning, match=r"launch\(ssr_mode=\.\.\.\).*Node\.js"):
            demo.launch(ssr_mode=True)
        with pytest.raises(TypeError, match="server_nmae"):
            demo.launch(server_nmae="0.0.0.0")
    finally:
        context.loading_for_wsgi.reset(token)


def test_launch_serves_with_a_warning_for_share(serve):
    with gr.Blocks() as demo:
        gr.Textbox()
    with pytest.warns(BlocksWarning, match="share"):
        url = serve(demo, share=True)
    assert url.startswith("http://127.0.0.1:")


def test_a_bad_call_gets_pythons_own_message():
    with pytest.raises(TypeError, match="multiple values for argument 'value'"):
        gr.Textbox("a", value="b")
    with pytest.raises(TypeError, match="positional argument"):
        gr.Slider(0, 10, 5, 1)


def test_props_are_stored_from_the_parameters():
    slider = gr.Slider(2, 8, label="Level", render=False)
    assert (slider.minimum, slider.maximum, slider.value, slider.step) == (2, 8, 2, 1)
    assert slider.label == "Level" and slider.show_reset_button is True
    assert slider._given == {"minimum", "maximum", "label", "render"}
    assert gr.Slider(maximum=50).given_props() == {"maximum": 50}


def test_a_subclass_may_pass_args_and_kwargs_on():
    class Shouty(gr.Textbox):
        def __init__(self, *args, loud: bool = True, **kwargs):
            super().__init__(*args, **kwargs)

    box = Shouty("hi", label="Say", render=False)
    assert (box.value, box.label, box.loud) == ("hi", "Say", True)
    assert "loud" in Shouty.PROPS and box.given_props() == {"value": "hi", "label": "Say"}
    with pytest.warns(BlocksWarning, match="container"):
        Shouty(container=False, render=False)
