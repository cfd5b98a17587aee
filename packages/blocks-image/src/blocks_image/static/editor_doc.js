// The document of the image editor: a background and layers (canvases of one size),
// strokes of the brush and the eraser, crop and resize, and the history of edits for
// undo and redo. No user interface: image_editor.js shows it and drives it.
//
// An edit of pixels is remembered as the rectangle it changed, before and after; an
// edit of the structure (a background, a layer added or removed, crop, resize) as the
// document before and after, canvases included. Structural edits make new canvases,
// so the canvases a remembered state holds are never drawn on again.

const HISTORY = 100;

export function canvas(width, height) {
  const node = document.createElement("canvas");
  node.width = width;
  node.height = height;
  return node;
}

function context(node) {
  return node.getContext("2d", { willReadFrequently: true });
}

// [r, g, b, a] of any CSS colour (a from 0 to 1), read back from a 1x1 canvas.
const probe = canvas(1, 1);
export function parseColor(css) {
  const ctx = context(probe);
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = "#000";
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
}

let layerIds = 0;

export class Layer {
  constructor(name, width, height) {
    this.id = ++layerIds;
    this.name = name;
    this.visible = true;
    this.canvas = canvas(width, height);
    this.version = 0; // grows at every change of its pixels
  }
}

export class EditorDoc {
  constructor(width, height, names = ["Layer 1"]) {
    this.reset(width, height, names);
  }

  reset(width, height, names = ["Layer 1"]) {
    this.width = width;
    this.height = height;
    this.background = null; // {canvas, version}
    this.layers = names.map((name) => new Layer(name, width, height));
    this.active = 0;
    this.done = [];
    this.undone = [];
    this.stroke = null;
  }

  get activeLayer() {
    return this.layers[this.active] || null;
  }

  // --- history ----------------------------------------------------------------------------
  snapshot() {
    return { width: this.width, height: this.height, background: this.background,
             active: this.active,
             layers: this.layers.map((layer) => ({ layer, name: layer.name,
                                                   visible: layer.visible })) };
  }

  restore(state) {
    this.width = state.width;
    this.height = state.height;
    this.background = state.background;
    this.active = state.active;
    this.layers = state.layers.map(({ layer, name, visible }) => {
      layer.name = name;
      layer.visible = visible;
      return layer;
    });
  }

  remember(entry) {
    this.done.push(entry);
    if (this.done.length > HISTORY) this.done.shift();
    this.undone = [];
  }

  // Change the structure with `change()`, remembering the document before and after.
  structural(change) {
    const before = this.snapshot();
    change();
    this.remember({ kind: "doc", before, after: this.snapshot() });
  }

  apply(entry, forward) {
    if (entry.kind === "doc") {
      this.restore(forward ? entry.after : entry.before);
    } else {
      context(entry.layer.canvas).putImageData(forward ? entry.after : entry.before,
                                               entry.x, entry.y);
      entry.layer.version += 1;
    }
  }

  undo() {
    const entry = this.done.pop();
    if (!entry) return false;
    this.apply(entry, false);
    this.undone.push(entry);
    return true;
  }

  redo() {
    const entry = this.undone.pop();
    if (!entry) return false;
    this.apply(entry, true);
    this.done.push(entry);
    return true;
  }

  // --- strokes -------------------------------------------------------------------------------
  // tool: "brush" or "eraser"; color: [r, g, b, a]; size: the radius in pixels.
  beginStroke(tool, x, y, { color = [0, 0, 0, 1], opacity = 1, size = 5 } = {}) {
    if (!this.activeLayer) return;
    const scratch = this.strokeCanvas && this.strokeCanvas.width === this.width &&
      this.strokeCanvas.height === this.height ? this.strokeCanvas
      : canvas(this.width, this.height);
    this.strokeCanvas = scratch;
    const ctx = scratch.getContext("2d");
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.strokeStyle = ctx.fillStyle = `rgb(${color[0]}, ${color[1]}, ${color[2]})`;
    ctx.lineWidth = size * 2;
    ctx.lineCap = ctx.lineJoin = "round";
    this.stroke = { tool, layer: this.activeLayer, size, last: [x, y],
                    alpha: tool === "eraser" ? 1 : color[3] * opacity,
                    box: [x, y, x, y] };
    ctx.beginPath();
    ctx.arc(x, y, size, 0, Math.PI * 2);
    ctx.fill();
  }

  strokeTo(x, y) {
    const stroke = this.stroke;
    if (!stroke) return;
    const ctx = this.strokeCanvas.getContext("2d");
    ctx.beginPath();
    ctx.moveTo(...stroke.last);
    ctx.lineTo(x, y);
    ctx.stroke();
    stroke.last = [x, y];
    const box = stroke.box;
    stroke.box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x),
                  Math.max(box[3], y)];
  }

  // Draw the stroke (or the erasure) of `source` onto `ctx`, as it ends on its layer.
  paintStroke(ctx) {
    const stroke = this.stroke;
    ctx.save();
    if (stroke.tool === "eraser") ctx.globalCompositeOperation = "destination-out";
    ctx.globalAlpha = stroke.alpha;
    ctx.drawImage(this.strokeCanvas, 0, 0);
    ctx.restore();
  }

  // Put the stroke on its layer; remembers the rectangle it changed. False if none.
  endStroke() {
    const stroke = this.stroke;
    if (!stroke) return false;
    this.stroke = null;
    const pad = Math.ceil(stroke.size) + 2;
    const x = Math.max(0, Math.floor(stroke.box[0] - pad));
    const y = Math.max(0, Math.floor(stroke.box[1] - pad));
    const w = Math.min(this.width, Math.ceil(stroke.box[2] + pad)) - x;
    const h = Math.min(this.height, Math.ceil(stroke.box[3] + pad)) - y;
    if (w <= 0 || h <= 0 || !this.layers.includes(stroke.layer)) return false;
    const ctx = context(stroke.layer.canvas);
    const before = ctx.getImageData(x, y, w, h);
    this.stroke = stroke;
    this.paintStroke(ctx);
    this.stroke = null;
    stroke.layer.version += 1;
    this.remember({ kind: "pixels", layer: stroke.layer, x, y, before,
                    after: ctx.getImageData(x, y, w, h) });
    return true;
  }

  // --- structure -----------------------------------------------------------------------------
  // A new background from an image (or a canvas): the document takes its size, unless
  // `fixed`, when it is fitted into the document and centred. Layers keep their pixels.
  setBackground(image, fixed) {
    const iw = image.naturalWidth || image.videoWidth || image.width;
    const ih = image.naturalHeight || image.videoHeight || image.height;
    this.structural(() => {
      const [w, h] = fixed ? [this.width, this.height] : [iw, ih];
      const bg = canvas(w, h);
      const scale = fixed ? Math.min(w / iw, h / ih) : 1;
      bg.getContext("2d").drawImage(image, (w - iw * scale) / 2, (h - ih * scale) / 2,
                                    iw * scale, ih * scale);
      this.regrid(w, h, (layer, old) => layer.getContext("2d").drawImage(old, 0, 0));
      this.background = { canvas: bg, version: 0 };
    });
  }

  // New canvases of `w` x `h` for every layer, filled by draw(newCanvas, oldCanvas).
  regrid(w, h, draw) {
    this.layers = this.layers.map((old) => {
      const layer = new Layer(old.name, w, h);
      layer.visible = old.visible;
      draw(layer.canvas, old.canvas);
      layer.version = old.version + 1;
      return layer;
    });
    this.width = w;
    this.height = h;
  }

  addLayer(name) {
    this.structural(() => {
      this.layers = [...this.layers, new Layer(name, this.width, this.height)];
      this.active = this.layers.length - 1;
    });
  }

  removeLayer(index) {
    if (this.layers.length < 2) return;
    this.structural(() => {
      this.layers = this.layers.filter((_, i) => i !== index);
      this.active = Math.min(this.active, this.layers.length - 1);
    });
  }

  setVisible(index, visible) {
    this.structural(() => {
      this.layers[index].visible = visible;
    });
  }

  crop(x, y, w, h) {
    this.structural(() => {
      const cut = (source) => {
        const target = canvas(w, h);
        target.getContext("2d").drawImage(source, -x, -y);
        return target;
      };
      if (this.background) this.background = { canvas: cut(this.background.canvas), version: 0 };
      this.regrid(w, h, (layer, old) => layer.getContext("2d").drawImage(old, -x, -y));
    });
  }

  resize(w, h) {
    this.structural(() => {
      const scale = (target, source) => {
        const ctx = target.getContext("2d");
        ctx.imageSmoothingQuality = "high";
        ctx.drawImage(source, 0, 0, w, h);
      };
      if (this.background) {
        const bg = canvas(w, h);
        scale(bg, this.background.canvas);
        this.background = { canvas: bg, version: 0 };
      }
      this.regrid(w, h, scale);
    });
  }

  // --- drawing the whole ---------------------------------------------------------------------
  // The background and the visible layers on `ctx` (the stroke under way on its layer).
  draw(ctx, scratch) {
    ctx.clearRect(0, 0, this.width, this.height);
    if (this.background) ctx.drawImage(this.background.canvas, 0, 0);
    for (const layer of this.layers) {
      if (!layer.visible) continue;
      if (this.stroke && this.stroke.layer === layer && scratch) {
        const sctx = scratch.getContext("2d");
        sctx.clearRect(0, 0, this.width, this.height);
        sctx.drawImage(layer.canvas, 0, 0);
        this.paintStroke(sctx);
        ctx.drawImage(scratch, 0, 0);
      } else {
        ctx.drawImage(layer.canvas, 0, 0);
      }
    }
  }

  composite() {
    const out = canvas(this.width, this.height);
    this.draw(out.getContext("2d"), null);
    return out;
  }
}
