import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./dataset.css", import.meta.url));
stylesheet(new URL("./copy.css", import.meta.url)); // the page buttons

// Samples to choose from: a gallery of buttons (one component) or a table whose rows
// start with a button (several). Choosing a sample (click, Enter or Space on its
// button, or a click anywhere on its row) sets the value, emits `change`, `click`
// and `select` (with the sample's index and values). Long lists get page buttons.
export default define("blocks-dataset", class extends BlocksElement {
  build() {
    const id = this.uid("dataset");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.body = el("div", { class: "dataset-body" });
    this.pages = el("nav", { class: "dataset-pages", "aria-label": "Pages of samples" });
    this.classList.add("block", "dataset");
    this.append(this.labelEl, this.body, this.pages);
    this.page = 0;
    this.chosen = null;
  }

  get samples() {
    return Array.isArray(this.props.samples) ? this.props.samples : [];
  }

  // The sample chosen, with the values the page shows (the server maps them back).
  get value() {
    const index = this.chosen ?? (Number.isInteger(this.props.value) ? this.props.value : null);
    if (index === null || index >= this.samples.length) return null;
    return { index, sample: this.samples[index] };
  }

  choose(index) {
    this.chosen = index;
    this.props.value = index;
    this.userChanged(index, { input: false });
    this.emit("click");
    this.emit("select", { index, value: this.samples[index], selected: true });
    this.showChosen();
  }

  // --- one value, shown the way its component shows it ------------------------------
  cell(value, kind) {
    if (value && typeof value === "object" && value.meta?._type === "blocks.FileData") {
      const url = this.blocks?.fileUrl(value) ?? value.url;
      const mime = value.mime_type || "";
      const name = value.orig_name || value.path.split("/").pop();
      if (mime.startsWith("image/") || kind === "image") {
        return el("img", { src: url, alt: name, loading: "lazy", class: "dataset-image" });
      }
      return el("span", { class: "dataset-file", text: name });
    }
    if (value === null || value === undefined) return el("span", { class: "dataset-empty", text: "" });
    if (kind === "colorpicker" && typeof value === "string") {
      const swatch = el("span", { class: "dataset-swatch", "aria-hidden": "true" });
      swatch.style.background = value;
      return el("span", { class: "dataset-colour" }, swatch, value);
    }
    if (kind === "checkbox" || typeof value === "boolean") {
      return el("span", { text: value ? "\u2713" : "\u2717", "aria-label": value ? "true" : "false" });
    }
    if (kind === "html" && typeof value === "string") {
      const span = el("span", { class: "dataset-html" });
      span.innerHTML = value; // the app's own markup, as gr.HTML shows it
      return span;
    }
    if (Array.isArray(value)) return el("span", { class: "dataset-text", text: value.join(", ") });
    if (typeof value === "object") return el("span", { class: "dataset-text", text: JSON.stringify(value) });
    return el("span", { class: "dataset-text", text: String(value) });
  }

  sampleContent(index) {
    const labels = this.props.sample_labels;
    if (Array.isArray(labels) && labels[index] !== undefined) {
      return [el("span", { class: "dataset-text", text: String(labels[index]) })];
    }
    const kinds = this.props.components || [];
    return this.samples[index].map((value, column) => this.cell(value, kinds[column]));
  }

  // --- layouts ---------------------------------------------------------------------------
  layout() {
    if (this.props.layout) return this.props.layout;
    const kinds = this.props.components || [];
    return kinds.length > 1 || (this.samples[0] || []).length > 1 ? "table" : "gallery";
  }

  visible() {
    const per = Math.max(1, Number(this.props.samples_per_page) || 10);
    const count = Math.max(1, Math.ceil(this.samples.length / per));
    this.page = Math.min(this.page, count - 1);
    const start = this.page * per;
    return { count, indexes: this.samples.slice(start, start + per).map((_, i) => start + i) };
  }

  show() {
    const { count, indexes } = this.visible();
    const labelled = { "aria-labelledby": this.labelEl.id };
    this.buttons = new Map();
    if (this.layout() === "gallery") {
      this.body.replaceChildren(el("ul", { class: "dataset-gallery", ...labelled },
        ...indexes.map((index) => el("li", {}, this.sampleButton(index, this.sampleContent(index))))));
    } else {
      const headers = Array.isArray(this.props.headers) ? this.props.headers : [];
      const table = el("table", { class: "dataset-table", ...labelled });
      if (headers.length) {
        table.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))));
      }
      table.append(el("tbody", {}, ...indexes.map((index) => {
        const [first, ...rest] = this.sampleContent(index);
        const row = el("tr", {}, el("td", {}, this.sampleButton(index, [first ?? ""])),
                       ...rest.map((content) => el("td", {}, content)));
        row.addEventListener("click", (event) => {
          if (!event.target.closest("button")) this.choose(index);
        });
        return row;
      })));
      this.body.replaceChildren(table);
    }
    this.pages.hidden = count < 2;
    this.pages.replaceChildren(...Array.from({ length: count }, (_, page) => {
      const button = el("button", { type: "button", class: "corner-button", text: String(page + 1),
                                    "aria-label": `Page ${page + 1}`,
                                    "aria-current": page === this.page ? "page" : null });
      button.addEventListener("click", () => {
        this.page = page;
        this.show();
      });
      return button;
    }));
    this.showChosen();
  }

  sampleButton(index, content) {
    const button = el("button", { type: "button", class: "dataset-sample" }, ...content);
    button.addEventListener("click", () => this.choose(index));
    this.buttons.set(index, button);
    return button;
  }

  showChosen() {
    const chosen = this.chosen ?? this.props.value;
    for (const [index, button] of this.buttons || []) {
      button.classList.toggle("chosen", index === chosen);
      button.closest("tr")?.classList.toggle("chosen", index === chosen);
    }
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Samples");
    this.labelEl.hidden = this.props.show_label === false && !this.props.label;
    if ("samples" in changed) {
      this.page = 0;
      this.chosen = null;
    }
    if ("value" in changed) this.chosen = Number.isInteger(changed.value) ? changed.value : null;
    this.show();
  }
});
