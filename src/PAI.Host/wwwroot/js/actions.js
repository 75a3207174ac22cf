// Actions more than one page offers.
import { api, seg } from "./api.js";

/** Approves or rejects a waiting step, with an optional comment (kept in the audit log). */
export const decide = (goalId, stepId, approve, comment) =>
  api(`/api/goals/${seg(goalId)}/steps/${seg(stepId)}/${approve ? "approve" : "reject"}`, {
    method: "POST",
    body: comment && comment.trim() ? { comment: comment.trim() } : {},
  });

/** A button that asks to be pressed twice (no blocking dialog): the first press arms it for a few seconds. */
export function confirmButton(button, label, confirmLabel, action) {
  let armed = null;
  button.textContent = label;
  button.addEventListener("click", async () => {
    if (!armed) {
      button.textContent = confirmLabel;
      button.classList.add("armed");
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
        button.classList.remove("armed");
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.classList.remove("armed");
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
  return button;
}
