"""``gr.Dataset``: samples to click, as a table or a gallery (what ``gr.Examples`` shows)."""

from __future__ import annotations

import copy
from typing import ClassVar

from marshmallow import fields

from blocks import files
from blocks.components.base import Component
from blocks.events import CHANGE, EventSpec

__all__ = ["Dataset"]

CLICK_SAMPLE = EventSpec("click", "Triggered when the user chooses a sample (click, Enter or "
                         "Space).")
SELECT_SAMPLE = EventSpec("select", "Triggered when the user chooses a sample; "
                          "gr.SelectData holds its index and its values.")
TYPES = ("values", "index", "tuple")


class Dataset(Component):
    """Samples shown as a table (a row each) or a gallery (a card each) to click.

    Each sample is a list with one value per component of ``components``; a
    value is shown the way its component shows it (a picture for an image, a
    swatch for a colour, text otherwise). The value of a Dataset is the index
    of the sample chosen; a function receives the sample (``type="values"``),
    its index (``"index"``) or both (``"tuple"``). Return
    ``gr.Dataset(samples=...)`` from a function to show other samples.

    Args:
        components: the component of each column: instances (placed or not) or names
            (``"textbox"``, ``"image"``).
        samples: the samples, a list of lists with one value per component.
        headers: the column titles (by default, the components' labels).
        type: what a function receives: ``"values"`` (the sample's list), ``"index"``
            or ``"tuple"`` (``(index, sample)``).
        layout: ``"gallery"`` (cards) or ``"table"`` (rows); by default a gallery for
            one component, a table for more.
        samples_per_page: how many samples a page shows; more pages get page buttons.
        sample_labels: a label per sample, shown instead of its values.
        show_label: show the label above the samples.
    """

    name = "dataset"
    JS_MODULE = "components/dataset.js"
    EVENTS = (CHANGE, CLICK_SAMPLE, SELECT_SAMPLE)
    DEEP_LINK = False  # which sample was chosen last is not the page's state
    GRADIO_ONLY: ClassVar = {
        "component_props": "samples are shown with each component's kind, not its props",
        "proxy_url": "loading apps from elsewhere is not supported"}

    def __init__(self, *, label: str | None = None, show_label: bool = True,
                 components=None, samples: list[list] | None = None,
                 headers: list[str] | None = None, type: str = "values",
                 layout: str | None = None, samples_per_page: int = 10,
                 sample_labels: list[str] | None = None, **kwargs):
        if type not in TYPES:
            raise ValueError(f"Dataset type must be one of {', '.join(TYPES)}, not {type!r}.")
        if layout not in (None, "gallery", "table"):
            raise ValueError("Dataset layout must be 'gallery' or 'table'.")
        if samples_per_page < 1:
            raise ValueError("samples_per_page must be at least 1.")
        if sample_labels is not None and len(sample_labels) != len(samples or []):
            raise ValueError(f"sample_labels has {len(sample_labels)} labels for "
                             f"{len(samples or [])} samples: give one per sample.")
        self._components = [_instance(component) for component in components or []]
        self.components = [component.name for component in self._components]
        self.raw_samples = [list(sample) for sample in samples or []]
        self.samples = self.show_samples(self.raw_samples)
        if headers is None:
            labels = [getattr(component, "label", None) for component in self._components]
            self.headers = [str(label or "") for label in labels] if any(labels) else []
        super().__init__(None, label=label, show_label=show_label, **kwargs)

    # -- samples as the page shows them ------------------------------------------------
    def show_samples(self, samples) -> list[list]:
        """Each value as its column's component sends it to a page when that holds a
        file (a picture, a sound); other values as they are, when JSON can carry them."""
        return [[self._cell(index, value) for index, value in enumerate(sample)]
                for sample in samples]

    def _cell(self, column: int, value):
        if value is None or files.is_file_data(value):
            return value
        component = self._components[column] if column < len(self._components) else None
        if component is not None:
            shown = component.postprocess(value)
            if any(True for _ in files.iter_file_data(shown)):
                return shown
        if isinstance(value, (str, int, float, bool, list, dict)):
            return value
        return str(value)

    def update_props(self, props: dict) -> dict:
        if "samples" in props:  # shown with this Dataset's components
            props = {**props, "samples": self.show_samples(props["samples"] or [])}
        return props

    # -- the value: the sample chosen --------------------------------------------------
    @classmethod
    def value_field(cls):
        return fields.Raw(allow_none=True)

    def validate(self, value) -> None:
        index, sample = _parts(value)
        if sample is None and not 0 <= index < len(self.raw_samples):
            raise ValueError(f"There is no sample {index}: this Dataset has "
                             f"{len(self.raw_samples)}.")

    def preprocess(self, payload):
        if payload is None:
            return None
        index, sample = _parts(payload)
        if self.type == "index":
            return index
        if sample is None:
            sample = self.raw_samples[index]
        elif index < len(self.raw_samples) and self.samples[index] == sample:
            sample = self.raw_samples[index]  # the app's own values, as it gave them
        else:  # samples a function put in the page: files become their paths
            sample = [value["path"] if files.is_file_data(value) else value
                      for value in sample]
        return sample if self.type == "values" else (index, sample)

    def postprocess(self, value):
        if value is None or isinstance(value, int):
            return value
        if isinstance(value, (list, tuple)):
            shown = self.show_samples([list(value)])[0]
            if shown in self.samples:
                return self.samples.index(shown)
        raise ValueError("A Dataset's value is the index of a sample; return "
                         "gr.Dataset(samples=...) to show other samples.")

    def get_props(self) -> dict:
        props = super().get_props()
        props["samples"] = copy.deepcopy(self.samples)  # the server gives files their URLs
        return props

    def example_value(self):
        return 0 if self.raw_samples else None

    def api_info(self):
        return {"type": {"type": "integer"}, "description": "the index of the sample chosen"}


def _parts(value) -> tuple[int, list | None]:
    """``(index, sample)`` of a wire value: an index (from programs) or
    ``{"index", "sample"}`` (from the page, which sends the values it shows)."""
    if isinstance(value, dict):
        index, sample = value.get("index"), value.get("sample")
        if not isinstance(sample, list):
            raise ValueError("A sample must be a list of values.")
    else:
        index, sample = value, None
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError("A Dataset's value is the index of a sample (0 or more).")
    return index, sample


def _instance(component):
    """A component instance from an instance or a component's name (not placed)."""
    if isinstance(component, Component):
        return component
    if isinstance(component, str):
        cls = _class_named(component)
        if cls is None:
            raise ValueError(f"No component named {component!r} for a Dataset column (pass "
                             "an instance, such as gr.Image(), to use a package's component "
                             "before anything else loaded it).")
        return cls(render=False)
    raise TypeError(f"A Dataset column is a component or a component's name, not "
                    f"{component!r}.")


def _class_named(name: str):
    """The component class that declares ``name`` as its own (``"image"``), or whose class
    name it is (``"Image"``). Classes are found among those loaded: the catalog that
    resolved ``gr.Dataset`` loaded every registered one (looking them up through the
    registry here would close an import cycle: the registry loads the core's components)."""
    wanted = name.lower()
    pending, by_class_name = [Component], None
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        own = cls.__dict__.get("name")
        if own == wanted:
            return cls
        if own is not None and cls.__name__.lower() == wanted:
            by_class_name = by_class_name or cls
    return by_class_name
