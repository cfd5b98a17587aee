import { BlocksElement, define } from "../base.js";

// Layouts hold the elements of their children (the runtime appends them).
class Layout extends BlocksElement {
  update(changed) {
    super.update(changed);
    if ("variant" in changed) this.classList.toggle("panel", changed.variant === "panel");
  }
}

define("blocks-row", class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("row");
    this.classList.toggle("equal-height", !!this.props.equal_height);
    for (const prop of ["height", "min_height", "max_height"]) {
      const value = this.props[prop];
      const css = prop.replace("_", "-");
      this.style.setProperty(css, value === null || value === undefined ? "" :
        typeof value === "number" ? `${value}px` : value);
    }
  }
});

define("blocks-column", class extends Layout {
  update(changed) {
    super.update(changed);
    this.classList.add("column");
  }
});

export default Layout;
