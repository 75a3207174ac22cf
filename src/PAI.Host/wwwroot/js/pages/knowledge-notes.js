// The knowledge page's Notes tab: the caller's notes listed in path order (optionally one folder's), a page at a
// time; a search by meaning and keywords; and the chosen note read, rendered from its markdown (links to other notes
// open them here).
import { api, apiText, seg, withQuery } from "../api.js";
import { empty, fmtFull, fmtTime, h, replace } from "../dom.js";
import { markdownView } from "../views/markdown-view.js";

const PAGE = 50;

const noteHref = (path, q, prefix) => withQuery("#/knowledge", { tab: "notes", q, prefix, note: path });
const notePath = path => path.split("/").map(seg).join("/");

/** A size in bytes as people read it. */
function fmtSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

export function notesTab(root, ctx) {
  const query = h("input", { id: "note-query", type: "search", placeholder: "Search your notes", maxlength: "4000", value: ctx.query.get("q") || "", "aria-label": "Search notes" });
  const prefix = h("input", { id: "note-prefix", type: "search", placeholder: "Folder, e.g. projects/", maxlength: "400", value: ctx.query.get("prefix") || "", "aria-label": "Only notes under" });
  const hits = h("div", { class: "note-hits", "aria-live": "polite" });
  const view = h("article", { class: "step-panel card note-view", "aria-label": "Note" });
  const form = h("form", { class: "card memory-search", role: "search" }, h("div", { class: "memory-search-row" }, query, h("button", { type: "submit", class: "primary" }, "Search")));
  root.append(form, h("div", { class: "goal-body" }, hits, view));
  replace(view, h("p", { class: "muted" }, "Choose a note to read it."));

  const keep = () => ({ tab: "notes", q: query.value.trim(), prefix: prefix.value, note: ctx.query.get("note") });
  const href = path => noteHref(path, query.value.trim(), prefix.value);

  /** Every note (or one folder's) in path order, 50 at a time, with More for the next page. */
  async function browse() {
    const list = h("ol", { class: "memory-list note-list" });
    const more = h("button", { type: "button", class: "ghost note-more", hidden: true }, "More notes");
    const count = h("span", { class: "muted small note-count" });
    const folder = h("form", { class: "note-folder" }, h("label", { for: "note-prefix", class: "muted small" }, "Under"), prefix);
    replace(hits, h("div", { class: "section-head" }, h("h2", null, "Your notes"), count), folder, list, more);
    let cursor = null;
    let shown = 0;

    async function next() {
      more.disabled = true;
      try {
        const page = await api(withQuery("/api/notes", { prefix: prefix.value || null, limit: PAGE, cursor }), { signal: ctx.signal });
        list.append(...page.items.map(n => h("li", { class: "card memory-hit note-item", dataset: { path: n.path } },
          h("a", { href: href(n.path), class: "note-open" }, h("strong", null, n.title || n.path)),
          h("div", { class: "muted small mono" }, n.path),
          n.tags.length ? h("ul", { class: "chips note-tags" }, n.tags.map(t => h("li", { class: "chip small" }, `#${t}`))) : null,
          h("div", { class: "muted small" }, fmtSize(n.size), " · changed ", h("time", { datetime: n.updatedAt, title: fmtFull(n.updatedAt) }, fmtTime(n.updatedAt))))));
        shown += page.items.length;
        cursor = page.nextCursor;
        more.hidden = !cursor;
        count.textContent = `${shown}${cursor ? "+" : ""} note${shown === 1 ? "" : "s"}`;
        if (!shown) list.replaceWith(empty(prefix.value
          ? `No note under “${prefix.value}”.`
          : "No notes yet. Notes are markdown files (PUT /api/notes/{path}, the notes.write tool, or a folder synced into the data folder)."));
      } catch (e) {
        if (e.name !== "AbortError") list.append(h("li", { class: "form-error", role: "alert" }, e.message));
      } finally {
        more.disabled = false;
      }
    }

    more.addEventListener("click", next);
    folder.addEventListener("submit", e => {
      e.preventDefault();
      ctx.setQuery(keep());
      browse();
    });
    await next();
  }

  async function search() {
    const q = query.value.trim();
    ctx.setQuery(keep());
    if (!q) return browse();
    try {
      const page = await api(withQuery("/api/notes/search", { q, k: 25 }), { signal: ctx.signal });
      replace(hits, h("div", { class: "section-head" }, h("h2", null, "Found"), h("a", { href: withQuery("#/knowledge", { tab: "notes", prefix: prefix.value }), class: "small" }, "All notes")),
        page.items.length ? h("ol", { class: "memory-list" }, page.items.map(n => h("li", { class: "card memory-hit note-hit", dataset: { path: n.path } },
          h("a", { href: href(n.path), class: "note-open" }, h("strong", null, n.title || n.path)),
          h("div", { class: "muted small mono" }, n.path),
          h("p", { class: "memory-text small" }, n.text.length > 300 ? `${n.text.slice(0, 300)}…` : n.text))))
          : empty("No note matches."));
    } catch (e) {
      if (e.name !== "AbortError") replace(hits, h("p", { class: "form-error", role: "alert" }, e.message));
    }
  }

  async function open(path) {
    try {
      const markdown = await apiText(`/api/notes/${notePath(path)}`, { signal: ctx.signal });
      replace(view, h("div", { class: "panel-head" }, h("h2", { class: "note-path mono" }, path)), markdownView(markdown, { noteHref: href }));
    } catch (e) {
      if (e.name !== "AbortError") replace(view, h("p", { class: e.status === 404 ? "empty" : "form-error", role: "alert" }, e.status === 404 ? `There is no note ${path}.` : e.message));
    }
  }

  form.addEventListener("submit", e => {
    e.preventDefault();
    search();
  });
  const note = ctx.query.get("note");
  return Promise.all([search(), note ? open(note) : null]).then(() => !note && query.focus());
}
