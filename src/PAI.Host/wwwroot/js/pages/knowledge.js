// Knowledge: the caller's graph and notes. Graph: look up an entity (its type, aliases, its neighbourhood drawn as a
// graph, and the facts among them as a table, each with when it held and when PAI learned or retired it, as known now
// or at a chosen time), and browse the latest changes. Notes (knowledge-notes.js): browse and search them, read one.
import { all, api, seg, withQuery } from "../api.js";
import { empty, fmtFull, fmtTime, h, replace } from "../dom.js";
import { registerPage } from "../registry.js";
import { entityGraph } from "../views/entity-graph.js";
import { notesTab } from "./knowledge-notes.js";

const TABS = [["graph", "Graph"], ["notes", "Notes"]];
const WINDOWS = [["1", "last day"], ["7", "last 7 days"], ["30", "last 30 days"], ["365", "last year"]];

const entityHref = name => `#/knowledge?entity=${encodeURIComponent(name)}`;
const pad = n => String(n).padStart(2, "0");
/** An ISO time as a datetime-local input's value (local time, to the second); "" for none or an unreadable one. */
function toLocalInput(iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
/** A validity bound: the time today or this year, the date with its year before that. */
function held(iso) {
  const d = new Date(iso);
  const text = d.getFullYear() === new Date().getFullYear() ? fmtTime(iso) : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
  return h("time", { datetime: iso, title: fmtFull(iso) }, text);
}
const when = iso => (iso ? h("time", { datetime: iso, title: fmtFull(iso) }, fmtTime(iso)) : null);

/** A fact's object: another entity (a link) or a literal ({ value }). */
function objectOf(fact) {
  const o = fact.object;
  if (typeof o === "string") return h("a", { href: entityHref(o), class: "entity-link" }, o);
  const value = o && typeof o === "object" && "value" in o ? o.value : o;
  return h("code", { class: "literal" }, typeof value === "string" ? value : JSON.stringify(value));
}

/** When a fact held (valid time) and what PAI believed (recorded, invalidated, superseded). */
function validity(fact) {
  return [
    h("span", { class: "valid-interval" }, held(fact.validFrom), " → ", fact.validTo ? held(fact.validTo) : h("span", { class: "muted" }, "now")),
    fact.invalidatedAt ? h("div", { class: "small fact-retired" }, "retired ", when(fact.invalidatedAt), fact.supersededBy ? h("span", { class: "muted" }, ` by ${fact.supersededBy}`) : null) : null,
  ];
}

function factRow(fact, extra, kind) {
  return h("tr", { class: fact.invalidatedAt ? "fact invalidated" : "fact", dataset: kind ? { id: fact.id, kind } : { id: fact.id } },
    extra,
    h("td", null, h("a", { href: entityHref(fact.subject), class: "entity-link" }, fact.subject)),
    h("td", null, h("span", { class: "predicate" }, fact.predicate), fact.single ? h("span", { class: "muted small", title: "one value at a time" }, " (single)") : null),
    h("td", null, objectOf(fact)),
    h("td", { class: "fact-validity" }, validity(fact)),
    h("td", { class: "wide-only" }, when(fact.recordedAt)));
}

const factHead = first => h("thead", null, h("tr", null, first, ["Subject", "Predicate", "Object", "Held", "Recorded"].map((t, i) => h("th", { scope: "col", class: i === 4 ? "wide-only" : null }, t))));

function graphTab(root, ctx) {
  const name = h("input", { id: "entity-name", type: "search", placeholder: "An entity's name (a person, a place, a project)", maxlength: "200", value: ctx.query.get("entity") || "", "aria-label": "Entity" });
  const depth = h("select", { id: "entity-depth", "aria-label": "Steps away" }, [1, 2, 3].map(d => h("option", { value: String(d) }, `${d} step${d === 1 ? "" : "s"} away`)));
  depth.value = ["1", "2", "3"].includes(ctx.query.get("depth")) ? ctx.query.get("depth") : "1";
  const asOf = h("input", { id: "entity-asof", type: "datetime-local", step: "1", "aria-label": "As known at", value: toLocalInput(ctx.query.get("asOf")) });
  const result = h("div", { class: "entity-result", "aria-live": "polite" });
  const windowSel = h("select", { id: "changes-window", "aria-label": "Changes in" }, WINDOWS.map(([v, label]) => h("option", { value: v }, label)));
  windowSel.value = "7";
  const changes = h("div", { class: "graph-changes" });
  const form = h("form", { class: "card memory-search", role: "search" },
    h("div", { class: "memory-search-row" }, name, depth, h("button", { type: "submit", class: "primary" }, "Look up")),
    h("div", { class: "memory-scope" }, h("label", { for: "entity-asof" }, "As known at (empty: now)"), asOf));
  root.append(form, result, h("div", { class: "section-head" }, h("h2", null, "Latest changes"), windowSel), changes);

  async function lookUp() {
    const q = name.value.trim();
    const at = asOf.value ? new Date(asOf.value).toISOString() : null;
    ctx.setQuery({ entity: q, depth: depth.value === "1" ? "" : depth.value, asOf: at });
    if (!q) {
      replace(result);
      return;
    }
    try {
      const n = await api(withQuery(`/api/graph/entities/${seg(q)}`, { depth: depth.value, asOf: at }), { signal: ctx.signal });
      replace(result, h("section", { class: "card entity-card" },
        h("div", { class: "panel-head" }, h("h2", { class: "entity-name" }, n.entity.name), n.entity.type ? h("span", { class: "badge" }, n.entity.type) : null),
        n.entity.aliases.length ? h("p", { class: "muted small" }, "Also known as ", n.entity.aliases.join(", ")) : null,
        h("p", { class: "muted small" }, "As known at ", h("time", { datetime: n.asOf }, fmtFull(n.asOf)), n.truncated ? " (cut: more neighbours than shown)" : ""),
        h("h3", null, "Neighbours"),
        n.neighbours.length ? entityGraph(n, { onOpen: recentre }) : null,
        n.neighbours.length ? h("ul", { class: "chips neighbours" }, n.neighbours.map(e => h("li", null,
          h("a", { class: "chip", href: entityHref(e.name), title: `${e.depth} step${e.depth === 1 ? "" : "s"} away` }, e.name, e.type ? h("span", { class: "muted small" }, ` ${e.type}`) : null))))
          : h("p", { class: "muted" }, "None."),
        h("h3", null, "Facts"),
        n.facts.length ? h("div", { class: "table-card" }, h("table", { class: "list compact facts-table" }, factHead(null), h("tbody", null, n.facts.map(f => factRow(f)))))
          : h("p", { class: "muted" }, "None.")));
    } catch (e) {
      if (e.name === "AbortError") return;
      replace(result, h("p", { class: e.status === 404 ? "empty" : "form-error", role: "alert" }, e.status === 404 ? `Nothing is known about “${q}”.` : e.message));
    }
  }

  /** Centres the graph on another entity (same steps and time), keeping the keyboard on the new centre. */
  async function recentre(other) {
    name.value = other;
    await lookUp();
    result.querySelector(".kg-centre")?.focus({ preventScroll: true });
  }

  async function loadChanges() {
    const from = new Date(Date.now() - Number(windowSel.value) * 86400000).toISOString();
    try {
      const items = await all(withQuery("/api/graph/changes", { from }), { signal: ctx.signal, max: 500 });
      items.reverse();
      replace(changes, items.length ? h("div", { class: "card table-card" }, h("table", { class: "list compact changes-table" },
        factHead(h("th", { scope: "col" }, "Change")),
        h("tbody", null, items.map(c => factRow(c.fact, h("td", null, h("span", { class: `change change-${c.kind}` }, c.kind), h("div", { class: "muted small" }, when(c.at))), c.kind)))))
        : empty("Nothing learned or retired in that time."));
    } catch (e) {
      if (e.name !== "AbortError") replace(changes, h("p", { class: "form-error", role: "alert" }, e.message));
    }
  }

  form.addEventListener("submit", e => {
    e.preventDefault();
    lookUp();
  });
  windowSel.addEventListener("change", loadChanges);
  return Promise.all([lookUp(), loadChanges()]).then(() => name.focus());
}

registerPage({
  route: "knowledge",
  title: "Knowledge",
  nav: { label: "Knowledge", order: 47 },
  requires: "/api/graph/changes",
  async render(root, ctx) {
    const tab = ctx.query.get("tab") === "notes" || ctx.query.get("note") ? "notes" : "graph";
    root.append(h("div", { class: "page-head" }, h("h1", null, "Knowledge")),
      h("div", { class: "tabs", role: "tablist", "aria-label": "Knowledge views" }, TABS.map(([key, label]) =>
        h("a", { role: "tab", id: `knowledge-tab-${key}`, href: key === "graph" ? "#/knowledge" : "#/knowledge?tab=notes", "aria-selected": String(tab === key) }, label))));
    await (tab === "notes" ? notesTab(root, ctx) : graphTab(root, ctx));
  },
});
