import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./button.css", import.meta.url));

// A link only to http(s) pages (a relative one counts): never javascript: or data:.
export function safeLink(link) {
  if (!link) return null;
  try {
    const url = new URL(String(link), location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// The <button> or <a> of `host` (`current`, or a new one when the tag must change), whose
// clicks `host` emits as its "click" event. A link navigates, so it is an <a>.
export function clickable(host, current, tag) {
  if (current && current.localName === tag) return current;
  const next = el(tag, tag === "button" ? { type: "button" } : {});
  next.addEventListener("click", () => host.emit("click"));
  if (current) current.replaceWith(next);
  else host.append(next);
  return next;
}

// A <button>; with `link`, an <a> styled as one (it navigates, so it is a link).
export default define("blocks-button", class extends BlocksElement {
  build() {
    this.button = null;
    this.icon = el("img", { class: "btn-icon", alt: "", hidden: true });
    this.text = el("span");
  }

  update(changed) {
    super.update(changed);
    const href = safeLink(this.props.link);
    const tag = href ? "a" : "button";
    const button = clickable(this, this.button, tag);
    if (button !== this.button) {
      this.button = button;
      button.append(this.icon, this.text);
      changed = { ...this.props };
    }
    if ("value" in changed) this.text.textContent = this.props.value ?? "";
    if ("icon" in changed) {
      const icon = this.props.icon;
      const src = typeof icon === "string" ? icon : icon?.url;
      this.icon.hidden = !src;
      if (src) this.icon.src = src;
      else this.icon.removeAttribute("src");
    }
    this.button.className = `btn btn-${this.props.variant || "secondary"} btn-${this.props.size || "lg"}`;
    if (href) {
      this.button.href = href;
      if (this.interactive) this.button.removeAttribute("aria-disabled");
      else this.button.setAttribute("aria-disabled", "true");
    } else {
      this.button.disabled = !this.interactive;
    }
  }
});
