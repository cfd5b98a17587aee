import { BlocksElement, define, el, stylesheet } from "../base.js";
import { currentPage, pageUrl } from "../pages.js";

stylesheet(new URL("./navbar.css", import.meta.url));

// <blocks-navbar>: the navigation bar of a multipage app. Links to the app's pages
// (the main one named by `main_page_name`), then the extra links of `value`:
// [[label, url], ...]; a url starting with "/" is relative to the app.

define("blocks-navbar", class extends BlocksElement {
  build() {
    this.list = el("ul");
    this.nav = el("nav", { class: "navbar", "aria-label": "Pages" }, this.list);
    this.append(this.nav);
  }

  links() {
    const app = this.blocks;
    const root = app?.root ?? "";
    const pages = app?.config?.pages || [{ path: "", name: null, show_in_navbar: true }];
    const links = [];
    for (const page of pages) {
      if (!page.show_in_navbar) continue;
      const main = page.path === "";
      const name = main ? this.props.main_page_name ?? "Home" : page.name;
      if (name === false || name === null || name === "") continue;
      links.push([String(name), pageUrl(root, page.path), page.path === currentPage()]);
    }
    for (const [label, url] of this.props.value || []) {
      const href = url.startsWith("/") && !url.startsWith("//") ? `${root}${url}` : url;
      const current = new URL(href, location.href).pathname === location.pathname;
      links.push([label, href, current]);
    }
    return links;
  }

  update(changed) {
    super.update(changed);
    this.list.replaceChildren(...this.links().map(([label, href, current]) => {
      const link = el("a", { href, text: label });
      if (current) link.setAttribute("aria-current", "page");
      return el("li", {}, link);
    }));
  }
});
