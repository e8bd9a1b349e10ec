// Usage: cost, tokens and requests over a day, a week or a month, by key, account or model; the chart and the table behind it.
import { h, usd, tokens, count } from './dom.js';
import { stackedBars, PALETTE } from './chart.js';

const RANGES = {
  day: { label: 'Day', granularity: 'hour', periods: 24 },
  week: { label: 'Week', granularity: 'day', periods: 7 },
  month: { label: 'Month', granularity: 'day', periods: 30 },
};
const DIMENSIONS = { key: 'Key', account: 'Account', model: 'Model' };
const METRICS = {
  cost: { label: 'Cost', value: (r) => r.costUsd, format: usd, tick: (v) => (v === 0 ? '$0' : `$${Number(v.toPrecision(3))}`) },
  tokens: { label: 'Tokens', value: (r) => r.inputTokens + r.outputTokens + r.cacheWriteTokens + r.cacheReadTokens, format: tokens, tick: tokens },
  requests: { label: 'Requests', value: (r) => r.requests, format: count, tick: (v) => (Number.isInteger(v) ? count(v) : v.toFixed(1)) },
};
const MAX_SERIES = 7;

// Kept while the console is open, so coming back to Usage shows what was last chosen.
const chosen = { range: 'day', by: 'key', metric: 'cost' };

/** The UTC periods of a range, oldest first, as the admin API names them (2026-11-23T14, 2026-11-23). */
function periodsOf(rangeName, now = new Date()) {
  const range = RANGES[rangeName];
  const periods = [];
  if (range.granularity === 'hour') {
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
    for (let i = range.periods - 1; i >= 0; i -= 1) {
      const t = new Date(end - i * 3_600_000);
      const key = t.toISOString().slice(0, 13);
      periods.push({ key, label: `${key.slice(11, 13)}h`, title: `${key.slice(0, 10)} ${key.slice(11, 13)}:00 UTC`, start: t });
    }
  } else {
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    for (let i = range.periods - 1; i >= 0; i -= 1) {
      const t = new Date(end - i * 86_400_000);
      const key = t.toISOString().slice(0, 10);
      periods.push({ key, label: key.slice(5), title: key, start: t });
    }
  }
  return periods;
}

function radios(name, options, current, onchange) {
  return h('fieldset', { class: 'segmented', id: `usage-${name}` },
    h('legend', null, { range: 'Range', by: 'By', metric: 'Show' }[name]),
    Object.entries(options).map(([value, option]) => h('label', null,
      h('input', {
        type: 'radio', name: `usage-${name}`, value, checked: value === current,
        onchange: () => onchange(value),
      }),
      h('span', null, typeof option === 'string' ? option : option.label))));
}

export async function show(container, ctx) {
  const title = h('h1', { id: 'usage-title' }, 'Usage');
  const refreshButton = h('button', { type: 'button', id: 'refresh-usage' }, 'Refresh');
  const controls = h('div', { class: 'controls' });
  const chartBox = h('figure', { class: 'chart-box', id: 'usage-chart' });
  const totalsBox = h('div', { class: 'table-wrap', id: 'usage-totals' });
  const rowsBox = h('div', { class: 'table-wrap', id: 'usage-rows' });
  const status = h('p', { class: 'summary', id: 'usage-summary' });
  container.append(h('div', { class: 'bar' }, title, h('div', { class: 'tools' }, refreshButton)), controls, status, chartBox,
    h('h2', null, 'Totals'), totalsBox, h('h2', null, 'By period'), rowsBox);

  let last = null;

  function renderControls() {
    controls.replaceChildren(
      radios('range', RANGES, chosen.range, (v) => { chosen.range = v; refresh(); }),
      radios('by', DIMENSIONS, chosen.by, (v) => { chosen.by = v; refresh(); }),
      radios('metric', METRICS, chosen.metric, (v) => { chosen.metric = v; refresh(); }));
  }

  async function refresh() {
    const periods = periodsOf(chosen.range);
    const range = RANGES[chosen.range];
    const query = new URLSearchParams({ by: chosen.by, granularity: range.granularity, from: periods[0].start.toISOString() });
    let rows;
    let names = new Map();
    try {
      const [usage, keys, accounts] = await Promise.all([
        ctx.api('GET', `usage?${query}`),
        chosen.by === 'key' ? ctx.api('GET', 'keys') : null,
        chosen.by === 'account' ? ctx.api('GET', 'accounts') : null,
      ]);
      rows = usage.rows;
      for (const item of [...(keys?.items ?? []), ...(accounts?.items ?? [])]) {
        names.set(item.id, item.name);
      }
    } catch (e) {
      if (e.status !== 401) {
        status.textContent = `Could not load the usage: ${e.message}`;
      }
      return;
    }
    last = [periods, rows, names];
    render(periods, rows, names);
  }

  function render(periods, rows, names) {
    const metric = METRICS[chosen.metric];
    const nameOf = (group) => names.get(group) ?? group;
    const byGroup = new Map();
    for (const row of rows) {
      const total = byGroup.get(row.group) ?? {
        group: row.group, requests: 0, inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, costUsd: 0,
      };
      for (const f of ['requests', 'inputTokens', 'outputTokens', 'cacheWriteTokens', 'cacheReadTokens', 'costUsd']) {
        total[f] += row[f];
      }
      byGroup.set(row.group, total);
    }
    const ranked = [...byGroup.values()].sort((a, b) => metric.value(b) - metric.value(a) || a.group.localeCompare(b.group));
    const shown = ranked.slice(0, MAX_SERIES);
    const rest = new Set(ranked.slice(MAX_SERIES).map((t) => t.group));
    const series = shown.map((t, i) => ({ group: t.group, name: nameOf(t.group), color: PALETTE[i], values: new Map() }));
    if (rest.size) series.push({ group: null, name: 'other', color: PALETTE[MAX_SERIES], values: new Map() });
    for (const row of rows) {
      const s = series.find((x) => x.group === row.group) ?? series[series.length - 1];
      s.values.set(row.period, (s.values.get(row.period) ?? 0) + metric.value(row));
    }

    const grand = ranked.reduce((sum, t) => sum + metric.value(t), 0);
    const range = RANGES[chosen.range];
    status.textContent = rows.length === 0
      ? `Nothing recorded in the last ${range.label.toLowerCase()} (periods in UTC).`
      : `${metric.label} in the last ${range.label.toLowerCase()} by ${chosen.by}: ${metric.format(grand)} (periods in UTC).`;

    const width = Math.max(300, chartBox.clientWidth - 20);
    const narrow = width < 600;
    const chart = stackedBars({
      periods,
      series,
      format: metric.format,
      tick: metric.tick,
      width,
      height: narrow ? 200 : 260,
      labelEvery: Math.ceil(periods.length / Math.max(4, Math.floor(width / 70))),
      description: `${metric.label} per ${range.granularity} by ${chosen.by}, last ${range.label.toLowerCase()}: ${metric.format(grand)} in all`,
    });
    const legend = h('ul', { class: 'legend' }, series.map((s) => {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = s.color;
      return h('li', null, swatch, s.name);
    }));
    chartBox.replaceChildren(chart, h('figcaption', null, legend));

    const dimension = DIMENSIONS[chosen.by];
    const head = [dimension, 'Requests', 'Input', 'Output', 'Cache write', 'Cache read', 'Cost'];
    const cells = (t) => [
      h('td', { 'data-label': 'Requests', class: 'num' }, count(t.requests)),
      h('td', { 'data-label': 'Input', class: 'num' }, count(t.inputTokens)),
      h('td', { 'data-label': 'Output', class: 'num' }, count(t.outputTokens)),
      h('td', { 'data-label': 'Cache write', class: 'num' }, count(t.cacheWriteTokens)),
      h('td', { 'data-label': 'Cache read', class: 'num' }, count(t.cacheReadTokens)),
      h('td', { 'data-label': 'Cost', class: 'num' }, usd(t.costUsd)),
    ];
    totalsBox.replaceChildren(ranked.length === 0 ? h('p', { class: 'muted' }, 'No rows.') : h('table', { class: 'cards', id: 'usage-totals-table' },
      h('thead', null, h('tr', null, head.map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : null }, c)))),
      h('tbody', null, ranked.map((t) => h('tr', { dataset: { group: t.group } },
        h('th', { scope: 'row', 'data-label': dimension }, nameOf(t.group)), cells(t))))));
    const sorted = [...rows].sort((a, b) => b.period.localeCompare(a.period) || metric.value(b) - metric.value(a));
    rowsBox.replaceChildren(rows.length === 0 ? h('p', { class: 'muted' }, 'No rows.') : h('table', { class: 'cards', id: 'usage-table' },
      h('thead', null, h('tr', null, ['Period (UTC)', ...head].map((c, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, c)))),
      h('tbody', null, sorted.map((r) => h('tr', { dataset: { group: r.group, period: r.period } },
        h('td', { 'data-label': 'Period (UTC)' }, r.period.replace('T', ' ') + (r.period.length === 13 ? 'h' : '')),
        h('th', { scope: 'row', 'data-label': dimension }, nameOf(r.group)), cells(r))))));
  }

  let resizeTimer = null;
  let lastWidth = window.innerWidth;
  const onResize = () => {
    if (!document.contains(container)) {
      window.removeEventListener('resize', onResize);
      return;
    }
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (last) render(...last); }, 150);
  };
  window.addEventListener('resize', onResize);

  refreshButton.addEventListener('click', refresh);
  renderControls();
  await refresh();
  return { refresh, autoRefresh: false };
}
