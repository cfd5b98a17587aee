import { applyHeights, BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./layouts.css", import.meta.url));

// Layouts hold the elements of their children: the runtime appends them. A
// layout never moves its children; what it adds of its own (a toggle button,
// a tab list) is its first child and is kept there.

export class Layout extends BlocksElement {
  update(changed) {
    super.update(changed);
    if ("variant" in changed) {
      this.classList.toggle("panel", changed.variant === "panel");
      this.classList.toggle("compact", changed.variant === "compact");
    }
  }

  // Keep `node` as the first child, also when children are added later.
  keepFirst(node) {
    this.prepend(node);
    new MutationObserver(() => {
      if (this.firstElementChild !== node) this.prepend(node);
      this.childrenChanged();
    }).observe(this, { childList: true });
  }

  childrenChanged() {}
}

define("blocks-row", class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("row");
    this.classList.toggle("equal-height", !!this.props.equal_height);
    applyHeights(this, this.props);
  }
});

define("blocks-column", class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("column");
  }
});

define("blocks-group", class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("group");
  }
});

// A labelled section with a real button (aria-expanded) that opens and closes it.
define("blocks-accordion", class extends Layout {
  build() {
    this.classList.add("accordion", "block");
    this.labelEl = el("span", { class: "accordion-label" });
    this.toggle = el("button", { type: "button", class: "accordion-toggle" }, this.labelEl,
      el("span", { class: "accordion-icon", "aria-hidden": "true" }));
    this.toggle.addEventListener("click", () => {
      const open = !this.isOpen;
      this.setProps({ open });
      this.emit(open ? "expand" : "collapse");
    });
    this.keepFirst(this.toggle);
  }

  get isOpen() {
    return this.props.open !== false;
  }

  update(changed) {
    super.update(changed);
    if ("label" in changed) this.labelEl.textContent = changed.label ?? "";
    this.toggle.setAttribute("aria-expanded", String(this.isOpen));
    this.classList.toggle("closed", !this.isOpen);
  }
});

export default Layout;
