// <blocks-video>: takes a video from the user (upload, drop, webcam) or plays one a
// function returned, with the browser's own <video controls>. The value is
// {video: FileData, subtitles: FileData | null}; subtitles show as a captions track.

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
    const mirror = (this.props.webcam_options || {}).mirror !== false;
    if (this.preview) this.preview.style.transform = mirror ? "scaleX(-1)" : "";
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
