// One step in detail: what it is, its timings and attempts, its input and output as JSON, its error, the GPU lease
// it holds or held, and, while it waits for a person, the approve / reject form.
import { between, fmtDuration, fmtFull, fmtTime, h, statusBadge } from "../dom.js";
import { clipText } from "./clip-text.js";
import { jsonView } from "./json-view.js";
import { transcriptView } from "./transcript-view.js";

function fact(label, ...value) {
  return [h("dt", null, label), h("dd", null, ...value)];
}

function when(iso) {
  return iso ? h("time", { datetime: iso, title: fmtFull(iso) }, fmtTime(iso)) : h("span", { class: "muted" }, "—");
}

/** The lease of a step: live from /api/gpus (its request id is "<goal>/<step>#<attempt>"), or from gpu.run's output. */
export function leaseOf(goalId, step, gpus) {
  const prefix = `${goalId}/${step.id}#`;
  for (const gpu of gpus || []) {
    if (gpu.holder?.requestId?.startsWith(prefix)) return { live: true, device: gpu.name || gpu.id, id: gpu.id, token: gpu.holder.fencingToken, tier: gpu.holder.tier, expiresAt: gpu.holder.expiresAt, grantedAt: gpu.holder.grantedAt };
  }
  const out = step.output;
  if (out && typeof out === "object" && typeof out.device === "string" && out.fencingToken !== undefined) {
    return { live: false, device: out.device, id: out.device, token: out.fencingToken, exitCode: out.exitCode, durationMs: out.durationMs };
  }
  return null;
}

/**
 * goal, step: from GET /api/goals/{id}; attempts: [{ at, outcome, detail }] from the audit log; lease: leaseOf(...);
 * onDecide(approve, comment): a promise; onSelect(stepId): to follow a dependency; transcript: the step's agent runs
 * (GET .../transcript items), undefined while not loaded.
 */
export function stepDetail({ goal, step, attempts, lease, onDecide, onSelect, transcript }) {
  const deps = step.dependsOn || [];
  const byId = new Map(goal.steps.map(st => [st.id, st]));
  const readyAt = deps.length === 0 ? goal.createdAt : deps.every(d => byId.get(d)?.finishedAt) ? deps.map(d => byId.get(d).finishedAt).sort().at(-1) : null;
  const running = step.startedAt ? between(step.startedAt, step.finishedAt) : null;

  const facts = h("dl", { class: "facts" },
    step.task && !step.tool && !step.skill ? fact("Task", clipText(step.task, { max: 300 }))
      : fact(step.tool ? "Tool" : "Skill", h("code", null, step.tool || step.skill || "—")),
    fact("Agent", step.agent || h("span", { class: "muted" }, "default")),
    fact("Depends on", deps.length ? deps.map((d, i) => [i ? ", " : "", h("button", { type: "button", class: "link", onclick: () => onSelect?.(d) }, d)]) : h("span", { class: "muted" }, "nothing")),
    fact("Approval", step.approval ? "needed before it runs" : "not needed"),
    fact("Ready", when(readyAt)),
    step.approvalRequestedAt ? fact("Waited from", when(step.approvalRequestedAt)) : null,
    fact("Started", when(step.startedAt)),
    fact("Finished", when(step.finishedAt)),
    fact("Ran for", running === null ? h("span", { class: "muted" }, "—") : fmtDuration(running), step.finishedAt ? "" : step.startedAt ? " (so far)" : ""),
    fact("Attempts", String(step.attempts)));

  const parts = [h("div", { class: "panel-head" }, h("h2", { id: "step-title" }, step.id), statusBadge(step.status)), facts];

  if (step.status === "WaitingForApproval" && onDecide) {
    const comment = h("textarea", { id: "decision-comment", rows: "2", maxlength: "1000", placeholder: "Comment (optional, kept in the audit log)" });
    const out = h("p", { class: "form-error", role: "alert" });
    const act = approve => async () => {
      buttons.forEach(b => (b.disabled = true));
      try {
        await onDecide(approve, comment.value);
      } catch (e) {
        out.textContent = e.message;
        buttons.forEach(b => (b.disabled = false));
      }
    };
    const buttons = [
      h("button", { type: "button", class: "primary approve", onclick: act(true) }, "Approve"),
      h("button", { type: "button", class: "danger reject", onclick: act(false) }, "Reject"),
    ];
    parts.push(h("section", { class: "decision", "aria-labelledby": "decision-title" },
      h("h3", { id: "decision-title" }, "Waiting for your decision"),
      h("label", { for: "decision-comment", class: "visually-hidden" }, "Comment"), comment, h("div", { class: "actions" }, buttons), out));
  }

  if (step.error) parts.push(h("h3", null, "Error"), h("pre", { class: "error-box" }, step.error));

  if (lease) {
    parts.push(h("h3", null, "GPU lease"), h("dl", { class: "facts" },
      fact("Device", h("a", { href: "#/gpus" }, lease.device)),
      fact("Fencing token", h("code", null, String(lease.token))),
      lease.live ? fact("Tier", lease.tier) : null,
      lease.live ? fact("Granted", when(lease.grantedAt)) : null,
      lease.live ? fact("Expires", when(lease.expiresAt)) : fact("State", "released"),
      lease.exitCode !== undefined ? fact("Exit code", String(lease.exitCode)) : null));
  }

  if (attempts?.length) {
    parts.push(h("h3", null, "Attempts"), h("ol", { class: "attempts" }, attempts.map(a =>
      h("li", { class: a.outcome === "ok" ? "ok" : "bad" },
        h("span", { class: "attempt-outcome" }, a.outcome), " ", when(a.at), a.phase ? h("span", { class: "muted" }, ` ${a.phase}`) : null,
        a.detail ? h("div", { class: "attempt-detail" }, a.detail) : null))));
  }

  if (transcript?.length || step.task || step.skill) {
    parts.push(h("h3", { id: "transcript-title" }, "Agent transcript"),
      transcript === undefined ? h("p", { class: "muted" }, "Loading…") : transcript.length ? transcriptView({ runs: transcript, prompt: step.task }) : h("p", { class: "muted" }, step.skill ? "No model phases have run in this skill." : "No model turns yet."));
  }
  parts.push(h("h3", null, "Input"), h("p", { class: "muted small" }, "As planned: ${…} references are resolved when the step runs."),
    step.input === null || step.input === undefined ? h("p", { class: "muted" }, "—") : jsonView(step.input));
  parts.push(h("h3", null, "Output"), step.output === null || step.output === undefined ? h("p", { class: "muted" }, step.status === "Succeeded" ? "null" : "No output yet.") : jsonView(step.output));
  return h("div", { class: "step-detail" }, parts);
}
