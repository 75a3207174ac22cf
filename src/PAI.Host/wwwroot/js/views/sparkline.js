// A GPU's last hour as a small chart: one bar per minute for the share of the minute it was leased, and a line for
// the hardware utilisation where the probes read one. Minutes before the device's history began are left blank.
import { s } from "../dom.js";

const W = 240;
const H = 44;

export function sparkline(samples, label) {
  const n = Math.max(samples.length, 1);
  const bw = W / n;
  const svg = s("svg", { class: "sparkline", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": label });
  svg.append(s("title", null, label));
  svg.append(s("line", { x1: "0", x2: String(W), y1: String(H - 0.5), y2: String(H - 0.5), class: "spark-base" }));
  samples.forEach((sample, i) => {
    if (sample.busyFraction === null || sample.busyFraction === undefined) return;
    const bh = Math.max(sample.busyFraction > 0 ? 1.5 : 0, sample.busyFraction * (H - 2));
    if (bh <= 0) return;
    svg.append(s("rect", { class: "spark-bar", x: (i * bw + 0.5).toFixed(2), y: (H - bh).toFixed(2), width: Math.max(0.5, bw - 1).toFixed(2), height: bh.toFixed(2) }));
  });
  const points = samples
    .map((sample, i) => (sample.utilizationPercent === null || sample.utilizationPercent === undefined ? null : `${(i * bw + bw / 2).toFixed(2)},${(H - 1 - (sample.utilizationPercent / 100) * (H - 2)).toFixed(2)}`))
    .filter(Boolean);
  if (points.length > 1) svg.append(s("polyline", { class: "spark-line", points: points.join(" ") }));
  return svg;
}
