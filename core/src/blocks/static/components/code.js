import { BlocksElement, define, el, stylesheet } from "../base.js";
import { copyButton } from "./copy.js";
import { highlight, splitLines } from "./highlight.js";

stylesheet(new URL("./code.css", import.meta.url));

const EXTENSIONS = {
  python: "py", c: "c", cpp: "cpp", markdown: "md", latex: "tex", json: "json", html: "html",
  css: "css", javascript: "js", jinja2: "jinja2", typescript: "ts", yaml: "yaml", shell: "sh",
  r: "r", sql: "sql",
};

// Code with line numbers and highlighting. A text field (the real input: selection,
// typing, undo, screen readers) lies over the highlighted copy of its text; both sit
// in one grid cell, so the block grows with the code up to `max_lines`, then scrolls.
// In the field, Tab indents, Shift+Tab dedents, Enter keeps the indentation; Escape
// then Tab leaves the field.
export default define("blocks-code", class extends BlocksElement {
  build() {
    const id = this.uid("code");
    this.labelEl = el("label", { for: id, class: "block-label" });
    this.copy = copyButton("Copy code", () => this.value ?? "");
    this.download = el("button", { type: "button", class: "corner-button", text: "Download",
                                   "aria-label": "Download code" });
    this.download.addEventListener("click", () => this.save());
    this.layer = el("pre", { class: "code-layer", "aria-hidden": "true" });
    this.input = el("textarea", { id, class: "code-input", spellcheck: "false", wrap: "off",
                                  autocapitalize: "off", autocomplete: "off",
                                  "aria-describedby": `${id}-keys` });
    this.keys = el("span", { class: "sr-only", id: `${id}-keys`,
                             text: "Tab indents. Press Escape, then Tab, to leave the editor." });
    this.scroller = el("div", { class: "code-scroll" },
                       el("div", { class: "code-editor" }, this.layer, this.input));
    this.input.addEventListener("input", () => {
      this.show(this.input.value);
      this.userChanged(this.input.value);
    });
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.input.addEventListener("focus", () => this.emit("focus"));
    this.input.addEventListener("blur", () => this.emit("blur"));
    this.classList.add("block", "code");
    this.append(el("div", { class: "component-head" }, this.labelEl,
                       el("span", { class: "corner-buttons" }, this.copy, this.download)),
                this.scroller, this.keys);
  }

  get value() {
    return this.input ? this.input.value : this.props.value ?? "";
  }

  // --- showing ------------------------------------------------------------------------
  // The text at once as plain lines, then highlighted once its grammar has loaded.
  async show(code) {
    this.shown = (this.shown || 0) + 1;
    const shown = this.shown;
    this.paint(code.split("\n"), false);
    const html = await highlight(code, this.props.language).catch((error) => {
      console.error("Blocks: highlighting failed", error);
      return null;
    });
    if (html !== null && shown === this.shown) this.paint(splitLines(html), true);
  }

  paint(lines, highlighted) {
    this.layer.replaceChildren(...lines.map((line) => {
      const div = el("div", { class: "code-line" });
      if (highlighted) div.innerHTML = line; // highlight.js output: the code's text is escaped
      else div.textContent = line;
      if (!div.textContent) div.append("\u200b"); // an empty line keeps its height
      return div;
    }));
  }

  sizeLines() {
    const lines = Math.max(1, Number(this.props.lines) || 5);
    this.style.setProperty("--code-min-lines", String(lines));
    const max = Number(this.props.max_lines);
    this.scroller.style.maxHeight = max ? `calc(${max} * var(--code-line-height) + 2 * var(--code-pad))` : "";
  }

  save() {
    const language = this.props.language;
    const name = language === "dockerfile" ? "Dockerfile" : `code.${EXTENSIONS[language] || "txt"}`;
    const url = URL.createObjectURL(new Blob([this.value], { type: "text/plain" }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // --- editing keys -------------------------------------------------------------------------
  keydown(event) {
    if (event.key === "Escape") {
      this.leaving = true;
      return;
    }
    if (event.key === "Tab" && !this.leaving && !this.input.readOnly) {
      event.preventDefault();
      this.indent(event.shiftKey);
    } else if (event.key === "Enter" && !event.shiftKey && !this.input.readOnly) {
      const { value, selectionStart } = this.input;
      const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
      const indent = /^[ \t]*/.exec(value.slice(lineStart, selectionStart))[0];
      event.preventDefault();
      this.insert(`\n${indent}`);
    }
    this.leaving = false;
  }

  unit() {
    return this.props.language === "python" ? "    " : "  ";
  }

  insert(text) {
    this.input.focus();
    // execCommand keeps the browser's undo history; setRangeText where it is missing
    if (!document.execCommand("insertText", false, text)) {
      this.input.setRangeText(text, this.input.selectionStart, this.input.selectionEnd, "end");
      this.input.dispatchEvent(new Event("input"));
    }
  }

  indent(outdent) {
    const { value, selectionStart: start, selectionEnd: end } = this.input;
    const unit = this.unit();
    if (!outdent && !value.slice(start, end).includes("\n")) {
      this.insert(unit);
      return;
    }
    const from = value.lastIndexOf("\n", start - 1) + 1;
    const lines = value.slice(from, end).split("\n");
    const changed = lines.map((line) => {
      if (!outdent) return unit + line;
      const strip = /^( {1,4}|\t)/.exec(line);
      return strip ? line.slice(Math.min(strip[0].length, unit.length)) : line;
    }).join("\n");
    this.input.setSelectionRange(from, end);
    this.insert(changed);
    this.input.setSelectionRange(from, from + changed.length);
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Code");
    const buttons = this.props.buttons ?? ["copy", "download"];
    this.copy.hidden = !buttons.includes("copy");
    this.download.hidden = !buttons.includes("download");
    this.input.readOnly = !this.interactive;
    this.keys.textContent = this.interactive
      ? "Tab indents. Press Escape, then Tab, to leave the editor." : "";
    this.classList.toggle("wrap", !!this.props.wrap_lines);
    this.input.wrap = this.props.wrap_lines ? "soft" : "off";
    this.classList.toggle("numbered", this.props.show_line_numbers !== false);
    if ("lines" in changed || "max_lines" in changed) this.sizeLines();
    if ("value" in changed) {
      const code = changed.value ?? "";
      if (this.input.value !== code) this.input.value = code;
      this.show(code);
    } else if ("language" in changed) {
      this.show(this.input.value);
    }
  }
});
