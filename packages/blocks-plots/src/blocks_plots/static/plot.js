// <blocks-plot>: a figure of Matplotlib (an image made on the server), Plotly, Altair
// (Vega-Lite) or Bokeh (drawn here by the library's own code). Each library is a
// vendored ES module imported only when a figure of its kind is shown, so a page with
// no Plotly figure never downloads plotly.js.

import { BlocksElement, define, el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("./plot.css", import.meta.url));

const RENDERERS = {
  plotly: () => import("./plot_plotly.js"),
  altair: () => import("./plot_vega.js"),
  bokeh: () => import("./plot_bokeh.js"),
};
const NAMES = { matplotlib: "Matplotlib", plotly: "Plotly", altair: "Altair", bokeh: "Bokeh" };

export default define("blocks-plot", class extends BlocksElement {
  build() {
    const id = this.uid("plot");
    this.classList.add("block", "figure-block");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.figure = el("div", { class: "figure-content", role: "figure",
                              "aria-labelledby": `${id}-label` });
    this.empty = el("div", { class: "plot-empty", text: "No plot" });
    this.error = el("div", { class: "plot-error", role: "alert", hidden: true });
    this.append(this.labelEl, this.figure, this.empty, this.error);
    this.drawn = 0;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Plot");
    if ("value" in changed) this.show(this.props.value);
  }

  async show(value) {
    const turn = ++this.drawn;
    this.error.hidden = true;
    try {
      this.drawnBy?.renderer.dispose(this.drawnBy.target);
    } catch (error) {
      console.error(error);
    }
    this.drawnBy = null;
    this.figure.replaceChildren();
    this.figure.removeAttribute("aria-describedby");
    this.empty.hidden = !!value;
    this.figure.hidden = !value;
    if (!value) return;
    const name = NAMES[value.type] || value.type;
    const description = value.description || "";
    if (value.type === "matplotlib") {
      this.figure.append(el("img", { src: value.plot, class: "figure-image",
                                     alt: description || `${this.labelText("Plot")}: a Matplotlib figure` }));
      return;
    }
    if (description) {
      const id = this.uid("plot-desc");
      this.figure.append(el("p", { id, class: "sr-only", text: description }));
      this.figure.setAttribute("aria-describedby", id);
    }
    const target = el("div", { class: `figure-target figure-${value.type}` });
    this.figure.append(target);
    try {
      const load = RENDERERS[value.type];
      if (!load) throw new Error(`unknown kind of figure "${value.type}"`);
      const renderer = await load();
      if (turn !== this.drawn) return; // a newer value arrived meanwhile
      this.drawnBy = { renderer, target };
      await renderer.render(target, value.plot, description);
    } catch (error) {
      if (turn !== this.drawn) return;
      this.error.textContent = `This ${name} figure could not be shown: ${error.message || error}`;
      this.error.hidden = false;
      console.error(error);
    }
  }
});
