// Long text cut to a few hundred characters, with a button that shows the rest (as text, never as markup).
import { h } from "../dom.js";

/** A block of text: at most `max` characters at first, "Show all" expands it in place. */
export function clipText(text, { max = 600, cls = "clip-text" } = {}) {
  const value = String(text ?? "");
  const el = h("div", { class: cls });
  if (value.length <= max) {
    el.textContent = value;
    return el;
  }
  const body = h("span", null, `${value.slice(0, max)}…`);
  const more = h("button", { type: "button", class: "link clip-more", "aria-expanded": "false" }, `Show all (${value.length.toLocaleString()} characters)`);
  more.addEventListener("click", () => {
    const open = more.getAttribute("aria-expanded") !== "true";
    body.textContent = open ? value : `${value.slice(0, max)}…`;
    more.setAttribute("aria-expanded", String(open));
    more.textContent = open ? "Show less" : `Show all (${value.length.toLocaleString()} characters)`;
  });
  el.append(body, " ", more);
  return el;
}
