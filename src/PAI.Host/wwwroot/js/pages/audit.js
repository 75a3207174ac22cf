// The audit log: paged oldest first, filtered by principal, kind, goal and first sequence number, with the hash
// chain's verification shown plainly (and, when it breaks, a link to the entries around the break).
import { api, withQuery } from "../api.js";
import { fmtFull, fmtNumber, fmtTime, h, replace, shortId } from "../dom.js";
import { registerPage } from "../registry.js";

const PAGE_SIZE = 50;
const KINDS = ["goal.submitted", "goal.cancelled", "tool.call", "tool.refused", "step.approved", "step.rejected", "skill.commit"];
const FIELDS = ["principal", "kind", "goal", "from"];
const GOOD = new Set(["ok", "accepted", "approved", "committed", "published"]);
const BAD = new Set(["failed", "refused", "rejected", "timed-out", "rate-limited", "denied"]);
const outcomeClass = outcome => (GOOD.has(outcome) ? "good" : BAD.has(outcome) ? "bad" : "neutral");

registerPage({
  route: "audit",
  title: "Audit log",
  nav: { label: "Audit", order: 50 },
  async render(root, ctx) {
    const filters = Object.fromEntries(FIELDS.map(f => [f, ctx.query.get(f) || ""]));
    const cursors = [];
    let cursor = null;
    let badSequence = null;

    const verdict = h("div", { class: "verdict", role: "status", "aria-live": "polite" }, h("span", { class: "muted" }, "Checking the hash chain…"));
    const verify = h("button", { type: "button", class: "ghost", id: "verify-chain" }, "Verify chain");
    const inputs = {
      principal: h("input", { id: "f-principal", type: "text", value: filters.principal, autocomplete: "off" }),
      kind: h("input", { id: "f-kind", type: "text", value: filters.kind, list: "audit-kinds", autocomplete: "off" }),
      goal: h("input", { id: "f-goal", type: "text", value: filters.goal, autocomplete: "off", class: "mono" }),
      from: h("input", { id: "f-from", type: "number", min: "1", value: filters.from }),
    };
    const labels = { principal: "Principal", kind: "Kind", goal: "Goal id", from: "From entry #" };
    const form = h("form", { class: "filters", "aria-label": "Filter the audit log" },
      FIELDS.map(f => h("div", { class: "field" }, h("label", { for: inputs[f].id }, labels[f]), inputs[f])),
      h("datalist", { id: "audit-kinds" }, KINDS.map(k => h("option", { value: k }))),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Apply"), h("button", { type: "button", class: "ghost", onclick: clear }, "Clear")));
    const tbody = h("tbody");
    const error = h("p", { class: "form-error", role: "alert" });
    const first = h("button", { type: "button", class: "ghost", disabled: true }, "← First");
    const next = h("button", { type: "button", class: "ghost", disabled: true }, "Next →");
    const info = h("span", { class: "muted small", "aria-live": "polite" });

    root.append(
      h("div", { class: "page-head" }, h("h1", null, "Audit log"), verify),
      verdict, form, error,
      h("div", { class: "card table-card" }, h("table", { class: "list audit-table" },
        h("thead", null, h("tr", null, ["#", "Time", "Kind", "Principal", "Goal", "Step", "Tool", "Outcome", "Detail", "Hash"].map((t, i) =>
          h("th", { scope: "col", class: i === 0 ? "num" : i >= 5 && i !== 7 ? "wide-only" : null }, t)))),
        tbody)),
      h("div", { class: "pager" }, first, info, next));

    function clear() {
      for (const f of FIELDS) inputs[f].value = "";
      apply();
    }

    function apply() {
      for (const f of FIELDS) filters[f] = inputs[f].value.trim();
      ctx.setQuery(filters);
      cursors.length = 0;
      cursor = null;
      load();
    }

    function row(e) {
      return h("tr", { class: e.sequence === badSequence ? "bad-row" : null, dataset: { sequence: String(e.sequence) } },
        h("td", { class: "num mono" }, String(e.sequence)),
        h("td", { title: fmtFull(e.at) }, fmtTime(e.at)),
        h("td", null, h("code", null, e.kind)),
        h("td", null, e.principal),
        h("td", null, e.goalId ? h("a", { href: `#/goals/${encodeURIComponent(e.goalId)}`, title: e.goalId, class: "mono" }, shortId(e.goalId, 10)) : ""),
        h("td", { class: "wide-only" }, e.stepId || ""),
        h("td", { class: "wide-only" }, e.tool ? h("code", null, e.tool) : ""),
        h("td", null, e.outcome ? h("span", { class: `outcome outcome-${outcomeClass(e.outcome)}` }, e.outcome) : ""),
        h("td", { class: "wide-only detail-cell" }, e.detail || ""),
        h("td", { class: "wide-only mono small", title: `hash ${e.hash}\nprevious ${e.previousHash}` }, e.hash.slice(0, 10)));
    }

    async function load() {
      try {
        const page = await api(withQuery("/api/audit", { ...filters, limit: PAGE_SIZE, cursor }), { signal: ctx.signal });
        error.textContent = "";
        replace(tbody, page.items.length ? page.items.map(row) : h("tr", null, h("td", { colspan: "10", class: "empty" }, "No entries match.")));
        first.disabled = cursors.length === 0;
        next.disabled = !page.nextCursor;
        next.onclick = () => {
          cursors.push(cursor);
          cursor = page.nextCursor;
          load();
        };
        info.textContent = page.items.length ? `Entries #${page.items[0].sequence}–#${page.items.at(-1).sequence}` : "";
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    async function check() {
      verify.disabled = true;
      replace(verdict, h("span", { class: "muted" }, "Checking the hash chain…"));
      try {
        const v = await api("/api/audit/verify", { signal: ctx.signal });
        badSequence = v.valid ? null : v.firstBadSequence;
        if (v.valid) {
          verdict.className = "verdict alert alert-ok";
          replace(verdict, h("strong", null, "✓ Chain intact."), ` All ${fmtNumber(v.checked)} entries check out: each one's hash covers its content and the entry before it.`);
        } else {
          verdict.className = "verdict alert alert-error";
          const around = Math.max(1, (v.firstBadSequence || 1) - 2);
          replace(verdict, h("strong", null, `✗ Chain broken${v.firstBadSequence ? ` at entry #${v.firstBadSequence}` : ""}.`), ` ${v.problem || ""} `,
            h("span", { class: "muted" }, `(${fmtNumber(v.checked)} entries checked.) `),
            v.firstBadSequence ? h("button", { type: "button", class: "link", id: "show-break", onclick: () => {
              inputs.from.value = String(around);
              for (const f of ["principal", "kind", "goal"]) inputs[f].value = "";
              apply();
            } }, `Show entries from #${around}`) : null);
        }
        load();
      } catch (e) {
        if (e.name === "AbortError") return;
        verdict.className = "verdict alert";
        replace(verdict, e.status === 403 ? "Only admin keys can verify the chain." : `Could not verify: ${e.message}`);
      } finally {
        verify.disabled = false;
      }
    }

    form.addEventListener("submit", e => {
      e.preventDefault();
      apply();
    });
    first.addEventListener("click", () => {
      cursors.length = 0;
      cursor = null;
      load();
    });
    verify.addEventListener("click", check);

    await load();
    check();
  },
});
