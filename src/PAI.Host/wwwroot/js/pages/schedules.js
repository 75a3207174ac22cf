// Schedules: every schedule the key can see with its next fire time, pause / resume / delete; a schedule's page adds
// its next five fire times, its latest fires (submitted, skipped, queued, refused) and the goals it fired.
import { all, api, seg, withQuery } from "../api.js";
import { confirmButton } from "../actions.js";
import { fmtDuration, fmtFull, fmtTime, h, replace, statusBadge } from "../dom.js";
import { registerPage } from "../registry.js";

const REFRESH_MS = 5000;

const when = iso => (iso ? h("time", { datetime: iso, title: fmtFull(iso) }, fmtTime(iso)) : h("span", { class: "muted" }, "—"));
const cadence = s => (s.cron ? [h("code", null, s.cron), s.timeZone && s.timeZone !== "UTC" ? ` (${s.timeZone})` : " (UTC)"] : ["every ", h("code", null, s.every)]);
const goalLink = id => (id ? h("a", { href: `#/goals/${encodeURIComponent(id)}`, class: "mono small" }, id) : h("span", { class: "muted" }, "—"));
const FIRE_LABELS = { submitted: "submitted", skippedOverlap: "skipped (still running)", skippedMisfire: "missed", skippedQuota: "skipped (quota)", queued: "queued", refused: "refused" };

/** Pause / resume and delete buttons for a schedule; `changed(schedule | null)` after each. */
function actions(s, ctx, changed) {
  const toggle = h("button", { type: "button", class: "ghost schedule-toggle", onclick: async () => {
    toggle.disabled = true;
    try {
      const next = await api(`/api/schedules/${seg(s.id)}/${s.paused ? "resume" : "pause"}`, { method: "POST" });
      ctx.toast(`${next.paused ? "Paused" : "Resumed"} ${next.name}.`);
      changed(next);
    } catch (e) {
      ctx.toast(e.message, "error");
      toggle.disabled = false;
    }
  } }, s.paused ? "Resume" : "Pause");
  const remove = h("button", { type: "button", class: "danger ghost schedule-delete" });
  confirmButton(remove, "Delete", "Confirm delete", async () => {
    try {
      await api(`/api/schedules/${seg(s.id)}`, { method: "DELETE" });
      ctx.toast(`Deleted ${s.name}; the goals it fired stay.`);
      changed(null);
    } catch (e) {
      ctx.toast(e.message, "error");
    }
  });
  return h("div", { class: "actions" }, toggle, remove);
}

registerPage({
  route: "schedules",
  title: "Schedules",
  nav: { label: "Schedules", order: 35 },
  requires: "/api/schedules",
  async render(root, ctx) {
    const tbody = h("tbody");
    const error = h("p", { class: "form-error", role: "alert" });
    root.append(h("div", { class: "page-head" }, h("h1", null, "Schedules")),
      h("p", { class: "muted" }, "Recurring goals (docs/api.md, Schedules). Create one with POST /api/schedules, `pai schedules create`, or a goal body with a \"schedule\" field."),
      error,
      h("div", { class: "card table-card" }, h("table", { class: "list schedules-table" },
        h("thead", null, h("tr", null, ["Name", "When", "Next fire", "Last fire", "Owner", ""].map((t, i) => h("th", { scope: "col", class: i === 4 ? "wide-only" : null }, t)))),
        tbody)));

    async function load() {
      try {
        const items = await all("/api/schedules", { signal: ctx.signal, max: 1000 });
        error.textContent = "";
        replace(tbody, items.length ? items.map(s => h("tr", { dataset: { id: s.id }, class: s.paused ? "paused" : null },
          h("td", null, h("a", { href: `#/schedules/${encodeURIComponent(s.id)}`, class: "schedule-name" }, s.name), h("div", { class: "muted small" }, s.goalTitle)),
          h("td", null, cadence(s)),
          h("td", { class: "schedule-next" }, s.paused ? h("span", { class: "badge" }, "paused") : s.next.length ? [when(s.next[0]), h("div", { class: "muted small" }, `in ${fmtDuration(Math.max(0, new Date(s.next[0]).getTime() - Date.now()))}`)] : h("span", { class: "muted" }, "none")),
          h("td", null, when(s.lastFireTime), s.lastGoalId ? h("div", null, goalLink(s.lastGoalId)) : null),
          h("td", { class: "wide-only" }, s.owner),
          h("td", null, actions(s, ctx, load))))
          : h("tr", null, h("td", { colspan: "6", class: "empty" }, "No schedules yet.")));
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    await load();
    ctx.every(REFRESH_MS, load);
  },
});

registerPage({
  route: "schedules/*",
  title: "Schedule",
  async render(root, ctx) {
    const id = ctx.params[0];
    const head = h("div", { class: "page-head" });
    const facts = h("dl", { class: "facts facts-row" });
    const next = h("ol", { class: "schedule-next-list" });
    const recent = h("tbody");
    const goals = h("tbody");
    const error = h("p", { class: "form-error", role: "alert" });
    root.append(h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/schedules" }, "Schedules"), " / ", h("span", { class: "mono" }, id)),
      head, facts, error,
      h("div", { class: "schedule-columns" },
        h("section", null, h("h2", null, "Next fire times"), next),
        h("section", null, h("h2", null, "Latest fires"), h("div", { class: "card table-card" }, h("table", { class: "list compact fires-table" },
          h("thead", null, h("tr", null, ["Fire time", "Outcome", "Goal", "Detail"].map(t => h("th", { scope: "col" }, t)))), recent)))),
      h("h2", null, "Goals it fired"),
      h("div", { class: "card table-card" }, h("table", { class: "list compact schedule-goals" },
        h("thead", null, h("tr", null, ["Status", "Goal", "Created", "Updated"].map(t => h("th", { scope: "col" }, t)))), goals)));

    function show(s) {
      document.title = `${s.name} · PAI`;
      replace(head, h("div", { class: "title-row" }, h("h1", null, s.name), s.paused ? h("span", { class: "badge" }, "paused") : h("span", { class: "badge status-Running" }, "active")),
        actions(s, ctx, changed => (changed ? show(changed) : ctx.go("#/schedules"))));
      replace(facts,
        h("div", null, h("dt", null, "When"), h("dd", null, cadence(s))),
        h("div", null, h("dt", null, "Goal"), h("dd", null, s.goalTitle)),
        h("div", null, h("dt", null, "Owner"), h("dd", null, s.owner)),
        h("div", null, h("dt", null, "Overlap"), h("dd", null, s.overlap)),
        h("div", null, h("dt", null, "Misfire"), h("dd", null, s.misfire)),
        h("div", null, h("dt", null, "Created"), h("dd", null, when(s.createdAt))),
        s.queuedFireTime ? h("div", null, h("dt", null, "Queued"), h("dd", null, when(s.queuedFireTime))) : null);
      replace(next, s.next.length ? s.next.map(t => h("li", null, h("time", { datetime: t, title: t }, fmtFull(t)))) : h("li", { class: "muted" }, s.paused ? "Paused: nothing fires until it is resumed." : "None."));
      replace(recent, s.recent.length ? s.recent.map(f => h("tr", { class: `fire-${f.outcome}` },
        h("td", null, when(f.fireTime)), h("td", null, FIRE_LABELS[f.outcome] || f.outcome), h("td", null, goalLink(f.goalId)), h("td", { class: "small" }, f.detail || "")))
        : h("tr", null, h("td", { colspan: "4", class: "empty" }, "It has not fired yet.")));
    }

    async function load() {
      try {
        const [s, fired] = await Promise.all([
          api(`/api/schedules/${seg(id)}`, { signal: ctx.signal }),
          api(withQuery("/api/goals", { schedule: id, limit: 100 }), { signal: ctx.signal }),
        ]);
        error.textContent = "";
        show(s);
        replace(goals, fired.items.length ? fired.items.map(g => h("tr", { dataset: { id: g.id } },
          h("td", null, statusBadge(g.status)), h("td", null, h("a", { href: `#/goals/${encodeURIComponent(g.id)}` }, g.title), h("div", { class: "muted small mono" }, g.id)),
          h("td", null, when(g.createdAt)), h("td", null, when(g.updatedAt))))
          : h("tr", null, h("td", { colspan: "4", class: "empty" }, "No goals yet.")));
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    await load();
    ctx.every(REFRESH_MS, load);
  },
});
