// <blocks-video>: takes a video from the user (upload, drop, webcam) or plays one a
// function returned, with the browser's own <video controls>. The value is
// {video: FileData, subtitles: FileData | null}; subtitles show as a captions track.
// With streaming=True, the segments a generator yields play as they arrive through a
// MediaSource (stream_video.js).
// With `stream` listeners, the webcam streams clips to them instead (clip_stream.js).

import { define, el } from "../blocks/base.js";
import { MediaElement } from "./player.js";

export default define("blocks-video", class extends MediaElement {
  get kind() {
    return "video";
  }

  constraints() {
    const options = this.props.webcam_options || {};
    const wanted = options.constraints;
    const video = wanted && typeof wanted === "object"
      ? ("video" in wanted ? wanted.video : wanted) : true;
    return { video, audio: this.props.include_audio !== false };
  }

  fileOf(value) {
    return value ? value.video : null;
  }

  wrap(fileData) {
    return { video: fileData, subtitles: null };
  }

  update(changed) {
    super.update(changed);
    if (this.props.streaming && !this.streamWarmed) {
      this.streamWarmed = true;
      import("./stream_video.js"); // ready before the first segment arrives
    }
    const mirror = (this.props.webcam_options || {}).mirror !== false;
    if (this.preview) this.preview.style.transform = mirror ? "scaleX(-1)" : "";
    if (!this.recordButton) return;
    if (this.clips) {
      this.recordButton.textContent = "Stop streaming";
      this.empty.hidden = true;
    } else if (this.streamsInput) {
      this.recordButton.textContent = "Start streaming";
    }
  }

  // --- streaming input: the webcam's clips to the `stream` listeners ---------------------
  get streamsInput() {
    return !!this.blocks && this.blocks.streamEvery?.(this) != null;
  }

  toggleRecording() {
    if (this.clips || this.streamsInput) return this.toggleClipStream();
    return super.toggleRecording();
  }

  async toggleClipStream() {
    if (this.clips) {
      this.stopClipStream(true);
      return;
    }
    this.showError(null);
    const { ClipStream } = await import("./clip_stream.js");
    const clips = new ClipStream(this, this.constraints(), this.blocks.streamEvery(this) ?? 0.5);
    try {
      this.preview.srcObject = await clips.start();
    } catch (error) {
      this.showError(`Cannot stream the webcam: ${error.message || error}`);
      return;
    }
    this.clips = clips;
    this.preview.hidden = false;
    this.preview.play().catch(() => {});
    this.player.pause();
    this.status.textContent = "Streaming";
    this.update({});
    this.emit("start_recording");
  }

  // `tell`: the user stopped (the server is told); else the server ended the stream.
  stopClipStream(tell) {
    const clips = this.clips;
    if (!clips) return;
    this.clips = null;
    clips.stop(tell);
    this.preview.srcObject = null;
    this.preview.hidden = true;
    this.status.textContent = "Streaming stopped";
    this.update({});
    this.emit("stop_recording");
  }

  // The server ended a stream of this webcam: its time limit, an error, a cancel.
  streamEnded(done) {
    this.stopClipStream(false);
    if (done && done.time_limit) {
      this.status.textContent = `The stream reached its time limit (${done.time_limit} s).`;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.clips) this.clips.stop(true);
  }

  // --- streaming output (stream_video.js) -----------------------------------------------
  get streamsInPlayer() {
    return true;
  }

  async startStream(live) {
    const { VideoStream, streamingAvailable } = await import("./stream_video.js");
    if (!streamingAvailable()) throw new Error("this browser has no MediaSource");
    for (const track of this.player.querySelectorAll("track")) track.remove();
    return new VideoStream(this.player, {
      autoplay: !!this.props.autoplay,
      onError: (error) => this.showError(`Cannot play a segment: ${error.message || error}`),
    });
  }

  pushStream(live, player, url, stream) {
    player.push(url, stream.codecs || "avc1.42E01E");
  }

  endStream(live, player) {
    player.finish().then(() => this.streamDone(live));
  }

  showMedia(url, value) {
    for (const track of this.player.querySelectorAll("track")) track.remove();
    const subtitles = value && value.subtitles;
    if (url && subtitles && this.blocks) {
      this.player.append(el("track", { kind: "captions", label: "Captions", default: true,
                                       src: this.blocks.fileUrl(subtitles) }));
    }
    super.showMedia(url, value);
  }
});
