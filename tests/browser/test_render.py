"""@gr.render in Chromium: the seeds' examples, found by role and label."""

import threading

from playwright.sync_api import expect

import blocks as gr


def split_app(**render_options):
    with gr.Blocks() as demo:
        input_text = gr.Textbox(label="input")

        @gr.render(inputs=input_text, **render_options)
        def show_split(text):
            if len(text) == 0:
                gr.Markdown("## No Input Provided")
            else:
                for letter in text:
                    gr.Textbox(letter, label=f"Letter {letter}")
    return demo


def test_letters_split_into_textboxes(serve, page):
    page.goto(serve(split_app()))
    expect(page.get_by_role("heading", name="No Input Provided")).to_be_visible()
    page.get_by_label("input").fill("abc")
    expect(page.get_by_label("Letter c")).to_have_value("c")
    expect(page.get_by_label("Letter a")).to_have_value("a")
    expect(page.get_by_role("heading", name="No Input Provided")).to_have_count(0)
    page.get_by_label("input").fill("x")
    expect(page.get_by_label("Letter x")).to_have_value("x")
    expect(page.get_by_label("Letter a")).to_have_count(0)


def test_a_later_render_waits_for_an_earlier_one_still_loading(serve, page):
    # The first render needs markdown.js, held back; the second (typed "abc") needs only
    # textbox.js, already loaded. The page must still show them in the order they came.
    held = []
    page.route("**/components/markdown.js", lambda route: held.append(route))
    url = serve(split_app(trigger_mode="multiple"))
    with page.expect_websocket() as connected, page.expect_request("**/components/markdown.js"):
        page.goto(url)
    with connected.value.expect_event("framereceived", lambda frame: "Letter c" in frame):
        page.get_by_label("input").fill("abc")
    expect(page.get_by_label("Letter c")).to_have_count(0)  # behind the first render
    for route in held:
        route.continue_()
    expect(page.get_by_label("Letter c")).to_have_value("c")
    expect(page.get_by_label("Letter a")).to_have_value("a")
    expect(page.get_by_role("heading", name="No Input Provided")).to_have_count(0)


def test_radio_mode_and_submit_trigger(serve, page):
    with gr.Blocks() as demo:
        input_text = gr.Textbox(label="input")
        mode = gr.Radio(["textbox", "button"], value="textbox", label="Mode")

        @gr.render(inputs=[input_text, mode], triggers=[input_text.submit])
        def show_split(text, mode):
            if len(text) == 0:
                gr.Markdown("## No Input Provided")
            else:
                for letter in text:
                    if mode == "textbox":
                        gr.Textbox(letter, label=f"Box {letter}")
                    else:
                        gr.Button(letter)

    page.goto(serve(demo))
    # custom triggers without demo.load: nothing is rendered at start
    expect(page.get_by_role("heading", name="No Input Provided")).to_have_count(0)
    page.get_by_label("input").fill("hi")
    expect(page.get_by_label("Box h")).to_have_count(0)  # typing is not the trigger
    page.get_by_label("input").press("Enter")
    expect(page.get_by_label("Box h")).to_have_value("h")
    page.get_by_label("button").check()
    page.get_by_label("input").press("Enter")
    expect(page.get_by_role("button", name="i", exact=True)).to_be_visible()
    expect(page.get_by_label("Box h")).to_have_count(0)


def add_box_app():
    with gr.Blocks() as demo:
        text_count = gr.State(1)
        add_btn = gr.Button("Add Box")
        add_btn.click(lambda x: x + 1, text_count, text_count)

        @gr.render(inputs=text_count)
        def render_count(count):
            boxes = []
            for i in range(count):
                box = gr.Textbox(key=i, label=f"Box {i}")
                boxes.append(box)

            def merge(*args):
                return " ".join(args)

            merge_btn.click(merge, boxes, output)

        merge_btn = gr.Button("Merge")
        output = gr.Textbox(label="Merged Output")
    return demo


def test_add_box_and_merge_keep_typed_text(serve, page):
    page.goto(serve(add_box_app()))
    page.get_by_label("Box 0").fill("hello")
    page.get_by_role("button", name="Add Box").click()
    expect(page.get_by_label("Box 1")).to_be_visible()
    expect(page.get_by_label("Box 0")).to_have_value("hello")  # kept across the re-render
    page.get_by_label("Box 1").fill("world")
    page.get_by_role("button", name="Add Box").click()
    expect(page.get_by_label("Box 2")).to_be_visible()
    page.get_by_label("Box 2").fill("again")
    page.get_by_role("button", name="Merge").click()
    expect(page.get_by_label("Merged Output")).to_have_value("hello world again")


def test_todo_list_with_done_and_delete(serve, page):
    with gr.Blocks() as demo:
        tasks = gr.State([])
        new_task = gr.Textbox(label="Task Name", autofocus=True)

        def add_task(tasks, new_task_name):
            return tasks + [{"name": new_task_name, "complete": False}], ""

        new_task.submit(add_task, [tasks, new_task], [tasks, new_task])

        @gr.render(inputs=tasks)
        def render_todos(task_list):
            complete = [task for task in task_list if task["complete"]]
            incomplete = [task for task in task_list if not task["complete"]]
            gr.Markdown(f"### Incomplete Tasks ({len(incomplete)})")
            for task in incomplete:
                with gr.Row():
                    gr.Textbox(task["name"], show_label=False, container=False,
                               label=f"Task {task['name']}")
                    done_btn = gr.Button(f"Done: {task['name']}", scale=0)

                    def mark_done(task=task):
                        task["complete"] = True
                        return task_list

                    done_btn.click(mark_done, None, [tasks])
                    delete_btn = gr.Button(f"Delete: {task['name']}", scale=0, variant="stop")

                    def delete(task=task):
                        task_list.remove(task)
                        return task_list

                    delete_btn.click(delete, None, [tasks])
            gr.Markdown(f"### Complete Tasks ({len(complete)})")
            for task in complete:
                gr.Textbox(task["name"], show_label=False, container=False,
                           label=f"Done task {task['name']}")

    page.goto(serve(demo))
    for name in ("milk", "eggs", "bread"):
        page.get_by_label("Task Name").fill(name)
        page.get_by_label("Task Name").press("Enter")
        expect(page.get_by_role("button", name=f"Done: {name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Incomplete Tasks (3)")).to_be_visible()
    page.get_by_role("button", name="Done: eggs").click()
    expect(page.get_by_role("heading", name="Complete Tasks (1)")).to_be_visible()
    expect(page.get_by_label("Done task eggs")).to_have_value("eggs")
    page.get_by_role("button", name="Delete: milk").click()
    expect(page.get_by_role("heading", name="Incomplete Tasks (1)")).to_be_visible()
    expect(page.get_by_role("button", name="Done: milk")).to_have_count(0)
    expect(page.get_by_role("button", name="Done: bread")).to_be_visible()


def test_mixer_pattern_with_sliders_and_set_inputs(serve, page):
    # the audio mixer of the seeds, with Textboxes and Sliders in place of audio
    with gr.Blocks() as demo:
        track_count = gr.State(1)
        add_track_btn = gr.Button("Add Track")
        add_track_btn.click(lambda count: count + 1, track_count, track_count)

        @gr.render(inputs=track_count)
        def render_tracks(count):
            levels = []
            volumes = []
            with gr.Row():
                for i in range(count):
                    with gr.Column(variant="panel", min_width=200, key=f"column-{i}"):
                        gr.Textbox(placeholder="Track Name", key=f"name-{i}", show_label=False,
                                   label=f"Name {i}")
                        level = gr.Number(10, label=f"Track {i}", key=f"track-{i}")
                        volume = gr.Slider(0, 100, value=100, label=f"Volume {i}",
                                           key=f"volume-{i}")
                        levels.append(level)
                        volumes.append(volume)

            def merge(data):
                total = sum(data[level] * data[volume] / 100
                            for level, volume in zip(levels, volumes))
                return f"{total:g}"

            merge_btn.click(merge, set(levels + volumes), output)

        merge_btn = gr.Button("Merge Tracks")
        output = gr.Textbox(label="Output", interactive=False)

    page.goto(serve(demo))
    page.get_by_label("Track 0").fill("8")
    page.get_by_role("slider", name="Volume 0").fill("50")
    page.get_by_role("button", name="Add Track").click()
    expect(page.get_by_label("Track 1")).to_be_visible()
    expect(page.get_by_label("Track 0")).to_have_value("8")
    expect(page.get_by_role("slider", name="Volume 0")).to_have_value("50")
    page.get_by_role("button", name="Merge Tracks").click()
    expect(page.get_by_label("Output")).to_have_value("14")  # 8 * 0.5 + 10 * 1


def test_preserved_by_key_keeps_label_and_resets_info(serve, page):
    with gr.Blocks() as demo:
        number_of_boxes = gr.Slider(1, 5, step=1, value=3, label="Number of Boxes")

        @gr.render(inputs=[number_of_boxes])
        def create_boxes(number_of_boxes):
            for i in range(number_of_boxes):
                with gr.Row(key=f"row-{i}"):
                    number_box = gr.Textbox(label=f"Default Label {i}", info="Default Info",
                                            key=f"box-{i}", preserved_by_key=["label", "value"],
                                            interactive=True)
                    change_label_btn = gr.Button(f"Change Label {i}", key=f"btn-{i}")
                    change_label_btn.click(
                        lambda: gr.Textbox(label="Changed " + str(i), info="Changed Info"),  # noqa: B023
                        outputs=number_box)

    page.goto(serve(demo))
    page.get_by_role("button", name="Change Label 1").click()
    expect(page.get_by_label("Changed 2")).to_be_visible()  # the lambda sees the last i
    box = page.get_by_label("Changed 2")
    expect(page.get_by_text("Changed Info")).to_be_visible()
    box.fill("typed")
    page.get_by_role("slider", name="Number of Boxes").fill("4")
    expect(page.get_by_label("Default Label 3")).to_be_visible()
    expect(page.get_by_label("Changed 2")).to_have_value("typed")  # label and value kept
    expect(page.get_by_text("Changed Info")).to_have_count(0)  # info reset


def test_errors_keep_the_previous_render(serve, page):
    with gr.Blocks() as demo:
        text = gr.Textbox(label="input")

        @gr.render(inputs=text)
        def show(value):
            if value == "boom":
                raise gr.Error("Cannot render boom")
            gr.Textbox(value, label="Echo")

    page.goto(serve(demo))
    page.get_by_label("input").fill("fine")
    expect(page.get_by_label("Echo")).to_have_value("fine")
    page.get_by_label("input").fill("boom")
    expect(page.get_by_role("alert").filter(has_text="Cannot render boom")).to_be_visible()
    expect(page.get_by_label("Echo")).to_have_value("fine")


def test_two_sessions_render_different_things(serve, browser):
    gate = threading.Barrier(2, timeout=10)

    with gr.Blocks() as demo:
        text = gr.Textbox(label="input")

        @gr.render(inputs=text, concurrency_limit=None)
        def show(value):
            if value:
                gate.wait()  # both sessions render at the same time
            for word in value.split():
                gr.Button(word)

    url = serve(demo)
    pages = [browser.new_context().new_page() for _ in range(2)]
    try:
        for page in pages:
            page.goto(url)
        pages[0].get_by_label("input").fill("left only")
        pages[1].get_by_label("input").fill("right side")
        expect(pages[0].get_by_role("button", name="left")).to_be_visible()
        expect(pages[1].get_by_role("button", name="right")).to_be_visible()
        expect(pages[0].get_by_role("button", name="right")).to_have_count(0)
        expect(pages[1].get_by_role("button", name="only")).to_have_count(0)
    finally:
        for page in pages:
            page.context.close()


def test_keyed_listener_delivers_after_a_rerender(serve, page):
    gate = threading.Event()

    with gr.Blocks() as demo:
        count = gr.Number(1, label="Rows", precision=0)

        @gr.render(inputs=count)
        def rows(n):
            result = gr.Textbox(label="Result", key="result")
            slow = gr.Button("Slow", key="slow")

            def work():
                gate.wait(10)
                return "finished"

            slow.click(work, None, result, key="slow-click")
            for i in range(int(n or 0)):
                gr.Textbox(f"row {i}", label=f"Row {i}", key=f"row-{i}")

    page.goto(serve(demo))
    page.get_by_role("button", name="Slow").click()
    page.get_by_label("Rows").fill("3")  # re-render while the event runs
    expect(page.get_by_label("Row 2")).to_be_visible()
    gate.set()
    expect(page.get_by_label("Result")).to_have_value("finished")
