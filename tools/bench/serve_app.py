"""One benchmark app, served by Blocks or by Gradio from the same source.

    python serve_app.py blocks echo PORT
    python serve_app.py gradio hello PORT

The script is the same for both frameworks: only the import changes, as the
README promises. ``echo`` returns its input; ``hello`` greets. Both have one
textbox in, one out and a button: the smallest real app. ``lineplot`` is one
``gr.LinePlot`` of 25 rows (the "Creating Plots" guide's first example). Each is launched the
way its framework's docs say, on 127.0.0.1, blocking until killed.
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


def build(gr, app: str):
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
    demo.launch(**kwargs)


if __name__ == "__main__":
    main()
