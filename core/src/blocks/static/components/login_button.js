import { BlocksElement, define, stylesheet } from "../base.js";
import { clickable } from "./button.js";

stylesheet(new URL("./button.css", import.meta.url));

// gr.LoginButton: a link to the app's login (and back here), or to /logout once
// signed in. What it knows of the visitor comes with the page's config
// (`username`, and `auth`: the provider's name and the login and logout URLs).
export default define("blocks-login_button", class extends BlocksElement {
  build() {
    this.link = null;
  }

  update(changed) {
    super.update(changed);
    const config = this.blocks?.config || {};
    const auth = config.auth || null;
    const username = config.username || null;
    let tag = "a";
    let text;
    let href = null;
    if (username && auth?.logout) {
      text = String(this.props.logout_value ?? "Logout ({})").replace("{}", username);
      href = auth.logout;
    } else if (auth?.login) {
      text = this.props.value ?? `Sign in with ${auth.provider}`;
      href = `${auth.login}?next=${encodeURIComponent(location.pathname + location.search)}`;
    } else {
      tag = "button";
      text = this.props.value ?? "Sign in";
    }
    this.link = clickable(this, this.link, tag);
    this.link.textContent = text;
    const variant = this.props.variant === "primary" || this.props.variant === "stop"
      ? this.props.variant : "secondary";
    this.link.className = `btn btn-${variant} btn-${this.props.size || "lg"}`;
    if (href) {
      this.link.href = href;
    } else {
      this.link.disabled = true;
      this.link.title = "This app has no sign-in: launch it with an auth backend.";
    }
  }
});
