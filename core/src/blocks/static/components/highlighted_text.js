import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./highlighted_text.css", import.meta.url));
stylesheet(new URL("./copy.css", import.meta.url)); // its small buttons

// Text whose spans carry a category (a colour each) or a score (-1..1). The value is
// a list of {token, class_or_confidence}; the text is the tokens end to end.
//
// Shown: marked spans, with their category inline or in a legend. The spans form one
// tab stop; arrow keys move between them and Enter (or a click) emits `select`.
// Interactive: a read-only text field over the marks takes the selection (mouse or
// Shift+arrows), a Category field and a "Label selection" button apply a category,
// and the list of labelled spans has a Remove button for each.

const PALETTE = ["#ef4444", "#22c55e", "#3b82f6", "#eab308", "#a855f7", "#14b8a6",
                 "#f97316", "#06b6d4", "#84cc16", "#ec4899"];

function isScore(category) {
  return typeof category === "number";
}

export default define("blocks-highlightedtext", class extends BlocksElement {
  build() {
    this.id_ = this.uid("highlightedtext");
    this.labelEl = el("span", { class: "block-label", id: `${this.id_}-label` });
    this.legend = el("ul", { class: "ht-legend", "aria-label": "Categories" });
    this.body = el("div", { class: "ht-body" });
    this.classList.add("block", "highlightedtext");
    this.append(this.labelEl, this.legend, this.body);
    this.mode = null;
  }

  get tokens() {
    return Array.isArray(this.props.value) ? this.props.value : [];
  }

  get value() {
    return this.props.value ?? null;
  }

  // --- colours -----------------------------------------------------------------------
  categories() {
    const seen = [];
    for (const { class_or_confidence: category } of this.tokens) {
      if (category !== null && category !== undefined && !isScore(category) &&
          !seen.includes(String(category))) seen.push(String(category));
    }
    for (const category of Object.keys(this.props.color_map || {})) {
      if (!seen.includes(category)) seen.push(category);
    }
    return seen;
  }

  colour(category) {
    const map = this.props.color_map || {};
    if (map[category]) return map[category];
    const index = this.categories().indexOf(String(category));
    return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
  }

  paint(mark, category) {
    if (isScore(category)) {
      const strength = Math.round(Math.min(1, Math.abs(category)) * 60);
      mark.style.setProperty("--ht-colour", category >= 0 ? "#ef4444" : "#3b82f6");
      mark.style.setProperty("--ht-strength", `${strength}%`);
    } else {
      mark.style.setProperty("--ht-colour", this.colour(category));
    }
  }

  // --- shown -------------------------------------------------------------------------
  showLegend() {
    const categories = this.categories();
    this.legend.hidden = !this.props.show_legend || !categories.length;
    this.legend.replaceChildren(...categories.map((category) => {
      const swatch = el("span", { class: "ht-swatch", "aria-hidden": "true" });
      swatch.style.background = this.colour(category);
      return el("li", {}, swatch, el("span", { text: category }));
    }));
  }

  showText() {
    const inline = !this.props.show_legend && this.props.show_inline_category !== false;
    this.marks = [];
    const text = el("div", { class: "ht-text", role: "group", "aria-labelledby": `${this.id_}-label` });
    text.dir = this.props.rtl ? "rtl" : "auto";
    this.tokens.forEach(({ token, class_or_confidence: category }, index) => {
      if (category === null || category === undefined) {
        text.append(token);
        return;
      }
      const label = isScore(category) ? `score ${category}` : String(category);
      const mark = el("mark", { class: "ht-entity", tabindex: "-1", "data-index": String(index),
                                "aria-label": `${token} (${label})` }, token);
      if (inline && !isScore(category)) {
        mark.append(el("span", { class: "ht-category", "aria-hidden": "true", text: label }));
      }
      this.paint(mark, category);
      mark.addEventListener("click", () => this.choose(index));
      this.marks.push(mark);
      text.append(mark);
    });
    if (this.marks.length) this.marks[0].tabIndex = 0;
    text.addEventListener("keydown", (event) => this.keydown(event));
    if (!this.tokens.length) text.append(el("span", { class: "ht-empty", text: "Empty" }));
    this.body.replaceChildren(text);
  }

  keydown(event) {
    const at = this.marks.indexOf(document.activeElement);
    if (at < 0) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (event.key in moves || event.key === "Home" || event.key === "End") {
      event.preventDefault();
      let next = at + (moves[event.key] || 0);
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = this.marks.length - 1;
      next = Math.max(0, Math.min(this.marks.length - 1, next));
      this.marks[at].tabIndex = -1;
      this.marks[next].tabIndex = 0;
      this.marks[next].focus();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.choose(Number(this.marks[at].dataset.index));
    }
  }

  choose(index) {
    const { token, class_or_confidence: category } = this.tokens[index];
    this.emit("select", { index, value: [token, category], selected: true });
  }

  // --- interactive ---------------------------------------------------------------------
  buildEditor() {
    const id = this.id_;
    this.layer = el("div", { class: "ht-layer", "aria-hidden": "true" });
    this.field = el("textarea", { class: "ht-field", readonly: true, rows: "3",
                                  "aria-labelledby": `${id}-label`, "aria-describedby": `${id}-help` });
    this.field.addEventListener("scroll", () => {
      this.layer.scrollTop = this.field.scrollTop;
    });
    this.categoryInput = el("input", { id: `${id}-category`, type: "text", list: `${id}-known`,
                                       autocomplete: "off" });
    this.known = el("datalist", { id: `${id}-known` });
    const apply = el("button", { type: "button", class: "corner-button", text: "Label selection" });
    apply.addEventListener("click", () => this.labelSelection());
    this.categoryInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.labelSelection();
      }
    });
    this.entities = el("ul", { class: "ht-entities", "aria-label": "Labelled spans" });
    this.status = el("p", { class: "sr-only", role: "status" });
    this.body.replaceChildren(
      el("div", { class: "ht-editor" }, this.layer, this.field),
      el("div", { class: "ht-tools form-block" },
         el("label", { for: `${id}-category`, text: "Category" }), this.categoryInput, this.known, apply),
      el("p", { class: "block-info", id: `${id}-help`,
                text: "Select text, type or pick a category, then choose Label selection." }),
      this.entities, this.status);
  }

  showEditor() {
    const text = this.tokens.map(({ token }) => token).join("");
    if (this.field.value !== text) this.field.value = text;
    this.field.dir = this.props.rtl ? "rtl" : "auto";
    this.layer.dir = this.field.dir;
    this.layer.replaceChildren(...this.tokens.map(({ token, class_or_confidence: category }) => {
      if (category === null || category === undefined) return document.createTextNode(token);
      const mark = el("mark", { class: "ht-entity" }, token);
      this.paint(mark, category);
      return mark;
    }), "\n");
    this.known.replaceChildren(...this.categories().map((category) => el("option", { value: category })));
    this.entities.replaceChildren(...this.tokens.flatMap(({ token, class_or_confidence: category }, index) => {
      if (category === null || category === undefined) return [];
      const remove = el("button", { type: "button", class: "corner-button", text: "Remove",
                                    "aria-label": `Remove the label of “${token}”` });
      remove.addEventListener("click", () => this.relabel(index));
      const swatch = el("span", { class: "ht-swatch", "aria-hidden": "true" });
      this.paint(swatch, category);
      return [el("li", {}, swatch, el("span", { text: `“${token}”: ${category}` }), remove)];
    }));
  }

  // Give [start, end) of the text `category`: the tokens it cuts are split there, the
  // part inside becomes one token; tokens outside keep their bounds.
  labelSelection() {
    const start = Math.min(this.field.selectionStart, this.field.selectionEnd);
    const end = Math.max(this.field.selectionStart, this.field.selectionEnd);
    const category = this.categoryInput.value.trim();
    if (start === end) {
      this.status.textContent = "Select some text first.";
      return;
    }
    if (!category) {
      this.status.textContent = "Type a category first.";
      this.categoryInput.focus();
      return;
    }
    const before = [];
    const after = [];
    let inside = "";
    let at = 0;
    for (const entry of this.tokens) {
      const from = at;
      const to = at + entry.token.length;
      at = to;
      const keep = (part) => ({ token: part, class_or_confidence: entry.class_or_confidence });
      if (to <= start) before.push(entry);
      else if (from >= end) after.push(entry);
      else {
        if (from < start) before.push(keep(entry.token.slice(0, start - from)));
        inside += entry.token.slice(Math.max(start, from) - from, Math.min(end, to) - from);
        if (to > end) after.push(keep(entry.token.slice(end - from)));
      }
    }
    this.commit([...before, { token: inside, class_or_confidence: category }, ...after]);
    this.status.textContent = `Labelled “${inside}” as ${category}.`;
  }

  relabel(index) {
    const tokens = this.tokens.map((entry, i) => (i === index ? { ...entry, class_or_confidence: null } : entry));
    this.status.textContent = `Removed the label of “${this.tokens[index].token}”.`;
    this.commit(tokens);
  }

  commit(tokens) {
    this.props.value = tokens;
    this.showLegend();
    this.showEditor();
    this.userChanged(tokens, { input: false });
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Highlighted text");
    const mode = this.props.interactive === true ? "edit" : "show";
    if (mode !== this.mode) {
      this.mode = mode;
      if (mode === "edit") this.buildEditor();
    }
    this.showLegend();
    if (mode === "edit") this.showEditor();
    else this.showText();
  }
});
