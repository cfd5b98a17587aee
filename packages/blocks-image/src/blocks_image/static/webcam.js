// The webcam, for the image components: a live preview in a <video>, still pictures
// and frames from it. Image, ImageEditor and Gallery import it when the user opens
// the webcam; a streaming source can use `frame()` at its own pace.
//
//   const cam = new Webcam(video, { mirror: true, constraints: null });
//   await cam.start();            // asks for the camera, shows the preview
//   const blob = await cam.capture("image/png");
//   cam.stop();

export function webcamAvailable() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

// getUserMedia constraints from WebcamOptions.constraints: a whole constraints object
// ({video: {...}}) or only the video part ({width: 1024}); never audio.
export function mediaConstraints(constraints) {
  if (!constraints || typeof constraints !== "object") return { video: true, audio: false };
  if ("video" in constraints) return { ...constraints, audio: false };
  return { video: constraints, audio: false };
}

export class Webcam {
  constructor(video, { mirror = true, constraints = null } = {}) {
    this.video = video;
    this.mirror = mirror !== false;
    this.constraints = constraints;
    this.stream = null;
  }

  get active() {
    return !!this.stream;
  }

  async start() {
    if (this.stream) return;
    const stream = await navigator.mediaDevices.getUserMedia(mediaConstraints(this.constraints));
    this.stream = stream;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = stream;
    this.video.style.transform = this.mirror ? "scaleX(-1)" : "";
    await this.video.play().catch(() => {});
    if (!this.video.videoWidth) {
      await new Promise((resolve) => {
        this.video.addEventListener("loadedmetadata", resolve, { once: true });
        setTimeout(resolve, 3000);
      });
    }
  }

  // The current picture on `canvas` (a new one by default), mirrored like the preview.
  frame(canvas = document.createElement("canvas")) {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w || !h) return null;
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext("2d");
    context.save();
    if (this.mirror) {
      context.translate(w, 0);
      context.scale(-1, 1);
    }
    context.drawImage(this.video, 0, 0, w, h);
    context.restore();
    return canvas;
  }

  // The current picture as an image file (PNG by default).
  async capture(type = "image/png", quality = undefined) {
    const canvas = this.frame();
    if (!canvas) return null;
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, quality));
    const ext = type.split("/")[1] || "png";
    return blob && new File([blob], `webcam.${ext}`, { type });
  }

  stop() {
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }
}
