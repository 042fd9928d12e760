/** One line of a chart: a system's points (x, y), in its own colour. */
export interface Series {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
}

export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
  /** A y value drawn as a dashed line (a limit). */
  limit?: number;
}

const W = 560;
const H = 300;
const PAD = { left: 64, right: 16, top: 36, bottom: 48 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A round grid step (1, 2, 2.5 or 5 times a power of ten) so that four of them cover `max`. */
const gridStep = (max: number) => {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
};
const tick = (n: number) => (n === 0 ? '0' : n >= 1000 ? `${(n / 1000).toFixed(n % 1000 === 0 ? 0 : 1)}k` : n >= 10 ? n.toFixed(0) : n.toFixed(1));

/** A line chart panel (x from 0, y from 0, four grid lines each), drawn at vertical offset `top`. */
function panel(p: Panel, xLabel: string, top: number): string {
  const xs = p.series.flatMap((s) => s.points.map((pt) => pt.x));
  const ys = p.series.flatMap((s) => s.points.map((pt) => pt.y)).filter(Number.isFinite);
  const xMax = 4 * gridStep(Math.max(1, ...xs));
  const yMax = 4 * gridStep(Math.max(1e-9, ...ys, p.limit ?? 0) * 1.05);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + (x / xMax) * plotW;
  const py = (y: number) => top + PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;
  const parts = [`<text x="${W / 2}" y="${top + 20}" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    const x = (xMax * i) / 4;
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${py(y) + 4}" text-anchor="end">${tick(y)}</text>`,
      `<text x="${px(x)}" y="${top + H - PAD.bottom + 16}" text-anchor="middle">${tick(x)}</text>`,
    );
  }
  if (p.limit !== undefined) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(p.limit)}" y2="${py(p.limit)}" stroke="#000" stroke-dasharray="4 3"/>`);
  }
  parts.push(
    `<text x="${W / 2}" y="${top + H - 10}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(14 ${top + PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`,
  );
  p.series.forEach((s, i) => {
    const pts = s.points.filter((pt) => Number.isFinite(pt.y));
    if (pts.length > 0) {
      parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map((pt) => `${px(pt.x)},${py(pt.y)}`).join(' ')}"/>`);
      for (const pt of pts) parts.push(`<circle cx="${px(pt.x)}" cy="${py(pt.y)}" r="3" fill="${s.colour}"/>`);
    }
    const ly = top + PAD.top + 4 + i * 16;
    parts.push(
      `<rect x="${PAD.left + 8}" y="${ly}" width="10" height="10" fill="${s.colour}"/>`,
      `<text x="${PAD.left + 24}" y="${ly + 9}">${esc(s.name)}</text>`,
    );
  });
  return parts.join('\n');
}

/** Panels stacked vertically in one SVG document, sharing the x axis label. */
export function svgChart(panels: Panel[], xLabel: string): string {
  const body = panels.map((p, i) => panel(p, xLabel, i * H)).join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H * panels.length}" font-family="sans-serif" font-size="11">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`
  );
}
