import pytest

import blocks as gr
from blocks.processing import DONE, Execution, InputError, OutputError, error_payload


def make(fn, n_in=1, n_out=1, **options):
    with gr.Blocks() as demo:
        ins = [gr.Textbox(label=f"in{i}") for i in range(n_in)]
        outs = [gr.Textbox(label=f"out{i}") for i in range(n_out)]
        dep = gr.Button().click(fn, ins, outs, **options).dependency
    return demo, dep, ins, outs


def run(dep, data):
    execution = Execution(dep, data)
    execution.start()
    steps = []
    while (step := execution.step()) is not DONE:
        steps.append(step)
    return steps


def test_single_and_tuple_returns():
    _, dep, _, _ = make(lambda a: a.upper())
    assert run(dep, ["x"]) == [[{"value": "X"}]]
    _, dep, _, _ = make(lambda a, b: (b, a), n_in=2, n_out=2)
    assert run(dep, ["1", "2"]) == [[{"value": "2"}, {"value": "1"}]]


def test_wrong_number_of_returned_values_says_what_was_expected():
    _, dep, _, _ = make(lambda a: (a, a, a), n_out=2)
    with pytest.raises(OutputError, match=r"returned 3 value.*2 outputs"):
        run(dep, ["x"])


def test_wrong_number_of_inputs_is_an_input_error():
    _, dep, _, _ = make(lambda a: a)
    with pytest.raises(InputError, match="takes 1 input"):
        Execution(dep, ["a", "b"])


def test_wire_values_are_validated_by_schema():
    with gr.Blocks():
        number = gr.Number()
        dep = gr.Button().click(lambda n: n, number, number).dependency
    with pytest.raises(InputError, match="Number"):
        Execution(dep, ["not a number"])


def test_dict_return_updates_only_named_outputs():
    holder = {}

    def fn(a):
        return {holder["second"]: "only me"}

    _, dep, _, outs = make(fn, n_out=2)
    holder["second"] = outs[1]
    assert run(dep, ["x"]) == [[{}, {"value": "only me"}]]


def test_returning_a_component_or_update_changes_props():
    _, dep, _, _ = make(lambda a: gr.Textbox(visible=False, label="new"))
    assert run(dep, ["x"]) == [[{"props": {"visible": False, "label": "new"}}]]
    _, dep, _, _ = make(lambda a: gr.update(value="v", placeholder="p"))
    assert run(dep, ["x"]) == [[{"value": "v", "props": {"placeholder": "p"}}]]
    _, dep, _, _ = make(lambda a: gr.skip())
    assert run(dep, ["x"]) == [[{}]]
    _, dep, _, _ = make(lambda a: gr.skip(), n_out=2)
    assert run(dep, ["x"]) == [[{}, {}]]


def test_generators_stream_each_yield():
    def count(a):
        for i in range(3):
            yield str(i)

    _, dep, _, _ = make(count)
    assert run(dep, ["x"]) == [[{"value": "0"}], [{"value": "1"}], [{"value": "2"}]]


def test_a_streamed_output_may_send_its_whole_after_the_last_yield():
    class Joined(gr.Textbox):
        """Streams parts; once the generator ends, sends them joined."""
        def postprocess_stream(self, value, memo):
            memo.setdefault("parts", []).append(value)
            return value

        def finish_stream(self, memo):
            return "+".join(memo["parts"])

    def parts(a):
        yield "a"
        yield "b"

    with gr.Blocks():
        out, plain = Joined(), gr.Textbox()
        dep = gr.Button().click(lambda: (yield from (("a", "x"), ("b", "y"))), None,
                                [out, plain]).dependency
        single = gr.Button().click(parts, gr.Textbox(), out).dependency
    steps = run(dep, [])
    assert steps[-1] == [{"value": "a+b"}, {}]  # only the output that has a whole
    assert [step[0] for step in steps[:2]] == [{"value": "a"}, {"value": "b"}]
    assert run(single, ["x"])[-1] == [{"value": "a+b"}]


def test_async_functions_and_async_generators():
    async def shout(a):
        return a + "!"

    async def agen(a):
        yield a
        yield a * 2

    _, dep, _, _ = make(shout)
    assert run(dep, ["x"]) == [[{"value": "x!"}]]
    _, dep, _, _ = make(agen)
    assert run(dep, ["x"]) == [[{"value": "x"}], [{"value": "xx"}]]


def test_inputs_as_a_set_give_one_dict():
    with gr.Blocks():
        a, b = gr.Number(label="a"), gr.Number(label="b")
        out = gr.Number()
        dep = gr.Button().click(lambda data: data[a] + data[b], {a, b}, out).dependency
    assert run(dep, [2, 3] if dep.inputs[0] is a else [3, 2]) == [[{"value": 5}]]


def test_event_data_is_injected_by_type_hint():
    seen = {}

    def fn(text, evt: gr.EventData):
        seen["evt"] = evt
        return text

    _, dep, _, _ = make(fn)
    execution = Execution(dep, ["x"], event_data=gr.EventData(None, {"k": 1}))
    execution.start()
    assert isinstance(seen["evt"], gr.EventData)


def test_error_payloads():
    assert error_payload(gr.Error("shown"), show_error=False)["message"] == "shown"
    hidden = error_payload(ValueError("secret"), show_error=False)
    assert "secret" not in hidden["message"] and "traceback" not in hidden
    shown = error_payload(ValueError("secret"), show_error=True)
    assert "secret" in shown["message"] and "ValueError" in shown["traceback"]


def test_page_session_is_the_page_an_event_serves():
    from blocks.context import page_session
    from blocks.session import Session

    seen = []

    def fn(text):
        seen.append(page_session.get())
        return text

    _, dep, _, _ = make(fn)
    for session in (Session("abc", lambda message: None, page=True),
                    Session("api", lambda message: None), None):
        execution = Execution(dep, ["x"], session=session)
        execution.start()
        while execution.step() is not DONE:
            pass
    assert seen == ["abc", None, None]  # only a page's websocket sets it
    assert page_session.get() is None  # and only while the event runs
