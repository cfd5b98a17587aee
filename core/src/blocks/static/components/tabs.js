import { define, el, stylesheet } from "../base.js";
import { Layout } from "./layouts.js";

stylesheet(new URL("./tabs.css", import.meta.url));

// <blocks-tabs> with <blocks-tab> children, and <blocks-walkthrough> with <blocks-step>
// children: one panel shown at a time. The group adds its header as its first child
// and leaves the panels where the runtime put them.
//
// A panel's key is its `id` prop, or its index when it has none; the group's
// `selected` prop names the key shown. Tabs: a role="tablist" of real buttons
// (role="tab", aria-selected), arrow keys move between them. Walkthrough: an ordered
// list of step buttons (aria-current="step"); steps already reached can be revisited.

const sameKey = (a, b) => a !== null && a !== undefined && String(a) === String(b);

class PanelGroup extends Layout {
  static panelTag = "blocks-tab";

  build() {
    this.buttons = new Map(); // panel -> button
    this.header = this.makeHeader();
    this.keepFirst(this.header);
  }

  get panels() {
    return [...this.children].filter((child) => child.localName === this.constructor.panelTag);
  }

  keyOf(panel, index) {
    const id = panel.props.id;
    return id === null || id === undefined ? index : id;
  }

  shown(panel) {
    return panel.props.visible !== false;
  }

  // The key of the panel to show: `selected` if it names a visible panel, else the first.
  currentKey() {
    const panels = this.panels;
    const found = panels.findIndex((p, i) => sameKey(this.keyOf(p, i), this.props.selected));
    if (found >= 0 && this.shown(panels[found])) return this.keyOf(panels[found], found);
    const first = panels.findIndex((p) => this.shown(p) && p.props.interactive !== false);
    return first >= 0 ? this.keyOf(panels[first], first) : null;
  }

  childrenChanged() {
    this.refresh();
  }

  refresh() {
    if (!this._built) return;
    const panels = this.panels;
    const current = this.currentKey();
    this._shownKey = current;
    for (const [panel, button] of this.buttons) {
      if (!panels.includes(panel)) {
        button.closest("li")?.remove();
        button.remove();
        this.buttons.delete(panel);
      }
    }
    panels.forEach((panel, index) => {
      let button = this.buttons.get(panel);
      if (!button) {
        button = this.makeButton(panel);
        this.buttons.set(panel, button);
      }
      this.placeButton(button, index);
      const key = this.keyOf(panel, index);
      const selected = sameKey(key, current);
      if (!panel.id) panel.id = this.uid("panel");
      if (!button.id) button.id = this.uid("tab");
      button.textContent = "";
      this.fillButton(button, panel, index);
      button.disabled = panel.props.interactive === false;
      button.hidden = !this.shown(panel);
      this.markButton(button, selected, index, panels, current);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", button.id);
      button.setAttribute("aria-controls", panel.id);
      panel.hidden = !(selected && this.shown(panel));
    });
  }

  // The user chose a panel: show it and report select (and change) events.
  choose(panel) {
    const index = this.panels.indexOf(panel);
    const key = this.keyOf(panel, index);
    const changed = !sameKey(key, this.currentKey());
    this.props.selected = key;
    this.refresh();
    const data = { index, value: panel.props.label ?? null, selected: true };
    this.emit("select", data);
    panel.emit("select", data);
    if (changed) this.emit("change");
  }

  update(changed) {
    const before = this._shownKey;
    super.update(changed);
    this.refresh();
    if ("selected" in changed && before !== undefined && !sameKey(before, this._shownKey)) {
      this.emit("change");
    }
  }
}

define("blocks-tabs", class extends PanelGroup {
  makeHeader() {
    this.classList.add("tabs");
    const list = el("div", { role: "tablist", class: "tabs-list" });
    list.addEventListener("keydown", (event) => this.onKey(event));
    return list;
  }

  makeButton(panel) {
    const button = el("button", { type: "button", role: "tab", class: "tab-button" });
    button.addEventListener("click", () => this.choose(panel));
    return button;
  }

  placeButton(button, index) {
    if (this.header.children[index] !== button) {
      this.header.insertBefore(button, this.header.children[index] || null);
    }
  }

  fillButton(button, panel) {
    button.textContent = panel.props.label ?? "";
  }

  markButton(button, selected) {
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1;
    button.classList.toggle("selected", selected);
  }

  onKey(event) {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const usable = [...this.buttons.entries()].filter(([, b]) => !b.hidden && !b.disabled);
    const at = usable.findIndex(([, b]) => b === document.activeElement);
    if (at < 0 || !usable.length) return;
    let next = null;
    if (event.key in moves) next = (at + moves[event.key] + usable.length) % usable.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = usable.length - 1;
    if (next === null) return;
    event.preventDefault();
    const [panel, button] = usable[next];
    this.choose(panel);
    button.focus();
  }
});

define("blocks-walkthrough", class extends PanelGroup {
  static panelTag = "blocks-step";

  makeHeader() {
    this.classList.add("walkthrough");
    this.reached = 0;
    return el("ol", { class: "walkthrough-steps", "aria-label": "Steps" });
  }

  makeButton(panel) {
    const button = el("button", { type: "button", class: "step-button" });
    button.addEventListener("click", () => this.choose(panel));
    return button;
  }

  placeButton(button, index) {
    let item = button.closest("li");
    if (!item) item = el("li", { class: "walkthrough-step" }, button);
    if (this.header.children[index] !== item) {
      this.header.insertBefore(item, this.header.children[index] || null);
    }
  }

  fillButton(button, panel, index) {
    button.append(el("span", { class: "step-number", "aria-hidden": "true", text: String(index + 1) }),
      el("span", { class: "step-label", text: panel.props.label ?? `Step ${index + 1}` }));
  }

  markButton(button, selected, index, panels, current) {
    const at = panels.findIndex((p, i) => sameKey(this.keyOf(p, i), current));
    this.reached = Math.max(this.reached, at);
    const item = button.closest("li");
    item.hidden = button.hidden;
    item.classList.toggle("current", selected);
    item.classList.toggle("done", index < at);
    if (selected) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
    if (index > this.reached) button.disabled = true;
  }
});

const Panel = class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("tab-panel");
    this.parentElement?.refresh?.();
  }
};

define("blocks-tab", class extends Panel {});
define("blocks-step", class extends Panel {});

export default PanelGroup;
