// The three.js scene of <blocks-model3d>: loads one model (glTF/GLB, OBJ, STL, PLY),
// frames it, draws it on demand, and moves the camera with the pointer (OrbitControls)
// or the keyboard. Imported by model3d.js only when it first shows a model, so a page
// without a Model3D downloads none of three.js.

import * as THREE from "./vendor/three/three.module.min.js";
import { OrbitControls } from "./vendor/three/addons/controls/OrbitControls.js";

// suffix -> [add-on module, class]
const LOADERS = {
  ".glb": ["loaders/GLTFLoader.js", "GLTFLoader"],
  ".gltf": ["loaders/GLTFLoader.js", "GLTFLoader"],
  ".obj": ["loaders/OBJLoader.js", "OBJLoader"],
  ".stl": ["loaders/STLLoader.js", "STLLoader"],
  ".ply": ["loaders/PLYLoader.js", "PLYLoader"],
};

export const FORMATS = Object.keys(LOADERS);

const STEP = Math.PI / 18; // 10 degrees a key press
const DEG = Math.PI / 180;

export function webglAvailable() {
  try {
    const canvas = document.createElement("canvas");
    return !!(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

async function loadObject(url, suffix) {
  const [module, name] = LOADERS[suffix];
  const Loader = (await import(`./vendor/three/addons/${module}`))[name];
  const loaded = await new Loader().loadAsync(url);
  if (loaded.isBufferGeometry) { // STL and PLY: a bare geometry
    if (!loaded.index && !loaded.attributes.normal && suffix === ".ply") {
      return pointsOf(loaded, loaded.attributes.color !== undefined);
    }
    if (!loaded.attributes.normal) loaded.computeVertexNormals();
    const material = new THREE.MeshStandardMaterial({
      color: loaded.attributes.color ? 0xffffff : 0xb8b8c0,
      vertexColors: loaded.attributes.color !== undefined, roughness: 0.6,
    });
    return new THREE.Mesh(loaded, material);
  }
  return loaded.scene || loaded; // glTF: {scene, ...}; OBJ: a Group
}

function pointsOf(geometry, colored) {
  return new THREE.Points(geometry, new THREE.PointsMaterial({
    size: 2, sizeAttenuation: false, color: colored ? 0xffffff : 0x6b7280,
    vertexColors: colored,
  }));
}

// "wireframe": edges only; "point_cloud": the vertices as points.
function applyMode(root, mode) {
  if (!mode || mode === "solid") return;
  const meshes = [];
  root.traverse((node) => {
    if (node.isMesh) meshes.push(node);
  });
  for (const mesh of meshes) {
    if (mode === "wireframe") {
      const materials = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
      mesh.material = materials.map((material) => {
        const copy = material.clone();
        copy.wireframe = true;
        return copy;
      });
      if (mesh.material.length === 1) mesh.material = mesh.material[0];
    } else if (mode === "point_cloud" && mesh.parent) {
      const points = pointsOf(mesh.geometry, mesh.geometry.attributes.color !== undefined);
      points.position.copy(mesh.position);
      points.quaternion.copy(mesh.quaternion);
      points.scale.copy(mesh.scale);
      mesh.parent.add(points);
      mesh.parent.remove(mesh);
    }
  }
}

export class Viewer {
  constructor(canvas) {
    this.canvas = canvas;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: true,
                                              preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.scene = new THREE.Scene();
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x5a5a66, 2.2));
    this.camera = new THREE.PerspectiveCamera(40, 1, 0.01, 1000);
    this.light = new THREE.DirectionalLight(0xffffff, 1.6);
    this.camera.add(this.light);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener("change", () => this.render());
    this.object = null;
    this.radius = 1;
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(canvas);
  }

  setOptions({ clearColor, zoomSpeed, panSpeed }) {
    const [r, g, b, a] = clearColor || [0, 0, 0, 0];
    this.renderer.setClearColor(new THREE.Color(r, g, b), a);
    this.controls.zoomSpeed = zoomSpeed || 1;
    this.controls.panSpeed = panSpeed || 1;
    this.render();
  }

  async show(url, suffix, { mode, camera }) {
    const object = await loadObject(url, suffix);
    applyMode(object, mode);
    this.clear();
    const box = new THREE.Box3().setFromObject(object);
    const size = box.getSize(new THREE.Vector3()).length() || 1;
    const center = box.getCenter(new THREE.Vector3());
    object.position.sub(center); // turn around the model's centre
    this.object = object;
    this.scene.add(object);
    this.radius = size / 2;
    this.frame(camera || []);
    return object;
  }

  // The first view: Gradio's (alpha, beta, radius), in degrees; front view by default.
  frame([alpha, beta, radius]) {
    const fit = this.radius / Math.sin((this.camera.fov * DEG) / 2) * 1.1;
    const a = (alpha ?? -90) * DEG;
    const b = (beta ?? 90) * DEG;
    const r = radius ?? fit;
    this.camera.near = Math.max(r / 1000, 1e-4);
    this.camera.far = r * 100 + this.radius * 10;
    this.camera.position.set(r * Math.cos(a) * Math.sin(b), r * Math.cos(b),
                             -r * Math.sin(a) * Math.sin(b));
    this.controls.target.set(0, 0, 0);
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.controls.saveState();
    this.render();
  }

  reset() {
    this.controls.reset();
    this.render();
  }

  // Arrow keys turn, Shift+arrows pan, + and - zoom. Returns whether the key was used.
  key(event) {
    const offset = this.camera.position.clone().sub(this.controls.target);
    const spherical = new THREE.Spherical().setFromVector3(offset);
    const zoom = Math.pow(1.15, this.controls.zoomSpeed);
    const pan = this.radius * 0.1 * this.controls.panSpeed;
    const moves = {
      ArrowLeft: () => { spherical.theta -= STEP; },
      ArrowRight: () => { spherical.theta += STEP; },
      ArrowUp: () => { spherical.phi -= STEP; },
      ArrowDown: () => { spherical.phi += STEP; },
      "+": () => { spherical.radius /= zoom; },
      "=": () => { spherical.radius /= zoom; },
      "-": () => { spherical.radius *= zoom; },
      "_": () => { spherical.radius *= zoom; },
    };
    if (event.shiftKey && event.key.startsWith("Arrow")) {
      const right = new THREE.Vector3().setFromMatrixColumn(this.camera.matrix, 0);
      const up = new THREE.Vector3().setFromMatrixColumn(this.camera.matrix, 1);
      const [axis, sign] = { ArrowLeft: [right, 1], ArrowRight: [right, -1],
                             ArrowUp: [up, -1], ArrowDown: [up, 1] }[event.key];
      const move = axis.multiplyScalar(sign * pan);
      this.camera.position.add(move);
      this.controls.target.add(move);
      this.controls.update();
      return true;
    }
    const action = moves[event.key];
    if (!action) return false;
    action();
    spherical.makeSafe();
    this.camera.position.copy(this.controls.target)
      .add(new THREE.Vector3().setFromSpherical(spherical));
    this.controls.update();
    return true;
  }

  resize() {
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (!width || !height) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }

  render() {
    this.renderer.render(this.scene, this.camera);
  }

  clear() {
    if (!this.object) return;
    this.scene.remove(this.object);
    this.object.traverse((node) => {
      if (node.geometry) node.geometry.dispose();
      const materials = [node.material].flat().filter(Boolean);
      for (const material of materials) {
        for (const value of Object.values(material)) {
          if (value && value.isTexture) value.dispose();
        }
        material.dispose();
      }
    });
    this.object = null;
    this.render();
  }

  dispose() {
    this.clear();
    this.resizer.disconnect();
    this.controls.dispose();
    this.renderer.dispose();
  }
}
