// <blocks-audio>: takes a sound from the user (upload, drop, microphone) or plays one a
// function returned, with the browser's own <audio controls>. The value is a FileData.
// A microphone recording (WebM/Opus from MediaRecorder) is decoded by the browser and
// uploaded as a 16-bit WAV file.

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
});
