// A scrolling, zoomable frame around an SVG drawing (the plan graph, an entity's neighbourhood): zoom with the
// buttons, Ctrl+wheel or + / - / 0, drag the background to pan, Fit to see it whole. The drawing keeps its own
// coordinates (its viewBox); zooming only sets its width and height, so nothing inside is laid out again.
import { h } from "../dom.js";

const MIN_SCALE = 0.2;
const MAX_SCALE = 2.5;

/**
 * Frames `svg` (drawn in a `width` x `height` box). `what` names it in the Fit button's title; `legend` is shown at
 * the toolbar's end; `nodeSelector` marks the elements a drag never starts on. Returns { el, frame, zoom, fit,
 * scale(), startFitted(min, focus) }.
 */
export function zoomFrame(svg, { width, height, what, legend, nodeSelector }) {
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const frame = h("div", { class: "dag-frame", tabindex: "-1" }, svg);
  const zoomLabel = h("span", { class: "zoom-label", "aria-live": "polite" }, "100%");
  const tool = (label, title, fn) => h("button", { type: "button", class: "ghost small", title, "aria-label": title, onclick: fn }, label);
  const toolbar = h("div", { class: "dag-toolbar" },
    tool("−", "Zoom out (-)", () => zoom(scale / 1.25)),
    zoomLabel,
    tool("+", "Zoom in (+)", () => zoom(scale * 1.25)),
    tool("Fit", `Fit the whole ${what}`, () => fit()),
    tool("1:1", "Actual size (0)", () => zoom(1)),
    legend);
  const el = h("div", { class: "dag-view" }, toolbar, frame);

  let scale = 1;

  function zoom(next, anchor) {
    const old = scale;
    scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, next));
    svg.setAttribute("width", String(Math.round(width * scale)));
    svg.setAttribute("height", String(Math.round(height * scale)));
    zoomLabel.textContent = `${Math.round(scale * 100)}%`;
    if (anchor) {
      frame.scrollLeft = (frame.scrollLeft + anchor.x) * (scale / old) - anchor.x;
      frame.scrollTop = (frame.scrollTop + anchor.y) * (scale / old) - anchor.y;
    }
  }

  function fit() {
    const w = frame.clientWidth || 800;
    const hgt = Math.max(frame.clientHeight, 240);
    zoom(Math.min(1, (w - 8) / width, (hgt - 8) / height));
  }

  frame.addEventListener("wheel", e => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const r = frame.getBoundingClientRect();
    zoom(scale * (e.deltaY < 0 ? 1.1 : 1 / 1.1), { x: e.clientX - r.left, y: e.clientY - r.top });
  }, { passive: false });
  el.addEventListener("keydown", e => {
    if (e.target.closest("input, textarea, select")) return;
    if (e.key === "+" || e.key === "=") zoom(scale * 1.25);
    else if (e.key === "-") zoom(scale / 1.25);
    else if (e.key === "0") zoom(1);
  });

  // Drag the background to pan.
  let drag = null;
  frame.addEventListener("pointerdown", e => {
    if (e.button !== 0 || e.target.closest(nodeSelector)) return;
    drag = { x: e.clientX, y: e.clientY, left: frame.scrollLeft, top: frame.scrollTop };
    frame.setPointerCapture(e.pointerId);
    frame.classList.add("dragging");
  });
  frame.addEventListener("pointermove", e => {
    if (!drag) return;
    frame.scrollLeft = drag.left - (e.clientX - drag.x);
    frame.scrollTop = drag.top - (e.clientY - drag.y);
  });
  const endDrag = () => {
    drag = null;
    frame.classList.remove("dragging");
  };
  frame.addEventListener("pointerup", endDrag);
  frame.addEventListener("pointercancel", endDrag);

  /** Starts at 100%, then, once the frame has a size, fits a wider drawing to its width (not below `min`) and, when
   * `focus` ({ x, y } in the drawing) is given, scrolls it to the middle of the frame. */
  function startFitted(min, focus) {
    zoom(1);
    requestAnimationFrame(() => {
      if (width > frame.clientWidth && frame.clientWidth > 0) zoom(Math.max(min, (frame.clientWidth - 8) / width));
      if (focus) {
        frame.scrollLeft = focus.x * scale - frame.clientWidth / 2;
        frame.scrollTop = focus.y * scale - frame.clientHeight / 2;
      }
    });
  }

  return { el, frame, zoom, fit, scale: () => scale, startFitted };
}
