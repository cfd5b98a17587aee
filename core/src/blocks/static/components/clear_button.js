import { define } from "../base.js";
import ButtonElement from "./button.js";

// A gr.Button whose click listeners (made by gr.ClearButton) empty components.
export default define("blocks-clearbutton", class extends ButtonElement {});
