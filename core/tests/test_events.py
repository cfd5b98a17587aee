"""Listener arguments and event forms, without a browser."""

import threading

import pytest

import blocks as gr
from blocks.processing import DONE, Execution, ValidationFailed
from blocks.queue import Job, Queue, ThreadRuntime
from blocks.session import Session


def test_decorator_forms():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()

        @box.submit(inputs=box, outputs=out)
        def shout(text):
            return text.upper()

        @gr.on(triggers=[box.change], inputs=box, outputs=out)
        def echo(text):
            return text

        @demo.load(outputs=out)
        def hello():
            return "hi"

    assert shout("a") == "A"  # the decorated function is returned unchanged
    fns = [dep.fn for dep in demo.dependencies]
    assert fns == [shout, echo, hello]
    assert [dep.targets[0][1] for dep in demo.dependencies] == ["submit", "change", "load"]


def test_gr_on_without_triggers_listens_to_input_changes():
    with gr.Blocks() as demo:
        a, b = gr.Number(), gr.Slider()
        out = gr.Number()
        gr.on(fn=lambda x, y: x + y, inputs=[a, b], outputs=out)
    dep = demo.dependencies[0]
    assert [(block, event) for block, event in dep.targets] == [(a, "change"), (b, "change")]


def test_trigger_mode_defaults():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.change(lambda x: x, box, box)
        box.submit(lambda x: x, box, box)
        gr.Dropdown(allow_custom_value=True).key_up(lambda: None)
    assert [d.trigger_mode for d in demo.dependencies] == ["always_last", "once", "always_last"]


def test_every_adds_a_hidden_timer():
    with gr.Blocks() as demo:
        out = gr.Textbox()
        demo.load(lambda: "x", None, out, every=2)
    dep = demo.dependencies[0]
    timer = dep.targets[-1][0]
    assert isinstance(timer, gr.Timer) and timer.value == 2.0 and dep.targets[-1][1] == "tick"
    assert {"id": timer._id} in demo.config()["layout"]["children"]


def test_timer_rejects_a_bad_interval():
    with pytest.raises(ValueError):
        gr.Timer(0)


def test_js_true_functions_become_client_updates():
    with gr.Blocks() as demo:
        with gr.Row() as row:
            btn = gr.Button()
        btn.click(lambda: gr.Row(visible=False), None, row, js=True)
    dep = demo.config()["dependencies"][0]
    assert dep["client_updates"] == [{"props": {"visible": False}}]
    assert dep["js"] is None and dep["has_fn"] is True


def test_js_true_functions_may_not_set_values_or_take_inputs():
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(ValueError, match="props"):
            gr.Button().click(lambda: "value", None, box, js=True)
        with pytest.raises(ValueError, match="inputs"):
            gr.Button().click(lambda x: gr.update(visible=False), box, box, js=True)


def test_validator_stops_the_function():
    called = []

    def fn(a, b):
        called.append(True)
        return a + b

    def validator(a, b):
        return [gr.validate(a >= 0, "a must be positive"), gr.validate(True)]

    with gr.Blocks():
        a, b, out = gr.Number(), gr.Number(), gr.Number()
        dep = gr.Button().click(fn, [a, b], out, validator=validator).dependency
    execution = Execution(dep, [-1, 2])
    with pytest.raises(ValidationFailed) as info:
        execution.start()
    assert called == []
    assert info.value.messages == [{"id": a._id, "message": "a must be positive"}, None]
    execution = Execution(dep, [1, 2])
    execution.start()
    assert execution.step() == [{"value": 3.0}]


def test_postprocess_false_sends_values_as_returned():
    with gr.Blocks():
        box = gr.Number()
        dep = gr.Button().click(lambda: 2.5, None, box, postprocess=False).dependency
    execution = Execution(dep, [])
    execution.start()
    assert execution.step() == [{"value": 2.5}]


def test_request_is_none_when_called_directly():
    seen = []

    def fn(text, request: gr.Request):
        seen.append(request)
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(fn, box, box)
    assert demo("x") == "x" and seen == [None]


def test_request_from_environ():
    environ = {"HTTP_USER_AGENT": "test", "HTTP_COOKIE": "a=1; b=2", "REMOTE_ADDR": "10.0.0.1",
               "REMOTE_PORT": "5000", "QUERY_STRING": "x=1&y=two", "PATH_INFO": "/ws"}
    request = gr.Request.from_environ(environ, session_hash="abc")
    assert request.headers["User-Agent"] == "test" and "user-agent" in request.headers
    assert request.client.host == "10.0.0.1" and request.client.port == 5000
    assert request.query_params == {"x": "1", "y": "two"}
    assert request.cookies == {"a": "1", "b": "2"}
    assert request.session_hash == "abc" and request.username is None


def test_info_warning_and_progress_messages_go_to_the_job():
    def fn(text, progress=gr.Progress()):
        gr.Info("hello")
        gr.Warning("careful", duration=None)
        progress(0.5, desc="half")
        for _ in progress.tqdm([1, 2], desc="loop"):
            pass
        return text

    with gr.Blocks():
        box = gr.Textbox()
        dep = gr.Button().click(fn, box, box).dependency
    sent = []
    execution = Execution(dep, ["x"], notify=sent.append)
    execution.start()
    kinds = [(m["type"], m.get("level")) for m in sent]
    assert kinds[:2] == [("message", "info"), ("message", "warning")]
    assert sent[1]["duration"] is None
    assert sent[2]["progress"][0]["progress"] == 0.5
    assert any(m["type"] == "progress" and m["progress"][-1]["desc"] == "loop" and
               m["progress"][-1]["index"] == 1 for m in sent)


def test_info_outside_an_event_only_logs(caplog):
    import logging
    caplog.set_level(logging.INFO, logger="blocks")
    gr.Info("nobody is listening")
    assert "nobody is listening" in caplog.text


class Collector(Session):
    def __init__(self, expected):
        self.messages, self.expected, self.done = [], expected, threading.Event()
        super().__init__("s", self._send)

    def _send(self, message):
        self.messages.append(message)
        if sum(m["type"] == "done" for m in self.messages) == self.expected:
            self.done.set()


def test_batch_gathers_waiting_jobs():
    calls = []
    gate = threading.Event()

    def double(values):
        calls.append(list(values))
        gate.wait(5)
        return [[v * 2 for v in values]]

    with gr.Blocks() as demo:
        box = gr.Number()
        dep = gr.Button().click(double, box, box, batch=True, max_batch_size=3).dependency
    queue = Queue(demo, ThreadRuntime())
    session = Collector(expected=5)
    for i in range(5):
        queue.submit(Job(f"j{i}", session, dep, [i]))
    gate.set()
    assert session.done.wait(5)
    assert calls[0] == [0] and sorted(x for call in calls for x in call) == [0, 1, 2, 3, 4]
    assert max(len(call) for call in calls) == 3
    outputs = {m["id"]: m["data"][0]["value"] for m in session.messages if m["type"] == "output"}
    assert outputs == {f"j{i}": i * 2 for i in range(5)}


def test_unload_functions_are_kept():
    with gr.Blocks() as demo:
        demo.unload(lambda: None)
    assert len(demo.unload_fns) == 1


def test_cancels_accepts_listeners():
    with gr.Blocks() as demo:
        start = gr.Button().click(lambda: None)
        gr.Button().click(None, cancels=[start])
    config = demo.config()["dependencies"]
    assert config[1]["cancels"] == [0]
    assert config[1]["api_visibility"] == "private"  # fn=None is never an API endpoint


def test_async_generator_step_by_step():
    async def agen(text):
        for char in text:
            yield char

    with gr.Blocks():
        box = gr.Textbox()
        dep = gr.Button().click(agen, box, box).dependency
    execution = Execution(dep, ["ab"])
    execution.start()
    assert execution.step() == [{"value": "a"}]
    assert execution.step() == [{"value": "b"}]
    assert execution.step() is DONE
