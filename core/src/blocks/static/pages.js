// Pages of a multipage app, seen from the browser. The page shell names its page
// (<html data-blocks-page="settings">); the runtime asks for that page's config.
// `?__lang=fr` and `?__theme=dark` carry over to the config and between pages.

const CARRIED = ["__lang", "__theme"];

export function currentPage() {
  return document.documentElement.dataset.blocksPage || "";
}

export function configUrl(root) {
  const url = new URL(`${root}/config`, location.href);
  const page = currentPage();
  if (page) url.searchParams.set("page", page);
  const lang = new URLSearchParams(location.search).get("__lang");
  if (lang) url.searchParams.set("__lang", lang);
  return url.href;
}

// The URL of a page of this app (path "" is the main page).
export function pageUrl(root, path) {
  const url = new URL(`${root}/${path}`, location.href);
  const here = new URLSearchParams(location.search);
  for (const name of CARRIED) if (here.has(name)) url.searchParams.set(name, here.get(name));
  return url.href;
}
