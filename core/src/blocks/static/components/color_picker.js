import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./color_picker.css", import.meta.url));

// A colour: the system's picker (<input type="color">, which takes #rrggbb) beside a
// text field holding the colour as text. Moving in the picker emits `input` (and
// `change`); closing it emits `release`; Enter in the text field emits `submit`.

let probe = null;

// Any CSS colour as #rrggbb for the picker (black when it is not a colour).
function hex(colour) {
  probe ??= document.createElement("canvas").getContext("2d");
  probe.fillStyle = "#000000";
  probe.fillStyle = colour || "#000000";
  const value = probe.fillStyle; // "#rrggbb", or "rgba(r, g, b, a)" when translucent
  if (value.startsWith("#")) return value;
  const [r, g, b] = value.match(/\d+/g).map(Number);
  return `#${[r, g, b].map((n) => n.toString(16).padStart(2, "0")).join("")}`;
}

export default define("blocks-colorpicker", class extends BlocksElement {
  build() {
    const id = this.uid("colorpicker");
    this.labelEl = el("label", { for: `${id}-text`, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.picker = el("input", { type: "color", id, "aria-describedby": `${id}-info` });
    this.pickerLabel = el("label", { for: id, class: "sr-only" });
    this.text = el("input", { type: "text", id: `${id}-text`, class: "input", spellcheck: "false",
                              autocomplete: "off", "aria-describedby": `${id}-info` });
    this.picker.addEventListener("input", () => {
      this.text.value = this.picker.value;
      this.userChanged(this.picker.value);
    });
    this.picker.addEventListener("change", () => this.emit("release"));
    this.text.addEventListener("change", () => {
      this.picker.value = hex(this.text.value);
      this.userChanged(this.text.value.trim());
    });
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        if (this.text.value.trim() !== (this.props.value ?? "")) this.text.dispatchEvent(new Event("change"));
        this.emit("submit");
      }
    });
    for (const input of [this.picker, this.text]) {
      input.addEventListener("focus", () => this.emit("focus"));
      input.addEventListener("blur", () => this.emit("blur"));
    }
    this.classList.add("block", "colorpicker");
    this.append(this.labelEl, this.infoEl, this.pickerLabel,
                el("div", { class: "colorpicker-row" }, this.picker, this.text));
  }

  get value() {
    if (!this.text) return this.props.value ?? null;
    return this.text.value.trim() || null;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Color");
    this.pickerLabel.textContent = `${this.labelText("Color")}: picker`;
    this.applyInfo(this.infoEl);
    if ("value" in changed) {
      this.text.value = changed.value ?? "";
      this.picker.value = hex(changed.value);
    }
    this.picker.disabled = !this.interactive;
    this.text.readOnly = !this.interactive;
  }
});
