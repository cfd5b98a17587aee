"""The Blocks showcase: the built-in components, events and an image package.

Run it with `python3 tools/dev.py showcase` and open http://127.0.0.1:7860.
"""

import blocks as gr


def greet(name, greeting, excited):
    if not name:
        raise gr.Error("Please type a name first.")
    return f"{greeting}, {name}{'!' if excited else '.'}"


def convert(celsius):
    return None if celsius is None else round(celsius * 9 / 5 + 32, 1)


def describe(size, colour):
    return f"A **{colour}** square, {size} pixels wide."


with gr.Blocks(title="Blocks showcase") as demo:
    gr.Markdown("# Blocks showcase\nPython functions behind a web page: type, click, drag.")
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

    with gr.Row():
        celsius = gr.Slider(-40, 100, value=20, step=1, label="Celsius")
        fahrenheit = gr.Number(label="Fahrenheit", precision=1)
    celsius.change(convert, celsius, fahrenheit)

    with gr.Row():
        size = gr.Number(label="Size", value=64, minimum=1, maximum=512, precision=0)
        colour = gr.Dropdown(["red", "green", "blue"], value="blue", label="Colour")
    description = gr.Markdown()
    gr.on([size.change, colour.change], describe, [size, colour], description)
    demo.load(describe, [size, colour], description)

    try:
        image_in = gr.Image(label="Picture", type="numpy")
    except AttributeError:
        gr.HTML("<p>Install <code>blocks-image</code> for the image demo.</p>")
    else:
        with gr.Row():
            flip = gr.Button("Flip picture")
        image_out = gr.Image(label="Flipped picture")
        flip.click(lambda image: None if image is None else image[::-1], image_in, image_out)

if __name__ == "__main__":
    demo.launch()
