// <blocks-audio>: takes a sound from the user (upload, drop, microphone) or plays one a
// function returned, with the browser's own <audio controls>. The value is a FileData.
// A microphone recording (WebM/Opus from MediaRecorder) is decoded by the browser and
// uploaded as a 16-bit WAV file. With `stream` listeners, the microphone streams to them
// instead (stream_source.js).

import { define } from "../blocks/base.js";
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
    if (!this.recordButton) return;
    if (this.mic) {
      this.recordButton.textContent = "Stop streaming";
      this.pauseButton.hidden = true;
    } else if (this.streamsInput) {
      this.recordButton.textContent = "Start streaming";
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.mic) this.mic.stop(true);
  }
});
