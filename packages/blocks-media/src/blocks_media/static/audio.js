// <blocks-audio>: takes a sound from the user (upload, drop, microphone) or plays one a
// function returned, with the browser's own <audio controls>. The value is a FileData.
// A microphone recording (WebM/Opus from MediaRecorder) is decoded by the browser and
// uploaded as a 16-bit WAV file. A sound shows its waveform (waveform.js), which an
// editable Audio trims. With streaming=True, the chunks a generator yields play one
// after the other as they arrive (stream_audio.js). With `stream` listeners, the
// microphone streams to them instead (stream_source.js).

import { define, el } from "../blocks/base.js";
import { MediaElement } from "./player.js";

export default define("blocks-audio", class extends MediaElement {
  get kind() {
    return "audio";
  }

  constraints() {
    return { audio: true, video: false };
  }

  async finishRecording(file) {
    const { toWav } = await import("./recorder.js");
    return toWav(file);
  }

  build() {
    super.build();
    const button = (text, onClick) => {
      const node = el("button", { type: "button", class: "media-button", text, hidden: true });
      node.addEventListener("click", onClick);
      return node;
    };
    this.streamButton = button("Pause stream", () => this.toggleStream());
    this.trimButton = button("Trim audio", () => this.toggleTrim());
    this.trimButton.setAttribute("aria-pressed", "false");
    this.applyTrimButton = button("Trim", () => this.applyTrim());
    this.cancelTrimButton = button("Cancel trim", () => this.toggleTrim());
    this.toolbar.prepend(this.streamButton, this.trimButton, this.applyTrimButton,
                         this.cancelTrimButton);
    this.streamWarmed = false;
    this.wave = null;
    this.trimming = false;
  }

  // --- streaming input: the microphone to the `stream` listeners --------------------
  get streamsInput() {
    return !!this.blocks && this.blocks.streamEvery?.(this) != null;
  }

  toggleRecording() {
    if (this.mic || this.streamsInput) return this.toggleMicStream();
    return super.toggleRecording();
  }

  async toggleMicStream() {
    if (this.mic) {
      this.stopMicStream(true);
      return;
    }
    this.showError(null);
    const { MicStream } = await import("./stream_source.js");
    const mic = new MicStream(this, this.blocks.streamEvery(this) ?? 0.5);
    try {
      await mic.start();
    } catch (error) {
      this.showError(`Cannot stream the microphone: ${error.message || error}`);
      return;
    }
    this.mic = mic;
    this.player.pause();
    this.status.textContent = "Streaming";
    this.update({});
    this.emit("start_recording");
  }

  // `tell`: the user stopped (the server is told); else the server ended the stream.
  stopMicStream(tell) {
    const mic = this.mic;
    if (!mic) return;
    this.mic = null;
    mic.stop(tell);
    this.status.textContent = "Streaming stopped";
    this.update({});
    this.emit("stop_recording");
  }

  // The server ended a stream of this microphone: its time limit, an error, a cancel.
  streamEnded(done) {
    this.stopMicStream(false);
    if (done && done.time_limit) {
      this.status.textContent = `The stream reached its time limit (${done.time_limit} s).`;
    }
  }

  update(changed) {
    super.update(changed);
    if (this.props.streaming && !this.streamWarmed) {
      this.streamWarmed = true;
      import("./stream_audio.js"); // ready before the first chunk arrives
    }
    const live = this.live && !this.live.done ? this.live : null;
    const paused = !!(live && live.player && live.player.paused);
    this.streamButton.hidden = !live;
    this.streamButton.textContent = paused ? "Play stream" : "Pause stream";
    const recording = !!(this.recorder && this.recorder.active);
    const editable = this.interactive && this.props.editable !== false && !live && !recording &&
      !!(this.wave && this.wave.buffer) && !!this.props.value;
    if (!editable && this.trimming) this.endTrim();
    this.trimButton.hidden = !editable;
    this.trimButton.setAttribute("aria-pressed", String(this.trimming));
    this.applyTrimButton.hidden = this.cancelTrimButton.hidden = !this.trimming;
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
    if (!this.recordButton) return;
    if (this.mic) {
      this.recordButton.textContent = "Stop streaming";
      this.pauseButton.hidden = true;
    } else if (this.streamsInput) {
      this.recordButton.textContent = "Start streaming";
    }
  }

  // --- waveform and trimming (waveform.js) -------------------------------------------------
  async waveform() {
    if (!this.wave) {
      const { Waveform } = await import("./waveform.js");
      if (!this.wave) {
        this.wave = new Waveform(this.player, this.props.waveform_options || {});
        this.frame.insertBefore(this.wave.element, this.player);
      }
    }
    return this.wave;
  }

  showMedia(url, value) {
    super.showMedia(url, value);
    this.showWave(url, value);
  }

  async showWave(url, value) {
    const token = (this.waveToken = {});
    if (this.trimming) this.endTrim();
    if (!url) {
      if (this.wave) this.wave.clear();
      return;
    }
    const wave = await this.waveform();
    if (this.waveToken !== token) return;
    wave.clear();
    try {
      await wave.load(url);
    } catch {
      wave.clear(); // a sound the browser cannot decode: the player alone
    }
    if (this.waveToken === token) this.update({});
  }

  toggleTrim() {
    if (this.trimming) this.endTrim();
    else if (this.wave && this.wave.buffer) {
      this.trimming = true;
      this.wave.startTrim();
      this.status.textContent = "Move the trim handles, then press Trim";
    }
    this.update({});
  }

  endTrim() {
    this.trimming = false;
    if (this.wave) this.wave.stopTrim();
    this.status.textContent = "";
  }

  async applyTrim() {
    if (!this.trimming || !this.wave) return;
    const file = this.fileOf(this.props.value);
    const trimmed = await this.wave.trimmed((file && file.orig_name) || "audio.wav");
    this.endTrim();
    this.update({});
    await this.receive(trimmed, null);
  }

  recordingStarted(stream) {
    if (this.props.waveform_options && this.props.waveform_options.show_recording_waveform === false) return;
    this.waveform().then((wave) => {
      if (this.recorder && this.recorder.active) this.stopLive = wave.live(stream);
    });
  }

  recordingStopped() {
    if (this.stopLive) this.stopLive();
    this.stopLive = null;
  }

  // --- streaming output ------------------------------------------------------------------
  async startStream(live) {
    const { SoundStream } = await import("./stream_audio.js");
    this.player.pause();
    const autoplay = !!this.props.autoplay;
    this.status.textContent = autoplay ? "Loading the stream" : "Stream ready: press Play stream";
    const length = () => `(${(live.player ? live.player.received : 0).toFixed(1)} s)`;
    return new SoundStream({
      autoplay,
      onStart: () => {
        if (this.live !== live) return;
        this.status.textContent = `Playing the stream ${length()}`;
        this.emit("play");
      },
      onChunk: () => {
        if (this.live === live && live.player && live.player.started && !live.player.paused) {
          this.status.textContent = `Playing the stream ${length()}`;
        }
      },
      onEnd: () => {
        if (this.live !== live) return;
        this.emit("stop");
        this.streamDone(live);
        this.status.textContent = `Played the stream ${length()}`;
        const file = this.fileOf(this.props.value);
        if (file && this.blocks) this.showWave(this.blocks.fileUrl(file), this.props.value);
      },
      onError: (error) => this.showError(`Cannot play a chunk: ${error.message || error}`),
    });
  }

  pushStream(live, player, url) {
    player.push(url);
    this.update({});
  }

  endStream(live, player, url) {
    this.player.src = url; // the whole sound, for replay and download once played
    player.finish();
  }

  toggleStream() {
    const player = this.live && this.live.player;
    if (!player) return;
    if (player.paused) player.resume();
    else player.pause();
    if (player.paused) this.status.textContent = "Stream paused";
    else if (player.started) this.status.textContent = `Playing the stream (${player.received.toFixed(1)} s)`;
    this.update({});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.mic) this.mic.stop(true);
  }
});
