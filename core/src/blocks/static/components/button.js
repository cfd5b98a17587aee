import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./button.css", import.meta.url));

export default define("blocks-button", class extends BlocksElement {
  build() {
    this.button = el("button", { type: "button", class: "btn" });
    this.icon = el("img", { class: "btn-icon", alt: "", hidden: true });
    this.text = el("span");
    this.button.append(this.icon, this.text);
    this.button.addEventListener("click", () => {
      this.emit("click");
      // a link leaves the page once the click's listeners have been sent
      if (this.props.link) window.location.assign(this.props.link);
    });
    this.append(this.button);
  }

  update(changed) {
    super.update(changed);
    if ("value" in changed) this.text.textContent = changed.value ?? "";
    if ("icon" in changed) {
      const icon = changed.icon;
      const src = typeof icon === "string" ? icon : icon?.url;
      this.icon.hidden = !src;
      if (src) this.icon.src = src; else this.icon.removeAttribute("src");
    }
    this.button.className = `btn btn-${this.props.variant || "secondary"} btn-${this.props.size || "lg"}`;
    this.button.disabled = !this.interactive;
  }
});
