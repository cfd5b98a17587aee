"""One benchmark app, served by Blocks or by Gradio from the same source.

    python serve_app.py blocks echo PORT
    python serve_app.py gradio hello PORT

The script is the same for both frameworks: only the import changes, as the
README promises. ``echo`` returns its input; ``hello`` greets. Both have one
textbox in, one out and a button: the smallest real app. ``chat`` streams a
reply of ``CHAT_TOKENS`` tokens into a chat that already holds
``CHAT_HISTORY`` messages, yielding the growing history at every token, as
the chat guides do (``yield history + [response]``). ``table`` shows a
100,000-row DataFrame when its button is clicked. ``lineplot`` is one
``gr.LinePlot`` of 25 rows (the "Creating Plots" guide's first example). ``media``
is one ``gr.Audio`` and one ``gr.Video``; ``model3d`` one ``gr.Model3D`` showing a
small OBJ cube. ``audio_stream`` and ``video_stream`` stream media chunks
(``media_apps.py``). Each
is launched the way its framework's docs say, on 127.0.0.1, blocking until killed.
"""

from __future__ import annotations

import importlib
import os
import resource
import sys


def raise_fd_limit() -> None:
    """Idle-session benchmarks hold thousands of sockets: use the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


CHAT_HISTORY = 500
CHAT_TOKENS = 2000
PARAGRAPH = 50  # tokens per paragraph of the reply


def chat_history() -> list[dict]:
    """Earlier messages: questions and answers of a few sentences, with some Markdown."""
    history = []
    for index in range(CHAT_HISTORY):
        if index % 2 == 0:
            history.append({"role": "user", "content": f"Question {index}: how does **part "
                                                       f"{index}** of the system work?"})
        else:
            history.append({"role": "assistant", "content": (
                f"Part {index} reads its input, checks it and passes it on. It keeps a "
                f"small cache, so that `lookup({index})` is quick the second time.")})
    return history


def build_chat(gr):
    history = chat_history()

    def reply():
        text = ""
        for index in range(CHAT_TOKENS):
            text += f"token{index} " if (index + 1) % PARAGRAPH else f"token{index}\n\n"
            yield history + [{"role": "assistant", "content": text}]

    with gr.Blocks() as demo:
        chatbot = gr.Chatbot(label="Chat")
        gr.Button("Reply").click(reply, None, chatbot, api_name="reply",
                                 concurrency_limit=None)
    return demo


TABLE_ROWS = int(os.environ.get("BENCH_TABLE_ROWS", "100000"))  # a smaller table to try things


def table():
    """100,000 rows x 10 columns: an id, eight numbers, a label (``r<id>``)."""
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.random((TABLE_ROWS, 8)).round(3),
                         columns=[f"x{i}" for i in range(8)])
    frame.insert(0, "id", np.arange(TABLE_ROWS))
    frame["label"] = [f"r{i}" for i in range(TABLE_ROWS)]
    return frame


def cube_model():
    """A unit cube in a Wavefront OBJ file of the temp folder (the model3d app shows it)."""
    import tempfile
    from pathlib import Path
    path = Path(tempfile.gettempdir()) / "blocks-bench-cube.obj"
    corners = [(x, y, z) for x in (0, 1) for y in (0, 1) for z in (0, 1)]
    faces = ["1 3 4 2", "5 6 8 7", "1 2 6 5", "3 7 8 4", "1 5 7 3", "2 4 8 6"]
    path.write_text("".join(f"v {x} {y} {z}\n" for x, y, z in corners) +
                    "".join(f"f {face}\n" for face in faces))
    return path


def build(gr, app: str):
    if app in ("audio_stream", "video_stream"):  # see media_apps.py
        from media_apps import build_media
        return build_media(gr, app)
    if app == "chat":
        return build_chat(gr)
    if app == "table":  # a button that shows a 100,000-row table
        with gr.Blocks() as demo:
            shown = gr.Dataframe(label="Table", interactive=False)
            gr.Button("Load").click(table, None, shown, api_name="table")
        return demo

    def echo(text):
        return text

    def hello(name):
        return f"Hello, {name}!"

    if app == "lineplot":
        import pandas as pd
        frame = pd.DataFrame({"weight": [120 + 8 * i for i in range(25)],
                              "height": [50 + (i * 7) % 20 for i in range(25)]})
        with gr.Blocks() as demo:
            gr.LinePlot(frame, x="weight", y="height", title="Height by weight")
        return demo
    if app == "media":  # one Audio and one Video, as inputs
        with gr.Blocks() as demo:
            gr.Audio(label="Sound")
            gr.Video(label="Film")
        return demo
    if app == "model3d":  # one Model3D showing a small OBJ model
        with gr.Blocks() as demo:
            gr.Model3D(str(cube_model()), label="Model")
        return demo
    fn = echo if app == "echo" else hello
    with gr.Blocks() as demo:
        box = gr.Textbox(label="Input")
        out = gr.Textbox(label="Output")
        gr.Button("Run").click(fn, box, out, api_name=app)
    return demo


def main() -> None:
    framework, app, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    raise_fd_limit()
    if framework == "gradio":
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    gr = importlib.import_module(framework)
    demo = build(gr, app)
    kwargs = {"server_name": "127.0.0.1", "server_port": port, "quiet": True}
    if framework == "gradio":
        kwargs["ssr_mode"] = False
    if app == "model3d":
        kwargs["allowed_paths"] = [str(cube_model().parent)]
    if app.endswith("_stream"):  # the chunks the media apps yield
        kwargs["allowed_paths"] = [os.environ["BENCH_MEDIA_DIR"]]
    demo.launch(**kwargs)


if __name__ == "__main__":
    main()
