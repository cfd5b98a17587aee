import { cssSize, define, el, stylesheet } from "../base.js";
import { Layout } from "./layouts.js";

stylesheet(new URL("./sidebar.css", import.meta.url));

// <blocks-sidebar>: a panel fixed along the left (or right) edge of the page. A real
// button (aria-expanded) opens and closes it and stays on screen when it is closed.
// Open on a wide screen, it moves the page aside; on a narrow one it starts closed
// and opens over the page.

const NARROW = "(max-width: 768px)";

define("blocks-sidebar", class extends Layout {
  build() {
    this.classList.add("sidebar");
    this.setAttribute("role", "complementary");
    this.toggle = el("button", { type: "button", class: "sidebar-toggle" },
      el("span", { class: "sidebar-icon", "aria-hidden": "true" }));
    this.toggle.addEventListener("click", () => {
      const open = !this.isOpen;
      this.setProps({ open });
      this.emit(open ? "expand" : "collapse");
    });
    this.keepFirst(this.toggle);
    if (window.matchMedia(NARROW).matches) this.props.open = false;
  }

  get isOpen() {
    return this.props.open !== false;
  }

  disconnectedCallback() {
    this.shiftPage(false);
  }

  connectedCallback() {
    super.connectedCallback();
    if (this._built) this.shiftPage(this.isOpen && this.props.visible !== false);
  }

  // Make room for the open sidebar: the page's root gets a class and the width.
  shiftPage(open) {
    const root = document.documentElement;
    const side = this.props.position === "right" ? "right" : "left";
    root.classList.toggle(`sidebar-${side}-open`, open);
    if (open) root.style.setProperty("--sidebar-width", this.width);
  }

  get width() {
    return cssSize(this.props.width ?? 320) || "320px";
  }

  update(changed) {
    super.update(changed);
    const open = this.isOpen;
    const label = this.props.label || "sidebar";
    this.setAttribute("aria-label", this.props.label || "Sidebar");
    this.toggle.setAttribute("aria-label", `Toggle ${label}`);
    this.toggle.setAttribute("aria-expanded", String(open));
    this.classList.toggle("open", open);
    this.classList.toggle("right", this.props.position === "right");
    this.style.setProperty("--sidebar-width", this.width);
    if (this.isConnected) this.shiftPage(open && this.props.visible !== false);
  }
});
