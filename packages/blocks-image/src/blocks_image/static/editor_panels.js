// The controls of the image editor, built from plain form elements: the toolbar (one
// tab stop, arrow keys between its buttons), the brush's palette and sizes, the crop
// and resize forms and the list of layers. image_editor.js wires them to the document.

import { el } from "../blocks/base.js";

// A toolbar with one tab stop: arrows, Home and End move between its visible buttons.
export function toolbar(label, buttons) {
  const node = el("div", { role: "toolbar", class: "editor-toolbar", "aria-label": label },
                  ...buttons);
  const items = () => [...node.querySelectorAll("button")].filter((b) => !b.hidden);
  const stop = (button) => items().forEach((b) => { b.tabIndex = b === button ? 0 : -1; });
  node.addEventListener("focusin", (event) => {
    if (items().includes(event.target)) stop(event.target);
  });
  node.addEventListener("keydown", (event) => {
    const list = items();
    const at = list.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
                   Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const button = list[(next + list.length) % list.length];
    stop(button);
    button.focus();
  });
  node.resetStop = () => {
    const list = items();
    if (!list.some((b) => b.tabIndex === 0)) stop(list[0]);
  };
  return node;
}

export function toolButton(text, onClick, { toggle = false } = {}) {
  const button = el("button", { type: "button", class: "media-button", text, tabindex: "-1" });
  if (toggle) button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-disabled") !== "true") onClick();
  });
  return button;
}

export function setDisabled(button, disabled) {
  if (disabled) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

// A labelled range input; onInput(number) as it moves.
export function sizeControl(uid, text, onInput) {
  const input = el("input", { id: uid, type: "range", min: "1", max: "100", step: "1" });
  input.addEventListener("input", () => onInput(Number(input.value)));
  const output = el("output", { for: uid, class: "editor-size-value" });
  input.addEventListener("input", () => { output.textContent = input.value; });
  const node = el("div", { class: "editor-size" },
                  el("label", { for: uid, text }), input, output);
  node.set = (value, max) => {
    input.max = String(max);
    input.value = String(value);
    output.textContent = String(value);
  };
  return node;
}

// The brush's colours: a radio group of swatches, and a colour picker when allowed.
export function palette(uid, onPick) {
  const legend = el("legend", { class: "sr-only", text: "Brush colour" });
  const swatches = el("div", { class: "editor-swatches" });
  const custom = el("input", { id: `${uid}-custom`, type: "color", class: "editor-custom" });
  custom.addEventListener("input", () => onPick([custom.value, 1], null));
  const customLabel = el("label", { for: custom.id, class: "editor-custom-label" },
                         "Custom colour", custom);
  const node = el("fieldset", { class: "editor-palette" }, legend, swatches, customLabel);
  node.set = (colors, current, allowCustom) => {
    swatches.replaceChildren(...colors.map(([css, opacity], index) => {
      const id = `${uid}-${index}`;
      const name = opacity < 1 ? `${css} at ${Math.round(opacity * 100)}%` : css;
      const radio = el("input", { type: "radio", id, name: `${uid}-colour`,
                                  class: "editor-swatch-input" });
      radio.checked = current === index;
      radio.addEventListener("change", () => radio.checked && onPick([css, opacity], index));
      const swatch = el("label", { for: id, class: "editor-swatch", title: name },
                        el("span", { class: "sr-only", text: name }));
      swatch.style.setProperty("--swatch", css);
      swatch.style.setProperty("--swatch-opacity", String(opacity));
      return el("span", { class: "editor-swatch-cell" }, radio, swatch);
    }));
    customLabel.hidden = !allowCustom;
  };
  return node;
}

// A form of labelled number fields with an apply and a cancel button.
export function numberForm(uid, title, fields, applyText, onApply, onCancel) {
  const inputs = {};
  const rows = fields.map(([key, text]) => {
    const input = el("input", { id: `${uid}-${key}`, type: "number", min: "0", step: "1",
                                class: "editor-number" });
    inputs[key] = input;
    return el("span", { class: "editor-field" }, el("label", { for: input.id, text }), input);
  });
  const apply = el("button", { type: "submit", class: "media-button", text: applyText });
  const cancel = el("button", { type: "button", class: "media-button", text: "Cancel" });
  cancel.addEventListener("click", onCancel);
  const form = el("form", { class: "editor-form", "aria-label": title }, ...rows, apply, cancel);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onApply();
  });
  form.inputs = inputs;
  return form;
}

// The layers: a radio per layer (which one to draw on) and a checkbox to show it.
export function layerList(uid, { onPick, onShow }) {
  const list = el("div", { class: "editor-layer-list" });
  const node = el("fieldset", { class: "editor-layers" },
                  el("legend", { class: "editor-layers-legend", text: "Layers" }), list);
  node.list = list;
  node.set = (layers, active) => {
    list.replaceChildren(...layers.map((layer, index) => {
      const id = `${uid}-${layer.id}`;
      const radio = el("input", { type: "radio", id, name: `${uid}-layer` });
      radio.checked = index === active;
      radio.addEventListener("change", () => radio.checked && onPick(index));
      const shown = el("input", { type: "checkbox", id: `${id}-shown` });
      shown.checked = layer.visible;
      shown.addEventListener("change", () => onShow(index, shown.checked));
      return el("div", { class: "editor-layer" },
                radio, el("label", { for: id, text: layer.name }), shown,
                el("label", { for: `${id}-shown`, class: "editor-layer-show",
                              text: `Show ${layer.name}` }));
    }));
  };
  return node;
}
