// An agent's conversation in a step, as GET /api/goals/{id}/steps/{stepId}/transcript returns it: per run (a task, a
// skill's prompt phase or judge check) its model and cost, then the prompt (the step's task) and each turn: what the
// model wrote, the tools it called with which arguments, and what each call returned. Long texts are cut, with expand.
import { fmtFull, fmtNumber, fmtTime, h } from "../dom.js";
import { clipText } from "./clip-text.js";
import { jsonView } from "./json-view.js";

const message = (role, label, ...body) => h("li", { class: `turn turn-${role}` }, h("div", { class: "turn-role" }, label), ...body);

function callView(call) {
  const args = call.arguments;
  const result = call.result;
  return [
    message("call", `call ${call.tool || call.function}`,
      call.tool && call.tool !== call.function ? h("div", { class: "muted small" }, `as ${call.function}`) : null,
      args && typeof args === "object" ? jsonView(args, { open: 1 }) : clipText(args ?? "", { max: 400 })),
    message("tool", h("span", null, `result of ${call.tool || call.function} `, h("span", { class: `call-status call-${call.status || "pending"}` }, call.status || "not made yet")),
      result === null || result === undefined ? null
        : typeof result === "object" ? jsonView(result, { open: 1 }) : clipText(result, { max: 600 })),
  ];
}

/** runs: the transcript items; prompt: the step's task (shown as the first message of a task run), if any. */
export function transcriptView({ runs, prompt }) {
  if (!runs.length) return h("p", { class: "muted" }, "No model turns yet.");
  return h("div", { class: "transcripts" }, runs.map(run => h("section", { class: "transcript", dataset: { scope: run.scope } },
    h("div", { class: "transcript-head" },
      h("strong", null, run.scope === "task" ? "Task" : run.scope), " ",
      h("span", { class: "muted small" },
        [run.model ? `${run.model} · ` : "", `${fmtNumber(run.calls)} call${run.calls === 1 ? "" : "s"} · `,
          `${fmtNumber(run.inputTokens)} in / ${fmtNumber(run.outputTokens)} out tokens · ${run.seconds} s · started `].join(""),
        h("time", { datetime: run.startedAt, title: fmtFull(run.startedAt) }, fmtTime(run.startedAt)))),
    h("ol", { class: "turns" },
      run.scope === "task" && prompt ? message("user", "prompt", clipText(prompt)) : null,
      run.turns.map(turn => [
        message("assistant", `turn ${turn.number}`, turn.text ? clipText(turn.text) : h("span", { class: "muted" }, turn.calls.length ? "(calls tools)" : "(no text)")),
        turn.calls.map(callView),
      ])))));
}
