import { define, el, stylesheet } from "../base.js";
import ButtonElement from "./button.js";
import { copyText } from "./copy.js";

stylesheet(new URL("./deep_link_button.css", import.meta.url));

// gr.DeepLinkButton. A click asks the server for a link (the page's values, signed);
// the answer arrives as the `deep_link` prop: the button puts it after `#deep_link=` in
// the page's address, copies it, shows it in a read-only field and says
// `copied_value` for two seconds. A page opened from such a link (this button's: the
// token starts with its id) sends the token back once, and the server restores the values.
export default define("blocks-deeplinkbutton", class extends ButtonElement {
  build() {
    super.build();
    const id = this.uid("deeplink");
    this.linkLabel = el("label", { for: id, class: "sr-only", text: "Link to this page" });
    this.linkField = el("input", { id, type: "text", readonly: true, class: "input deep-link-field" });
    this.linkField.addEventListener("focus", () => this.linkField.select());
    this.linkRow = el("div", { class: "deep-link-row", hidden: true }, this.linkLabel, this.linkField);
    this.status = el("span", { class: "sr-only", role: "status" });
    this.append(this.linkRow, this.status);
    queueMicrotask(() => this.restore());
  }

  restore() {
    const token = new URLSearchParams(location.hash.slice(1)).get("deep_link");
    const id = this.dataset.blocksId;
    if (token && id !== undefined && token.startsWith(`${id}.`)) this.emit("deep_link", { token });
  }

  async showLink(token) {
    const url = new URL(location.href);
    const hash = new URLSearchParams(url.hash.slice(1));
    hash.set("deep_link", token);
    url.hash = hash.toString();
    this.linkField.value = url.href;
    this.linkRow.hidden = false;
    const copied = await copyText(url.href);
    const text = copied ? (this.props.copied_value || "Link Copied!") : "Copy the link below";
    this.text.textContent = text;
    this.status.textContent = text;
    clearTimeout(this.reset);
    this.reset = setTimeout(() => {
      this.text.textContent = this.props.value ?? "";
      this.status.textContent = "";
    }, 2000);
  }

  update(changed) {
    super.update(changed);
    if (changed.deep_link) this.showLink(changed.deep_link);
  }
});
