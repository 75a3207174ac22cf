// A collapsible, keyboard-usable JSON viewer (<details>/<summary>), built lazily: a branch's children are made the
// first time it is opened, so a large output costs nothing until someone looks at it.
import { h } from "../dom.js";

const MAX_ITEMS = 200;
const MAX_STRING = 4000;

function scalar(value) {
  if (value === null) return h("span", { class: "json-null" }, "null");
  switch (typeof value) {
    case "string": {
      const shown = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length.toLocaleString()} characters)` : value;
      if (value.includes("\n")) return h("pre", { class: "json-string json-block" }, shown);
      return h("span", { class: "json-string" }, JSON.stringify(shown));
    }
    case "number":
      return h("span", { class: "json-number" }, String(value));
    case "boolean":
      return h("span", { class: "json-boolean" }, String(value));
    default:
      return h("span", null, String(value));
  }
}

const isBranch = v => v !== null && typeof v === "object";

function summaryOf(value) {
  if (Array.isArray(value)) return `[ ${value.length} item${value.length === 1 ? "" : "s"} ]`;
  const n = Object.keys(value).length;
  return `{ ${n} field${n === 1 ? "" : "s"} }`;
}

function entries(value) {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

function row(key, value, depth, openDepth) {
  const label = key === null ? null : h("span", { class: "json-key" }, typeof key === "number" ? `${key}` : JSON.stringify(key), ": ");
  if (!isBranch(value)) return h("li", null, label, scalar(value));
  return h("li", null, branch(label, value, depth + 1, openDepth));
}

function branch(label, value, depth, openDepth) {
  const list = entries(value);
  if (list.length === 0) return h("span", null, label, h("span", { class: "json-punct" }, Array.isArray(value) ? "[]" : "{}"));
  const details = h("details", { class: "json-branch" }, h("summary", null, label, h("span", { class: "json-punct" }, summaryOf(value))));
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    const ul = h("ul", { class: "json-children" });
    for (const [k, v] of list.slice(0, MAX_ITEMS)) ul.append(row(k, v, depth, openDepth));
    if (list.length > MAX_ITEMS) ul.append(h("li", { class: "muted" }, `… ${list.length - MAX_ITEMS} more (copy the JSON to see all)`));
    details.append(ul);
  };
  details.addEventListener("toggle", () => details.open && build());
  if (depth < openDepth) {
    build();
    details.open = true;
  }
  return details;
}

/** A viewer for any JSON value; branches deeper than `open` start closed. */
export function jsonView(value, { open = 2, copy = true } = {}) {
  const root = h("div", { class: "json-view" });
  if (value === undefined) return root;
  if (copy && isBranch(value)) {
    const button = h("button", { class: "ghost small json-copy", type: "button" }, "Copy");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(JSON.stringify(value, null, 2));
        button.textContent = "Copied";
      } catch {
        button.textContent = "Copy failed";
      }
      setTimeout(() => (button.textContent = "Copy"), 1500);
    });
    root.append(button);
  }
  root.append(isBranch(value) ? branch(null, value, 0, open) : scalar(value));
  return root;
}
