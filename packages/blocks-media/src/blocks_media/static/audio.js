// <blocks-audio>: takes a sound from the user (upload, drop, microphone) or plays one a
// function returned, with the browser's own <audio controls>. The value is a FileData.
// A microphone recording (WebM/Opus from MediaRecorder) is decoded by the browser and
// uploaded as a 16-bit WAV file. With streaming=True, the chunks a generator yields
// play one after the other as they arrive (stream_audio.js).

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
    this.streamButton = el("button", { type: "button", class: "media-button", hidden: true });
    this.streamButton.addEventListener("click", () => this.toggleStream());
    this.toolbar.prepend(this.streamButton);
    this.streamWarmed = false;
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
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  // --- streaming output ------------------------------------------------------------------
  async startStream(live) {
    const { SoundStream } = await import("./stream_audio.js");
    this.player.pause();
    const autoplay = !!this.props.autoplay;
    this.status.textContent = autoplay ? "Loading the stream" : "Stream ready: press Play stream";
    return new SoundStream({
      autoplay,
      onStart: () => {
        if (this.live !== live) return;
        this.status.textContent = "Playing the stream";
        this.emit("play");
      },
      onEnd: () => {
        if (this.live !== live) return;
        this.emit("stop");
        this.streamDone(live);
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
    else if (player.started) this.status.textContent = "Playing the stream";
    this.update({});
  }
});
