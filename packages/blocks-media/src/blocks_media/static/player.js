// What <blocks-audio> and <blocks-video> share: the browser's own player (<audio
// controls> or <video controls>), a labelled file input, dropping a file, recording
// (recorder.js, imported when the user first records), Clear, a download link and an
// error line. A subclass gives `kind` ("audio" or "video") and its recording options.

import { BlocksElement, cssSize, el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("../blocks/components/media.css", import.meta.url));
stylesheet(new URL("./media.css", import.meta.url));

const WORDS = {
  audio: { name: "Audio", source: "microphone", empty: "Drop a sound here, or click to upload" },
  video: { name: "Video", source: "webcam", empty: "Drop a video here, or click to upload" },
};

function button(text, onClick) {
  const node = el("button", { type: "button", class: "media-button", text });
  node.addEventListener("click", onClick);
  return node;
}

export class MediaElement extends BlocksElement {
  get kind() {
    return "audio";
  }

  // getUserMedia constraints of a recording
  constraints() {
    return { audio: true, video: false };
  }

  // the File to upload once a recording stops
  async finishRecording(file) {
    return file;
  }

  // a recording started (its MediaStream) or stopped: a subclass may show it live
  recordingStarted(stream) {}

  recordingStopped() {}

  build() {
    const words = WORDS[this.kind];
    const id = this.uid(this.kind);
    this.classList.add("block", "media-block", `${this.kind}-block`);
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });
    this.player = el(this.kind, { class: "media-player", controls: true, preload: "metadata" });
    this.player.addEventListener("play", () => this.emit("play"));
    this.player.addEventListener("pause", () => {
      if (!this.player.ended) this.emit("pause");
    });
    this.player.addEventListener("ended", () => {
      this.emit("stop");
      if (this.kind === "video") this.emit("end");
    });
    this.player.addEventListener("loadedmetadata", () => {
      const start = Number(this.props.playback_position) || 0;
      if (start > 0 && this.player.currentTime === 0) this.player.currentTime = start;
    });
    this.preview = this.kind === "video"
      ? el("video", { class: "media-player", muted: true, playsinline: true, hidden: true,
                      "aria-label": "Webcam preview" })
      : null;
    this.empty = el("div", { class: "media-empty" });
    this.empty.addEventListener("click", () => {
      if (this.canUpload) this.input.click();
    });
    this.input = el("input", { id, type: "file", accept: `${this.kind}/*`, class: "sr-only" });
    this.input.addEventListener("change", () => {
      const file = this.input.files && this.input.files[0];
      this.input.value = "";
      if (file) this.receive(file, "upload");
    });
    this.inputId = id;
    this.frame = el("div", { class: "media-frame" },
                    ...[this.player, this.preview, this.empty, this.input].filter(Boolean));
    this.frame.addEventListener("dragover", (event) => {
      if (this.canUpload) event.preventDefault();
    });
    this.frame.addEventListener("drop", (event) => {
      if (!this.canUpload) return;
      event.preventDefault();
      const file = [...(event.dataTransfer?.files || [])]
        .find((f) => (f.type || "").startsWith(`${this.kind}/`));
      if (file) this.receive(file, "upload");
    });

    this.recordButton = button(`Record from ${words.source}`, () => this.toggleRecording());
    this.pauseButton = button("Pause recording", () => this.togglePause());
    this.pauseButton.setAttribute("aria-pressed", "false");
    this.clearButton = button("Clear", () => this.clear());
    this.download = el("a", { class: "media-button", text: "Download" });
    this.status = el("p", { class: "media-status", role: "status" });
    this.error = el("p", { class: "media-error", role: "alert", hidden: true });
    this.toolbar = el("div", { class: "media-toolbar" }, this.recordButton, this.pauseButton,
                      this.download, this.clearButton);
    this.recorder = null;
    this.append(this.labelEl, this.infoEl, this.frame, this.toolbar, this.status, this.error);
  }

  get sources() {
    return this.props.sources || ["upload", WORDS[this.kind].source];
  }

  get canUpload() {
    return this.interactive && this.sources.includes("upload");
  }

  get canRecord() {
    return this.interactive && this.sources.includes(WORDS[this.kind].source);
  }

  // the FileData to play (Video's value wraps it: {video, subtitles})
  fileOf(value) {
    return value || null;
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    const words = WORDS[this.kind];
    this.applyLabel(this.labelEl, words.name);
    // the player is named after the label: "Voice player" beside the "Voice" file input
    this.player.setAttribute("aria-label", `${this.labelText(words.name)} player`);
    this.applyInfo(this.infoEl);
    this.input.hidden = this.input.disabled = !this.canUpload;
    if (this.canUpload) this.labelEl.setAttribute("for", this.inputId);
    else this.labelEl.removeAttribute("for");

    const file = this.fileOf(props.value);
    const url = file && this.blocks ? this.blocks.fileUrl(file) : null;
    const recording = !!(this.recorder && this.recorder.active);
    if ("value" in changed) {
      const stream = this.streamOf(file);
      if (stream) this.streamValue(stream, url);
      else {
        this.stopStream();
        this.showMedia(url, props.value);
      }
    }
    const live = !!this.live && !this.live.done; // a stream still arriving or playing
    this.player.loop = !!props.loop;
    this.player.hidden = !url || recording || (live && !this.streamsInPlayer);
    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);
    this.empty.hidden = !!url || recording;
    this.empty.textContent = this.canUpload ? words.empty : `No ${this.kind}`;
    this.empty.classList.toggle("clickable", this.canUpload);

    this.recordButton.hidden = !this.canRecord;
    this.recordButton.textContent = recording ? "Stop recording" : `Record from ${words.source}`;
    this.pauseButton.hidden = !recording || this.kind !== "audio";
    this.clearButton.hidden = !this.interactive || !url || recording;
    const buttons = props.buttons;
    const downloadable = !!url && !recording && !live && props.show_download_button !== false &&
      (!buttons || buttons.includes("download"));
    this.download.hidden = !downloadable;
    if (downloadable) {
      this.download.href = url;
      this.download.setAttribute("download", file.orig_name || "");
    } else {
      this.download.removeAttribute("href");
    }
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
    if (changed.recording !== undefined && props.recording && this.canRecord && !recording &&
        !this.autoRecorded) {
      this.autoRecorded = true;
      this.toggleRecording();
    }
  }

  showMedia(url, value) {
    const player = this.player;
    if (!url) {
      player.removeAttribute("src");
      player.load();
      return;
    }
    if (player.getAttribute("src") === url) return;
    player.src = url;
    if (this.props.autoplay) {
      if (this.kind === "video") player.muted = true; // browsers play muted videos only
      player.play().catch(() => {});
    }
  }

  get value() {
    return this.props.value ?? null;
  }

  // --- streaming outputs: Audio/Video(streaming=True) fed by a generator ------------------
  // A value whose meta.stream names a stream is one chunk of it, or (with `end`) the
  // whole stream once the generator ended. The subclass plays them: startStream(live)
  // resolves to its player, pushStream(live, player, url, stream) plays a chunk,
  // endStream(live, player, url) is told the whole; stopStream() drops the stream.
  streamOf(file) {
    const stream = this.props.streaming && file && file.meta && file.meta.stream;
    return stream && typeof stream.id === "string" ? stream : null;
  }

  get streamsInPlayer() {
    return false; // whether chunks play in this.player itself (video) or elsewhere
  }

  streamValue(stream, url) {
    if (!this.live || this.live.id !== stream.id) {
      this.stopStream();
      if (stream.end) { // the whole of a stream this page saw no chunk of
        this.showMedia(url, this.props.value);
        return;
      }
      const live = { id: stream.id, done: false, player: null };
      this.live = live;
      live.ready = this.startStream(live).then((player) => (live.player = player));
      live.ready.catch((error) => this.showError(`Cannot play the stream: ${error.message || error}`));
    }
    const live = this.live;
    live.ready.then((player) => {
      if (this.live !== live || !url) return;
      if (stream.end) this.endStream(live, player, url);
      else this.pushStream(live, player, url, stream);
    }, () => {});
  }

  // the stream has played to its end (or was dropped): show the player as usual
  streamDone(live) {
    if (this.live !== live) return;
    live.done = true;
    this.status.textContent = "";
    this.update({});
  }

  stopStream() {
    const live = this.live;
    this.live = null;
    if (live) live.ready.then((player) => player && player.close(), () => {});
  }

  wrap(fileData) {
    return fileData;
  }

  async receive(file, event) {
    if (!this.blocks) return;
    this.showError(null);
    this.setAttribute("aria-busy", "true");
    try {
      const fileData = await this.blocks.upload(file);
      const value = this.wrap(fileData);
      this.userChanged(value);
      this.update({ value });
      if (event) this.emit(event);
    } catch (error) {
      this.showError(`Upload failed: ${error.message || error}`);
    } finally {
      this.removeAttribute("aria-busy");
    }
  }

  clear() {
    this.userChanged(null);
    this.update({ value: null });
    this.emit("clear");
  }

  async toggleRecording() {
    if (this.recorder && this.recorder.active) return this.stopRecording();
    this.showError(null);
    try {
      const { Recorder, recordingAvailable } = await import("./recorder.js");
      if (!recordingAvailable()) {
        throw new Error("this browser cannot record (a secure https page is needed)");
      }
      this.recorder = new Recorder(this.constraints());
      const stream = await this.recorder.start();
      if (this.preview) {
        this.preview.srcObject = stream;
        this.preview.hidden = false;
        this.preview.play().catch(() => {});
      }
      this.player.pause();
      this.status.textContent = "Recording";
      this.recordingStarted(stream);
      this.update({});
      this.emit("start_recording");
    } catch (error) {
      this.recorder = null;
      this.showError(`Cannot record: ${error.message || error}`);
      this.update({});
    }
  }

  togglePause() {
    const recorder = this.recorder;
    if (!recorder || !recorder.active) return;
    if (recorder.paused) {
      recorder.resume();
      this.status.textContent = "Recording";
    } else {
      recorder.pause();
      this.status.textContent = "Recording paused";
      this.emit("pause_recording");
    }
    this.pauseButton.setAttribute("aria-pressed", String(recorder.paused));
    this.pauseButton.textContent = recorder.paused ? "Resume recording" : "Pause recording";
  }

  async stopRecording() {
    const recorder = this.recorder;
    const recorded = await recorder.stop();
    this.recorder = null;
    this.recordingStopped();
    if (this.preview) {
      this.preview.srcObject = null;
      this.preview.hidden = true;
    }
    this.pauseButton.setAttribute("aria-pressed", "false");
    this.pauseButton.textContent = "Pause recording";
    this.status.textContent = "Recording stopped";
    this.update({});
    this.emit("stop_recording");
    if (!recorded || !recorded.size) {
      this.showError("The recording is empty.");
      return;
    }
    try {
      await this.receive(await this.finishRecording(recorded), null);
    } catch (error) {
      this.showError(`Cannot use the recording: ${error.message || error}`);
    }
  }

  showError(message) {
    this.error.textContent = message || "";
    this.error.hidden = !message;
  }

  disconnectedCallback() {
    this.stopStream();
    if (this.recorder) this.recorder.release();
  }
}
