// Goals: counts per status (also the filter), a title search, keyset paging, refreshed every few seconds.
import { api, withQuery } from "../api.js";
import { debounce, fmtAgo, fmtFull, fmtTime, h, replace, statusBadge, statusLabel } from "../dom.js";
import { registerPage } from "../registry.js";

const PAGE_SIZE = 25;
const REFRESH_MS = 5000;
const FILTERS = ["Running", "WaitingForApproval", "Succeeded", "Failed", "Cancelled", "Planning", "Pending"];

registerPage({
  route: "goals",
  title: "Goals",
  nav: { label: "Goals", order: 10 },
  async render(root, ctx) {
    let status = FILTERS.includes(ctx.query.get("status")) ? ctx.query.get("status") : "";
    let title = (ctx.query.get("title") || "").slice(0, 200);
    const cursors = []; // cursors of the pages before the current one
    let cursor = null;
    let lastRows = "";

    const chips = h("div", { class: "chips", role: "group", "aria-label": "Filter by status" });
    const search = h("input", { type: "search", id: "goal-search", placeholder: "Search titles", value: title, "aria-label": "Search goal titles", maxlength: "200" });
    const tbody = h("tbody");
    const table = h("table", { class: "list goals-table" },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Title"), h("th", { scope: "col", class: "num" }, "Steps"),
        h("th", { scope: "col", class: "wide-only" }, "Owner"), h("th", { scope: "col", class: "wide-only" }, "Created"), h("th", { scope: "col" }, "Updated"))),
      tbody);
    const newer = h("button", { type: "button", class: "ghost", disabled: true }, "← Newer");
    const older = h("button", { type: "button", class: "ghost", disabled: true }, "Older →");
    const pageInfo = h("span", { class: "muted small", "aria-live": "polite" });
    const error = h("p", { class: "form-error", role: "alert" });

    root.append(
      h("div", { class: "page-head" }, h("h1", null, "Goals"), h("a", { class: "button primary", href: "#/submit" }, "New goal")),
      h("div", { class: "toolbar" }, chips, h("div", { class: "search" }, search)),
      error,
      h("div", { class: "card table-card" }, table),
      h("div", { class: "pager" }, newer, pageInfo, older));

    function chip(value, label, count) {
      const pressed = status === value;
      return h("button", { type: "button", class: `chip${value ? ` chip-${value}` : ""}`, "aria-pressed": String(pressed), onclick: () => setStatus(value) },
        label, h("span", { class: "chip-count" }, count === undefined ? "" : String(count)));
    }

    async function loadCounts() {
      const counts = await api("/api/goals/counts", { signal: ctx.signal });
      replace(chips, chip("", "All", counts.total), FILTERS.filter(f => f === status || counts.byStatus[f] > 0 || f !== "Pending" && f !== "Planning").map(f => chip(f, statusLabel(f), counts.byStatus[f] ?? 0)));
    }

    async function loadPage() {
      const page = await api(withQuery("/api/goals", { status, title, limit: PAGE_SIZE, cursor }), { signal: ctx.signal });
      const key = JSON.stringify(page);
      if (key !== lastRows) {
        lastRows = key;
        replace(tbody, page.items.length ? page.items.map(row) : h("tr", null, h("td", { colspan: "6", class: "empty" }, title || status ? "No goals match." : "No goals yet. Submit one to get started.")));
      }
      older.disabled = !page.nextCursor;
      older.onclick = () => {
        cursors.push(cursor);
        cursor = page.nextCursor;
        refresh();
      };
      newer.disabled = cursors.length === 0;
      pageInfo.textContent = `Page ${cursors.length + 1} · updated ${fmtTime(new Date().toISOString())}`;
    }

    function row(g) {
      return h("tr", { dataset: { id: g.id } },
        h("td", null, statusBadge(g.status)),
        h("td", { class: "title-cell" }, h("a", { href: `#/goals/${encodeURIComponent(g.id)}` }, g.title || g.id), h("div", { class: "muted small mono" }, g.id)),
        h("td", { class: "num" }, String(g.stepCount)),
        h("td", { class: "wide-only" }, g.owner),
        h("td", { class: "wide-only", title: fmtFull(g.createdAt) }, fmtTime(g.createdAt)),
        h("td", { title: fmtFull(g.updatedAt) }, fmtAgo(g.updatedAt)));
    }

    async function refresh() {
      try {
        await Promise.all([loadCounts(), loadPage()]);
        error.textContent = "";
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    function reset() {
      cursors.length = 0;
      cursor = null;
      ctx.setQuery({ status, title });
      refresh();
    }

    function setStatus(value) {
      status = value;
      reset();
    }

    newer.addEventListener("click", () => {
      cursor = cursors.pop() ?? null;
      refresh();
    });
    const onSearch = debounce(() => {
      title = search.value.trim().slice(0, 200);
      reset();
    }, 300);
    search.addEventListener("input", onSearch);

    await refresh();
    ctx.every(REFRESH_MS, refresh);
    return () => onSearch.cancel();
  },
});
