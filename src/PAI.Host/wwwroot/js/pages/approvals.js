// The approvals inbox: every step waiting for a person, across goals (GET /api/approvals), with what it will do,
// and approve / reject with a comment. Cards already shown are kept while the list refreshes, so a comment being
// typed is never lost.
import { all } from "../api.js";
import { decide } from "../actions.js";
import { empty, fmtDuration, fmtFull, h, replace } from "../dom.js";
import { registerPage } from "../registry.js";
import { jsonView } from "../views/json-view.js";

const REFRESH_MS = 5000;

registerPage({
  route: "approvals",
  title: "Approvals",
  nav: { label: "Approvals", order: 30 },
  async render(root, ctx) {
    const list = h("div", { class: "approvals", role: "list" });
    const error = h("p", { class: "form-error", role: "alert" });
    const summary = h("p", { class: "muted", "aria-live": "polite" });
    const cards = new Map();
    root.append(h("div", { class: "page-head" }, h("h1", null, "Approvals")), summary, error, list);

    const keyOf = item => `${item.goalId}\n${item.stepId}`;

    function card(item) {
      const comment = h("textarea", { rows: "2", maxlength: "1000", placeholder: "Comment (optional, kept in the audit log)", "aria-label": `Comment on ${item.stepId}` });
      const out = h("p", { class: "form-error", role: "alert" });
      const buttons = [];
      const act = approve => async () => {
        buttons.forEach(b => (b.disabled = true));
        try {
          await decide(item.goalId, item.stepId, approve, comment.value);
          ctx.toast(`${approve ? "Approved" : "Rejected"} ${item.stepId} in "${item.goalTitle}".`);
          cards.get(keyOf(item))?.remove();
          cards.delete(keyOf(item));
          renderSummary();
          ctx.approvalsChanged();
        } catch (e) {
          out.textContent = e.message;
          buttons.forEach(b => (b.disabled = false));
        }
      };
      buttons.push(
        h("button", { type: "button", class: "primary approve", onclick: act(true) }, "Approve"),
        h("button", { type: "button", class: "danger reject", onclick: act(false) }, "Reject"));
      const what = item.tool ? h("code", { class: "tool-chip" }, item.tool) : h("code", { class: "tool-chip" }, `skill ${item.skill}`);
      const waited = () => fmtDuration(Date.now() - new Date(item.requestedAt).getTime()).replace(/ \d+ (s|m)$/, "");
      const agoEl = h("time", { datetime: item.requestedAt, title: `waiting since ${fmtFull(item.requestedAt)}` }, waited());
      const el = h("article", { class: "card approval", role: "listitem", dataset: { goal: item.goalId, step: item.stepId }, "aria-label": `${item.stepId} in ${item.goalTitle}` },
        h("header", { class: "approval-head" },
          h("h2", null, h("span", { class: "mono" }, item.stepId), " ", what),
          h("span", { class: "muted small" }, "waiting ", agoEl)),
        h("p", { class: "muted" }, "In ", h("a", { href: `#/goals/${encodeURIComponent(item.goalId)}?step=${encodeURIComponent(item.stepId)}` }, item.goalTitle),
          ` · submitted by ${item.owner}`, ` · runs as ${item.agent || "the default agent"}`,
          item.dependsOn.length ? ` · after ${item.dependsOn.join(", ")}` : ""),
        h("details", { class: "approval-input", open: true }, h("summary", null, "Input"), h("p", { class: "muted small" }, "As planned: ${…} references are resolved when the step runs."), jsonView(item.input, { open: 2 })),
        h("div", { class: "decision" }, comment, h("div", { class: "actions" }, buttons), out));
      el._ago = () => (agoEl.textContent = waited());
      return el;
    }

    function renderSummary() {
      summary.textContent = cards.size === 0 ? "" : `${cards.size} step${cards.size === 1 ? "" : "s"} waiting for a decision.`;
      if (cards.size === 0 && !list.querySelector(".empty")) replace(list, empty("Nothing is waiting for approval."));
    }

    async function refresh() {
      try {
        const items = await all("/api/approvals", { max: 1000, signal: ctx.signal });
        error.textContent = "";
        const seen = new Set();
        list.querySelector(".empty")?.remove();
        items.forEach((item, i) => {
          const key = keyOf(item);
          seen.add(key);
          if (!cards.has(key)) cards.set(key, card(item));
          const el = cards.get(key);
          // In the API's order; a card already in place is not moved (moving it would take the focus away).
          if (list.children[i] !== el) list.insertBefore(el, list.children[i] || null);
          el._ago();
        });
        for (const [key, el] of cards) {
          if (!seen.has(key) && !el.contains(document.activeElement)) {
            el.remove();
            cards.delete(key);
          }
        }
        renderSummary();
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    await refresh();
    ctx.every(REFRESH_MS, refresh);
  },
});
