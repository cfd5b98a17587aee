"""The Blocks showcase: the built-in components, events, layouts, and the image, table,
plot, chat and media packages.

Run it with `python3 tools/dev.py showcase` and open http://127.0.0.1:7860
(add `?__theme=dark` for dark mode). `BLOCKS_THEME=soft` (with blocks-themes
installed) serves it in another theme.
"""

import collections
import inspect
import os
import tempfile

import blocks as gr


def greet(name, greeting, excited):
    if not name:
        raise gr.Error("Please type a name first.")
    return f"{greeting}, {name}{'!' if excited else '.'}"


def convert(celsius):
    return None if celsius is None else round(celsius * 9 / 5 + 32, 1)


def describe(size, colour):
    return f"A **{colour}** square, {size} pixels wide."


def showcase_plot_data():
    """Two days of hourly readings of two sensors, ending now (needs blocks-plots' pandas)."""
    import math
    from datetime import datetime, timedelta

    gr.LinePlot  # noqa: B018 -- AttributeError without blocks-plots, before importing pandas
    import pandas as pd
    now = datetime.now().replace(minute=0, second=0, microsecond=0)
    rows = [(now - timedelta(hours=hour), sensor,
             round(20 + 6 * math.sin((hour + shift) / 4) + (hour % 5) * 0.4, 1))
            for hour in range(48) for sensor, shift in (("north", 0), ("south", 3))]
    return pd.DataFrame(rows, columns=["time", "sensor", "reading"])


def order_pizza(toppings, when, colour):
    """Price an order; guess its style; tag the order's words."""
    price = 8 + 1.5 * len(toppings)
    styles = {"Margherita": 0.2 + 0.4 * ("basil" in toppings),
              "Marinara": 0.1 + 0.5 * ("cheese" not in toppings),
              "Capricciosa": 0.1 + 0.1 * len(toppings)}
    total = sum(styles.values())
    words = [("A pizza with ", None)]
    for index, topping in enumerate(toppings):
        words += [(", " if index else "", None), (topping, "topping")]
    words += [(" on a plate of colour ", None), (colour or "white", "colour"),
              (f", for {when}" if when else ", now", "time" if when else None)]
    receipt = {"toppings": toppings, "delivery": when or "now", "plate": colour,
               "price": round(price, 2)}
    return receipt, {style: share / total for style, share in styles.items()}, words


def common_words(text, unit):
    """The most common words (or letters) of a text, as shares."""
    items = (text or "").lower().split() if unit == "words" else \
        [c for c in (text or "").lower() if c.isalpha()]
    counts = collections.Counter(items).most_common(5)
    total = sum(n for _, n in counts) or 1
    return {item: n / total for item, n in counts}


def interface_tab():
    """A whole app from one function: a gr.Interface, placed in this tab with .render()."""
    gr.Interface(
        common_words,
        [gr.Textbox(label="Text", lines=3), gr.Radio(["words", "letters"], value="words",
                                                     label="Count")],
        gr.Label(label="Most common", num_top_classes=5),
        examples=[["the cat and the hat", "words"], ["banana bread", "letters"]],
        cache_examples="lazy", flagging_options=["useful"],
        flagging_dir=os.path.join(tempfile.gettempdir(), "blocks-showcase-flags"),
        description="`gr.Interface(fn, inputs, outputs)` builds this tab: Submit, Clear, "
                    "Flag, and examples whose outputs are cached.").render()


def data_tab():
    """Choices, JSON, classes, tagged text, code, colours, dates, samples and links."""
    with gr.Row():
        with gr.Column():
            toppings = gr.CheckboxGroup(["cheese", "tomato", "basil", "olives"],
                                        value=["cheese", "tomato"], label="Toppings",
                                        show_select_all=True)
            when = gr.DateTime(label="Delivery", type="string", info="Or 'now - 1h'")
            colour = gr.ColorPicker("#e85d04", label="Plate colour")
            with gr.Row():
                order = gr.Button("Order", variant="primary")
                gr.ClearButton([toppings, when], value="Start over")
        with gr.Column():
            receipt = gr.JSON(label="Receipt", open=True)
            style = gr.Label(label="Pizza style", num_top_classes=3)
    tagged = gr.HighlightedText(label="The order, tagged", show_legend=True,
                                color_map={"topping": "#16a34a", "colour": "#d97706",
                                           "time": "#2563eb"})
    favourites = gr.Dataset(components=[toppings, when], label="Favourite orders",
                            samples=[[["cheese", "basil"], "2025-06-01 19:30:00"],
                                     [["tomato", "olives"], "2025-06-02 12:00:00"]])
    favourites.click(lambda sample: sample, favourites, [toppings, when])
    order.click(order_pizza, [toppings, when, colour], [receipt, style, tagged])
    with gr.Accordion("The function behind Order", open=False):
        gr.Code(inspect.getsource(order_pizza), language="python", label="order_pizza",
                interactive=False)
        gr.ParamViewer({"toppings": {"type": "list[str]", "description": "The **toppings** "
                                     "checked.", "default": None},
                        "when": {"type": "str", "description": "When to deliver.",
                                 "default": "''"}},
                       header="Its parameters")
    gr.DeepLinkButton(value="Share this page")


def chat_reply(message, history):
    """The chat tab's assistant: a step, then a reply streamed word by word."""
    import time
    step = gr.ChatMessage(content=f"Looking at *{message}*…",
                          metadata={"title": "Thinking", "status": "pending"})
    yield [step]
    time.sleep(0.3)
    step.metadata.update(status="done", duration=0.3)
    answer = (f"You said **{message}** ({len(history) // 2 + 1} messages so far).\n\n"
              "```python\nprint(len(message))\n```\n\nAnd some math: $$e^{i\\pi} + 1 = 0$$")
    text = ""
    for word in answer.split(" "):
        text += word + " "
        time.sleep(0.02)
        yield [step, gr.ChatMessage(content=text)]


def sound_tab():
    """blocks-media: record, upload or trim a sound, hear it backwards; play a video;
    stream a scale note by note."""
    try:
        voice = gr.Audio(label="Your sound", sources=["microphone", "upload"])
    except AttributeError:
        gr.HTML("<p>Install <code>blocks-media</code> for the sound demo.</p>")
        return
    with gr.Row():
        backwards = gr.Audio(label="Backwards", interactive=False)
        facts = gr.Textbox(label="About the sound")
    voice.change(lambda s: None if s is None else (s[0], s[1][::-1]), voice, backwards)
    voice.change(lambda s: "" if s is None else
                 f"{len(s[1]) / s[0]:.1f} s at {s[0]} Hz", voice, facts)
    gr.Video(label="Your video", sources=["webcam", "upload"])
    webcam_stream()


def webcam_stream():
    """blocks-image: the webcam streamed through a function (.stream), frame by frame."""
    try:
        camera = gr.Image(label="Live webcam", sources=["webcam"], streaming=True)
    except AttributeError:
        return

    def effect(frame, name):
        if frame is None:
            return None
        if name == "Mirror":
            return frame[:, ::-1]
        if name == "Negative":
            return 255 - frame
        grey = frame.mean(axis=2)
        edges = abs(grey[1:, 1:] - grey[:-1, :-1]) * 4  # a rough edge finder
        return edges.clip(0, 255).astype("uint8")

    with gr.Row():
        name = gr.Radio(["Edges", "Negative", "Mirror"], value="Edges", label="Effect")
        shown = gr.Image(label="Through the effect")
    camera.stream(effect, [camera, name], shown, stream_every=0.2, time_limit=60,
                  concurrency_limit=4)

    def melody():  # a streaming output: each note plays as soon as it is yielded
        import time

        import numpy as np
        rate = 24000
        for pitch in (262, 294, 330, 349, 392, 440, 494, 523):
            t = np.arange(rate // 3) / rate
            yield rate, np.sin(2 * np.pi * pitch * t) * np.exp(-3 * t)
            time.sleep(0.25)

    with gr.Row():
        play = gr.Button("Stream a scale")
        scale = gr.Audio(label="Scale", streaming=True, autoplay=True)
    play.click(melody, None, scale)


def model3d_tab():
    """blocks-media: a 3D model to turn and zoom (mouse or arrow keys), and one to upload."""
    try:
        model = gr.Model3D
    except AttributeError:
        gr.HTML("<p>Install <code>blocks-media</code> for the 3D demo.</p>")
        return
    # a square pyramid, written as a Wavefront OBJ file
    path = os.path.join(tempfile.mkdtemp(prefix="blocks-showcase-"), "pyramid.obj")
    with open(path, "w", encoding="ascii") as handle:
        handle.write("v -1 0 -1\nv 1 0 -1\nv 1 0 1\nv -1 0 1\nv 0 1.4 0\n"
                     "f 1 2 3 4\nf 1 5 2\nf 2 5 3\nf 3 5 4\nf 4 5 1\n")
    with gr.Row():
        model(path, label="Pyramid", interactive=False, camera_position=(-60, 70, None),
              clear_color=(0.93, 0.95, 0.98, 1))
        upload = model(label="Your model (.glb, .gltf, .obj, .stl, .ply)")
    about = gr.Textbox(label="About your model")
    upload.change(lambda p: "" if p is None else
                  f"{os.path.basename(p)}: {os.path.getsize(p):,} bytes", upload, about)


def dialogue_tab():
    """gr.Dialogue: a script between two speakers, with tags; the text a function gets."""
    with gr.Row():
        script = gr.Dialogue(
            [{"speaker": "Host", "text": "Welcome to the show!"},
             {"speaker": "Guest", "text": "Thanks for having me (laughs)"}],
            speakers=["Host", "Guest"], tags=["(laughs)", "(sighs)", "(pause)"],
            label="Script", interactive=True, submit_btn="Read out")
        received = gr.Textbox(label="What the function receives", lines=4)
    script.submit(lambda text: text, script, received)


def files_tab():
    """Files in and out: gr.File, gr.UploadButton and gr.DownloadButton."""
    import zipfile

    def bundle(paths):
        if not paths:
            return "No files yet.", gr.DownloadButton(value=None, interactive=False)
        target = os.path.join(tempfile.mkdtemp(prefix="blocks-showcase-"), "bundle.zip")
        with zipfile.ZipFile(target, "w") as archive:
            for path in paths:
                archive.write(path, os.path.basename(path))
        lines = [f"- {os.path.basename(p)}: {os.path.getsize(p):,} bytes" for p in paths]
        return "\n".join(lines), gr.DownloadButton(value=target, interactive=True)

    with gr.Row():
        with gr.Column():
            picked = gr.File(label="Files to bundle", file_count="multiple", height=200)
            more = gr.UploadButton("Add text files", file_types=["text", ".csv", ".json"],
                                   file_count="multiple")
        with gr.Column():
            listing = gr.Markdown("No files yet.")
            download = gr.DownloadButton("Download bundle.zip", variant="primary",
                                         interactive=False)
    more.upload(lambda old, new: (old or []) + new, [picked, more], picked)
    picked.change(bundle, picked, [listing, download])


def html_kit_tab():
    """gr.HTML as a component kit: a star rating from templates, CSS and a script."""

    class StarRating(gr.HTML):
        """Stars to click: HTML, CSS and a script in Python (docs/html.md)."""

        def __init__(self, label, value=0, **kwargs):
            super().__init__(
                value=value, label=label, max_stars=5,
                html_template=(
                    "<div role='group' aria-label='${label}' class='stars'>"
                    "${Array.from({length: max_stars}, (_, i) => `<button type='button' "
                    "aria-label='${i + 1} of ${max_stars}' aria-pressed='${i < value}'>"
                    "${i < value ? '&#9733;' : '&#9734;'}</button>`).join('')}"
                    "<span>${label}: ${value} of ${max_stars}</span></div>"),
                css_template=(".stars { display: flex; align-items: center; gap: 0.2rem; }"
                              "button { font-size: 1.8rem; border: none; background: none;"
                              " color: var(--link-text-color); cursor: pointer; padding: 0; }"
                              "span { margin-left: 0.5rem; }"),
                js_on_load=("element.addEventListener('click', (event) => {"
                            " const star = event.target.closest('button');"
                            " if (star) props.value = parseInt(star.getAttribute('aria-label'));"
                            " });"),
                **kwargs)

        def api_info(self):
            return {"type": "integer", "minimum": 0, "maximum": 5}

    with gr.Row():
        food = StarRating("Food", 4)
        service = StarRating("Service", 3)
    verdict = gr.Textbox(label="Verdict")
    gr.on([food.change, service.change],
          lambda f, s: f"{(f + s) / 2:.1f} stars on average", [food, service], verdict)
    note = gr.Textbox(label="A note, shown below as text (its markup is escaped)")
    shown = gr.HTML("", html_template="<p>Your note: <q>${value}</q></p>")
    note.change(lambda text: text, note, shown)


with gr.Blocks(title="Blocks showcase") as demo:
    with gr.Sidebar(label="About", open=False):
        gr.Markdown("### About\nEvery widget here is a Python object; every event runs a "
                    "Python function on the server.\n\nThis sidebar is a `gr.Sidebar`.")
    gr.Markdown("# Blocks showcase\nPython functions behind a web page: type, click, drag.")
    with gr.Tabs():
        with gr.Tab("Greet", id="greet"):
            with gr.Row():
                with gr.Column():
                    name = gr.Textbox(label="Name", placeholder="Who is there?")
                    greeting = gr.Radio(["Hello", "Welcome", "Good morning"], value="Hello",
                                        label="Greeting")
                    excited = gr.Checkbox(label="Excited", value=True)
                    greet_button = gr.Button("Greet", variant="primary")
                with gr.Column():
                    message = gr.Textbox(label="Message")
                    length = gr.Number(label="Message length")
            greet_button.click(greet, [name, greeting, excited], message)
            name.submit(greet, [name, greeting, excited], message)
            message.change(lambda text: len(text or ""), message, length)

        with gr.Tab("Convert", id="convert"):
            with gr.Row(equal_height=True):
                celsius = gr.Slider(-40, 100, value=20, step=1, label="Celsius", min_width=240)
                fahrenheit = gr.Number(label="Fahrenheit", precision=1)
            celsius.change(convert, celsius, fahrenheit)
            demo.load(convert, celsius, fahrenheit)
            with gr.Group():
                with gr.Row():
                    size = gr.Number(label="Size", value=64, minimum=1, maximum=512,
                                     precision=0)
                    colour = gr.Dropdown(["red", "green", "blue"], value="blue",
                                         label="Colour")
                description = gr.Markdown(padding=True)
            gr.on([size.change, colour.change], describe, [size, colour], description)
            demo.load(describe, [size, colour], description)

        with gr.Tab("Picture", id="picture"):
            try:
                image_in = gr.Image(label="Picture", type="numpy")
            except AttributeError:
                gr.HTML("<p>Install <code>blocks-image</code> for the image demo.</p>")
            else:  # blocks-image: Image, ImageSlider, Gallery, AnnotatedImage, Sketchpad
                import numpy as np  # a dependency of blocks-image

                def flipped(image):
                    return None if image is None else (image, image[::-1])

                def picked(evt: gr.SelectData):
                    return f"{evt.value['caption'] if isinstance(evt.value, dict) else evt.value}"

                def ink(value):
                    layer = value["layers"][0] if value and value["layers"] else None
                    share = 0 if layer is None else (layer[..., 3] > 0).mean() * 100
                    return f"{share:.1f}% of the sketch is drawn."

                flip = gr.Button("Flip picture")
                with gr.Row():
                    image_out = gr.Image(label="Flipped picture")
                    compare = gr.ImageSlider(label="Before and after", interactive=False)
                flip.click(lambda image: None if image is None else image[::-1], image_in,
                           image_out)
                flip.click(flipped, image_in, compare)
                shades = {"Coral": (240, 128, 96), "Teal": (32, 150, 150),
                          "Gold": (230, 190, 40), "Plum": (140, 70, 140)}
                with gr.Row():
                    swatches = gr.Gallery([(np.full((48, 48, 3), rgb, dtype=np.uint8), name)
                                           for name, rgb in shades.items()],
                                          label="Swatches", columns=4, interactive=False)
                    scene = np.full((120, 200, 3), 225, dtype=np.uint8)
                    scene[80:, :] = (70, 130, 180)
                    sea = np.zeros((120, 200))
                    sea[80:, :] = 1.0
                    found = gr.AnnotatedImage((scene, [((20, 15, 70, 65), "sun"), (sea, "sea")]),
                                              label="Found in the scene",
                                              color_map={"sun": "#f59e0b", "sea": "#0ea5e9"})
                choice = gr.Textbox(label="Picked", placeholder="Click a swatch or the scene")
                swatches.select(picked, None, choice)
                found.select(picked, None, choice)
                with gr.Row():
                    sketch = gr.Sketchpad(label="Sketch", canvas_size=(320, 200), type="numpy")
                    drawn = gr.Markdown("Draw on the sketch.")
                sketch.change(ink, sketch, drawn)

        with gr.Tab("Chat", id="chat"):
            try:
                gr.ChatInterface(chat_reply, examples=["Hello", "Show me some code"],
                                 chatbot=gr.Chatbot(label="Assistant", height=360),
                                 fill_height=False, api_name="chat")
            except AttributeError:
                gr.HTML("<p>Install <code>blocks-chat</code> for the chat demo.</p>")

        with gr.Tab("Sound", id="sound"):
            sound_tab()

        with gr.Tab("Table", id="table"):
            try:
                planets = gr.Dataframe(
                    [["Mercury", 0.39, 0, False], ["Venus", 0.72, 0, False],
                     ["Earth", 1.0, 1, True], ["Mars", 1.52, 2, False],
                     ["Jupiter", 5.2, 95, False]],
                    headers=["planet", "distance (AU)", "moons", "home"],
                    datatype=["str", "number", "number", "bool"], interactive=True,
                    label="Planets", show_search="filter", show_row_numbers=True,
                    pinned_columns=1)
            except AttributeError:
                gr.HTML("<p>Install <code>blocks-dataframe</code> for the table demo.</p>")
            else:
                moons = gr.Number(label="Moons in the table")
                selected_cell = gr.Textbox(label="Selected cell")
                planets.change(lambda df: int(df["moons"].fillna(0).sum()), planets, moons)

                def describe_cell(evt: gr.SelectData):
                    row, column = evt.index
                    return f"{evt.value} (row {row + 1}, column {column + 1})"
                planets.select(describe_cell, None, selected_cell)
                demo.load(lambda df: int(df["moons"].sum()), planets, moons)
                many = gr.Button("Show 100,000 rows")
                big_table = gr.Dataframe(label="A large table (read in windows)",
                                         show_search="search", interactive=False)
                many.click(lambda: {"headers": ["n", "square", "parity"],
                                    "data": [[n, n * n, "even" if n % 2 == 0 else "odd"]
                                             for n in range(100_000)]}, None, big_table)

        with gr.Tab("Plots", id="plots"):
            try:
                plots_data = showcase_plot_data()
                readings = gr.LinePlot(plots_data, x="time", y="reading", color="sensor",
                                       title="Sensor readings", height=260,
                                       caption="Drag across the chart to zoom in; "
                                               "double-click to zoom out.")
            except AttributeError:
                gr.HTML("<p>Install <code>blocks-plots</code> for the plot demo.</p>")
            else:

                def zoom(event: gr.SelectData):
                    return gr.LinePlot(x_lim=event.index)

                readings.select(zoom, None, readings)
                readings.double_click(lambda: gr.LinePlot(x_lim=None), None, readings)
                with gr.Row():
                    bin_size = gr.Radio(["1h", "3h", "6h"], value="3h", label="Bin size")
                    statistic = gr.Radio(["mean", "max", "min"], value="mean",
                                         label="Statistic")
                totals = gr.BarPlot(plots_data, x="time", y="reading", color="sensor",
                                    x_bin="3h", y_aggregate="mean", height=220,
                                    title="Readings by period")
                bin_size.change(lambda size: gr.BarPlot(x_bin=size), bin_size, totals)
                statistic.change(lambda name: gr.BarPlot(y_aggregate=name), statistic, totals)

        with gr.Tab("Steps", id="steps"):
            with gr.Walkthrough(selected=0) as walkthrough:
                with gr.Step("Choose", id=0):
                    topic = gr.Dropdown(["cats", "trains", "tea"], value="tea",
                                        label="Topic")
                    to_write = gr.Button("Next", variant="primary")
                with gr.Step("Write", id=1):
                    words = gr.Textbox(label="A sentence about it", lines=2)
                    to_read = gr.Button("Finish", variant="primary")
                with gr.Step("Read", id=2):
                    summary = gr.Markdown()
            to_write.click(lambda: gr.Walkthrough(selected=1), None, walkthrough)
            to_read.click(lambda t, w: (f"**{t.title()}**: {w or '(nothing)'}",
                                        gr.Walkthrough(selected=2)),
                          [topic, words], [summary, walkthrough])

        with gr.Tab("Data", id="data"):
            data_tab()

        with gr.Tab("Interface", id="interface"):
            interface_tab()

        with gr.Tab("Files", id="files"):
            files_tab()

        with gr.Tab("3D", id="model3d"):
            model3d_tab()
        with gr.Tab("Dialogue", id="dialogue"):
            dialogue_tab()
        with gr.Tab("HTML kit", id="html_kit"):
            html_kit_tab()

    with gr.Accordion("Settings", open=False):
        details = gr.Checkbox(label="Show details")
        with gr.Column(visible=False, variant="panel") as detail_column:
            gr.Markdown("Details appear when the box is ticked: a `gr.Column` made visible "
                        "by an event.")
        details.change(lambda on: gr.Column(visible=on), details, detail_column)

with demo.route("Layouts"):
    gr.Markdown("# Layouts\nRows share their width by `scale` and wrap below `min_width`.")
    with gr.Row():
        gr.Button("scale=0", scale=0)
        gr.Button("scale=1", scale=1)
        gr.Button("scale=2", scale=2, variant="primary")
    with gr.Row():
        with gr.Column(min_width=300, variant="panel"):
            gr.Textbox(label="Left column")
        with gr.Column(min_width=300, variant="panel"):
            gr.Textbox(label="Right column")

if __name__ == "__main__":
    demo.launch(theme=os.environ.get("BLOCKS_THEME") or None)
