"""What Blocks leaves out of Gradio's API, and the clear error each name gives.

``gr.<name>`` for a name of Gradio's top level that Blocks does not provide, and
the few methods of ``gr.Blocks`` / ``gr.Interface`` it does not have, raise
:class:`blocks.exceptions.NotInBlocksError` (an ``AttributeError``, so
``hasattr`` still answers ``False``) naming the feature and what to do instead,
rather than Python's bare "has no attribute". docs/gradio.md lists them.
"""

from __future__ import annotations

from blocks.exceptions import NotInBlocksError

__all__ = ["LEFT_OUT", "METHODS", "left_out_error", "refused_method"]

_HF = "Hugging Face Hub/Spaces helpers are not part of Blocks"

# gr.<name> -> (what it is in Gradio, why it is not here and what to use instead)
LEFT_OUT: dict[str, tuple[str, str]] = {
    "load_chat": ("gr.load_chat() makes a ChatInterface for an OpenAI-compatible server",
                  "write the function that calls the server and pass it to gr.ChatInterface"),
    "load_openapi": ("gr.load_openapi() builds an app from an OpenAPI description",
                     "write a function per endpoint with your HTTP client"),
    "deploy": ("gr.deploy() uploads the app to Hugging Face Spaces",
               f"{_HF}; serve it with demo.launch() or gunicorn (docs/deployment.md)"),
    "load_ipython_extension": ("the %%blocks notebook magic", ("notebook display is not "
                               "supported: run the script and open its URL")),
    "Server": ("gr.Server, Gradio's FastAPI server class", ("Blocks serves with Flask under "
               "gevent: demo.create_app() gives the WSGI app (docs/deployment.md)")),
    "Header": ("gr.Header, a FastAPI header parameter for API functions",
               "read request headers from a gr.Request parameter (request.headers)"),
    "FileData": ("gr.FileData, Gradio's Pydantic model of a file",
                 ("files are dicts here (path, url, orig_name, size, mime_type); see "
                 "blocks.files")),
    "FileSize": ("gr.FileSize, Gradio's size constants", ("give max_file_size as a number "
                 "of bytes or a string such as '5mb'")),
    "FileExplorer": ("gr.FileExplorer, a browser of the server's folders",
                     ("use gr.File with file_count='multiple', or gr.Dropdown over a "
                     "listing you make")),
    "InputHTMLAttributes": ("gr.InputHTMLAttributes, extra attributes of an <input>",
                            "not supported: Textbox(html_attributes=) warns and does nothing"),
    "Draggable": ("gr.Draggable, a layout whose children the user reorders",
                  "use gr.Row / gr.Column"),
    "Workflow": ("gr.Workflow, Gradio's node-graph apps", ("build the steps with gr.Blocks "
                 "events (.then) or gr.Walkthrough")),
    "WorkflowCanvas": ("gr.WorkflowCanvas, the node-graph editor of gr.Workflow",
                       "build the steps with gr.Blocks events (.then) or gr.Walkthrough"),
    "component": ("gr.component('textbox'), a component made from its name",
                  ("call the class: gr.Textbox(); in gr.Interface a string shortcut "
                  "('text') works")),
    "SimpleCSVLogger": ("gr.SimpleCSVLogger, the CSV flagging logger without headers",
                        "use gr.CSVLogger"),
    "validators": ("gr.validators, Gradio's ready-made input checks",
                   "write the check in a validator function that returns gr.validate(...)"),
    "get_package_version": ("gr.get_package_version() gives Gradio's version",
                            "Blocks' own is gr.__version__"),
    "close_all": ("gr.close_all() closes every running app", "call demo.close() on each"),
    "Mic": ("gr.Mic, a shortcut for gr.Audio(sources=['microphone'])",
            "use gr.Audio(sources=['microphone'])"),
    "Microphone": ("gr.Microphone, a shortcut for gr.Audio(sources=['microphone'])",
                   "use gr.Audio(sources=['microphone'])"),
    "PlayableVideo": ("gr.PlayableVideo, a shortcut for gr.Video(format='mp4')",
                      "use gr.Video(format='mp4')"),
    "Numpy": ("gr.Numpy, a shortcut for gr.Dataframe(type='numpy')",
              "use gr.Dataframe(type='numpy')"),
    "Matrix": ("gr.Matrix, a shortcut for gr.Dataframe(type='array')",
               "use gr.Dataframe(type='array')"),
    "List": ("gr.List, a shortcut for a one-column gr.Dataframe(type='array')",
             "use gr.Dataframe(type='array', column_count=1)"),
}

# <Class>.<method> -> (what it is in Gradio, the alternative)
METHODS: dict[str, tuple[str, str]] = {
    "Blocks.integrate": ("demo.integrate() reports the app to Comet, W&B or MLflow",
                         "log to those services from your functions with their own clients"),
    "Blocks.from_config": (("gr.Blocks.from_config() rebuilds an app from another app's "
                           "config"), ("import the other app's script, or reach it with "
                           "gradio_client")),
    "Blocks.transpile_to_js": ("demo.transpile_to_js() runs functions in the browser",
                               "give the event js= code to run in the page"),
    "Interface.from_pipeline": (("gr.Interface.from_pipeline() wraps a transformers "
                                "pipeline"), (f"{_HF}; call the pipeline in your function: "
                                "gr.Interface(lambda x: pipe(x), ...)")),
}


def left_out_error(name: str) -> NotInBlocksError:
    """The error for ``gr.<name>`` or ``<Class>.<method>``, a name Blocks leaves out."""
    what, instead = LEFT_OUT.get(name) or METHODS[name]
    return NotInBlocksError(f"{what}; Blocks does not have it: {instead}. See "
                            "docs/gradio.md, 'Left out'.")


class refused_method:
    """A class attribute for a Gradio method Blocks leaves out: any access, on the class
    or an instance, raises :class:`NotInBlocksError` (``hasattr`` answers ``False``)."""

    def __init__(self, qualname: str):
        self.qualname = qualname

    def __get__(self, instance, owner=None):
        raise left_out_error(self.qualname)
