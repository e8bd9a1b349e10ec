// A stacked bar chart in SVG: one bar per period, one colour per group. The table under it holds the same figures.
import { svg } from './dom.js';

export const PALETTE = ['#2f6fbd', '#e07b39', '#3a9a5b', '#b8457a', '#7a5cc4', '#c2a23a', '#4aa3b5', '#8a8f98'];

/**
 * A ceiling with one significant step, so the axis reads 0, 0.5, 1, 1.5, 2 rather than 0, 0.47, ... For counts
 * (integer), the four steps are whole numbers: 0, 1, 2, 3, 4 rather than 0, 0.25, ... 1.
 */
function niceMax(value, integer) {
  if (value <= 0) return integer ? 4 : 1;
  if (integer) {
    const step = value / 4;
    const magnitude = 10 ** Math.floor(Math.log10(step));
    for (const m of [1, 2, 2.5, 5, 10]) {
      const candidate = m * magnitude;
      if (candidate >= step && Number.isInteger(candidate)) return 4 * candidate;
    }
    return 4 * Math.ceil(step);
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * periods: [{key, label}], series: [{name, color, values: Map(periodKey → number)}], format: number → text.
 * integer: the figures are counts, so the axis steps are whole numbers. labelEvery: label every n-th period on the x axis. width and height: the size it is shown at, in CSS pixels, so
 * its text is never stretched.
 */
export function stackedBars({ periods, series, format, tick = format, integer = false, labelEvery = 1, description, width = 800, height = 260 }) {
  const left = 64;
  const right = 8;
  const top = 10;
  const bottom = 28;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const totals = periods.map((p) => series.reduce((sum, s) => sum + (s.values.get(p.key) ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals), integer);
  const y = (v) => top + plotHeight - (v / max) * plotHeight;
  const slot = plotWidth / Math.max(1, periods.length);
  const barWidth = Math.min(48, Math.max(2, slot * 0.7));

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', role: 'img', 'aria-label': description,
  });
  for (let i = 0; i <= 4; i += 1) {
    const value = (max * i) / 4;
    root.append(
      svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), class: i === 0 ? 'axis' : 'gridline' }),
      svg('text', { x: left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, tick(value)));
  }
  periods.forEach((period, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const s of series) {
      const value = s.values.get(period.key) ?? 0;
      if (value <= 0) continue;
      const rect = svg('rect', {
        x, y: y(base + value), width: barWidth, height: Math.max(1, y(base) - y(base + value)), fill: s.color,
        class: 'bar', 'data-group': s.name, 'data-period': period.key, 'data-value': value,
      }, svg('title', null, `${period.title ?? period.label} · ${s.name}: ${format(value)}`));
      root.append(rect);
      base += value;
    }
    if (i % labelEvery === 0) {
      root.append(svg('text', { x: left + i * slot + slot / 2, y: height - 8, class: 'tick', 'text-anchor': 'middle' }, period.label));
    }
  });
  return root;
}
