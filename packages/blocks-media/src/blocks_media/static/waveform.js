// The waveform of <blocks-audio>: the sound's peaks drawn on a canvas, the part already
// played in the progress colour, a click seeks the player; and trimming: a region with
// two handles (role="slider": arrow keys move them by 0.1 s, Shift by 1 s, Home/End)
// whose sound becomes a WAV File. Imported by audio.js when it first shows a sound.
//
//   const wave = new Waveform(player, options);   // options: Gradio's WaveformOptions
//   container.append(wave.element);
//   await wave.load(url);                           // fetch, decode, draw
//   wave.startTrim(); wave.region -> {start, end}; await wave.trimmed(name) -> File
//   wave.live(stream);                              // draw a microphone while it records

import { el } from "../blocks/base.js";

const STEP = 0.1; // seconds a handle moves per arrow key (Shift: 1 s)

function seconds(value) {
  return `${value.toFixed(1)} s`;
}

export class Waveform {
  constructor(player, options = {}) {
    this.player = player;
    this.options = options;
    this.buffer = null;
    this.peaks = [];
    this.region = null;
    this.canvas = el("canvas", { class: "waveform-canvas", "aria-hidden": "true" });
    this.handles = ["start", "end"].map((edge) => this.handle(edge));
    this.element = el("div", { class: "waveform", hidden: true }, this.canvas, ...this.handles);
    this.canvas.addEventListener("click", (event) => this.seek(event));
    for (const name of ["timeupdate", "seeked", "play", "pause", "ended"]) {
      player.addEventListener(name, () => this.draw());
    }
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.element);
  }

  handle(edge) {
    const node = el("div", { class: `waveform-handle waveform-${edge}`, role: "slider",
                             tabindex: "0", hidden: true,
                             "aria-label": edge === "start" ? "Trim start" : "Trim end" });
    node.addEventListener("keydown", (event) => this.key(edge, event));
    node.addEventListener("pointerdown", (event) => {
      node.setPointerCapture(event.pointerId);
      const move = (e) => this.moveTo(edge, this.timeAt(e.clientX));
      node.addEventListener("pointermove", move);
      node.addEventListener("pointerup", () => node.removeEventListener("pointermove", move),
                            { once: true });
    });
    return node;
  }

  get duration() {
    return this.buffer ? this.buffer.duration : 0;
  }

  // Decode the sound at `url` at the options' sample rate and draw it.
  async load(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`the sound could not be read (${response.status})`);
    const bytes = await response.arrayBuffer();
    const rate = Number(this.options.sample_rate) || 44100;
    const context = new OfflineAudioContext(1, 1, rate);
    this.buffer = await context.decodeAudioData(bytes);
    this.peaks = [];
    this.element.hidden = false;
    this.draw();
  }

  clear() {
    this.buffer = null;
    this.region = null;
    this.element.hidden = true;
    for (const node of this.handles) node.hidden = true;
  }

  // Peaks of every pixel column: the loudest sample of each stretch of the sound.
  columnPeaks(width) {
    if (this.peaks.length === width) return this.peaks;
    const channels = [...Array(this.buffer.numberOfChannels).keys()]
      .map((c) => this.buffer.getChannelData(c));
    const per = Math.max(1, Math.floor(this.buffer.length / width));
    this.peaks = Array.from({ length: width }, (_, x) => {
      let peak = 0;
      for (const data of channels) {
        const end = Math.min(data.length, (x + 1) * per);
        for (let i = x * per; i < end; i++) peak = Math.max(peak, Math.abs(data[i]));
      }
      return peak;
    });
    return this.peaks;
  }

  draw() {
    if (!this.buffer || this.element.hidden) return;
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.floor(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.floor(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext("2d");
    g.clearRect(0, 0, width, height);
    const peaks = this.columnPeaks(width);
    const played = this.player.duration ? this.player.currentTime / this.player.duration : 0;
    const color = this.options.waveform_color || "#9ca3af";
    const progress = this.options.waveform_progress_color || "#f97316";
    if (this.region) {
      g.fillStyle = this.options.trim_region_color || "rgba(249, 115, 22, 0.2)";
      const x0 = (this.region.start / this.duration) * width;
      const x1 = (this.region.end / this.duration) * width;
      g.fillRect(x0, 0, x1 - x0, height);
    }
    for (let x = 0; x < width; x++) {
      const bar = Math.max(1, peaks[x] * height);
      g.fillStyle = x / width < played ? progress : color;
      g.fillRect(x, (height - bar) / 2, 1, bar);
    }
    this.placeHandles();
  }

  timeAt(clientX) {
    const box = this.canvas.getBoundingClientRect();
    const share = Math.min(1, Math.max(0, (clientX - box.left) / (box.width || 1)));
    return share * this.duration;
  }

  seek(event) {
    if (!this.player.duration) return;
    this.player.currentTime = (this.timeAt(event.clientX) / this.duration) * this.player.duration;
  }

  // --- trimming -----------------------------------------------------------------------------
  startTrim() {
    this.region = { start: 0, end: this.duration };
    for (const node of this.handles) node.hidden = false;
    this.draw();
  }

  stopTrim() {
    this.region = null;
    for (const node of this.handles) node.hidden = true;
    this.draw();
  }

  moveTo(edge, time) {
    if (!this.region) return;
    const region = this.region;
    const gap = Math.min(STEP, this.duration);
    if (edge === "start") region.start = Math.min(Math.max(0, time), region.end - gap);
    else region.end = Math.max(Math.min(this.duration, time), region.start + gap);
    this.draw();
  }

  key(edge, event) {
    const step = event.shiftKey ? 1 : STEP;
    const now = this.region[edge];
    const moves = { ArrowLeft: now - step, ArrowDown: now - step, ArrowRight: now + step,
                    ArrowUp: now + step, Home: 0, End: this.duration };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.moveTo(edge, moves[event.key]);
  }

  placeHandles() {
    if (!this.region) return;
    for (const [node, edge] of [[this.handles[0], "start"], [this.handles[1], "end"]]) {
      const value = this.region[edge];
      node.style.left = `${(value / (this.duration || 1)) * 100}%`;
      node.setAttribute("aria-valuemin", "0");
      node.setAttribute("aria-valuemax", this.duration.toFixed(2));
      node.setAttribute("aria-valuenow", value.toFixed(2));
      node.setAttribute("aria-valuetext", seconds(value));
    }
  }

  // The trimmed region as a 16-bit WAV File at the options' sample rate.
  async trimmed(name) {
    const { bufferToWav } = await import("./recorder.js");
    const { start, end } = this.region;
    const rate = this.buffer.sampleRate;
    const from = Math.floor(start * rate);
    const frames = Math.max(1, Math.floor(end * rate) - from);
    const part = new AudioBuffer({ length: frames, sampleRate: rate,
                                   numberOfChannels: this.buffer.numberOfChannels });
    for (let c = 0; c < this.buffer.numberOfChannels; c++) {
      part.copyToChannel(this.buffer.getChannelData(c).subarray(from, from + frames), c);
    }
    return new File([bufferToWav(part)], name.replace(/\.[^.]*$/, "") + "-trimmed.wav",
                    { type: "audio/wav" });
  }

  // --- a live microphone --------------------------------------------------------------------
  live(stream) {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const canvas = this.canvas;
    this.element.hidden = false;
    let running = true;
    const frame = () => {
      if (!running) return;
      analyser.getFloatTimeDomainData(samples);
      const width = (canvas.width = canvas.clientWidth || 300);
      const height = (canvas.height = canvas.clientHeight || 64);
      const g = canvas.getContext("2d");
      g.clearRect(0, 0, width, height);
      g.fillStyle = this.options.waveform_progress_color || "#f97316";
      const per = samples.length / width;
      for (let x = 0; x < width; x++) {
        const bar = Math.max(1, Math.abs(samples[Math.floor(x * per)]) * height);
        g.fillRect(x, (height - bar) / 2, 1, bar);
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    return () => {
      running = false;
      context.close().catch(() => {});
      if (!this.buffer) this.element.hidden = true;
      else this.draw();
    };
  }
}
