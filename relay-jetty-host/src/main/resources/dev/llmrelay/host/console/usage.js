// Usage: cost, tokens and requests over a day, a week, a month or chosen days, by key, account or model; the chart and the table behind it.
import { h, usd, tokens, count, local, utc, timeZone } from './dom.js';
import { stackedBars, PALETTE } from './chart.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const RANGES = {
  day: { label: 'Day', granularity: 'hour', periods: 24 },
  week: { label: 'Week', granularity: 'day', periods: 7 },
  month: { label: 'Month', granularity: 'day', periods: 30 },
  custom: { label: 'Dates' },
};
/** Chosen days: one bar per hour up to this many days, per day up to CUSTOM_DAILY_DAYS, per month beyond. */
const CUSTOM_HOURLY_DAYS = 2;
const CUSTOM_DAILY_DAYS = 92;
const DIMENSIONS = { key: 'Key', account: 'Account', model: 'Model' };
const METRICS = {
  cost: { label: 'Cost', value: (r) => r.costUsd, format: usd, tick: (v) => (v === 0 ? '$0' : `$${Number(v.toPrecision(3))}`) },
  tokens: { label: 'Tokens', value: (r) => r.inputTokens + r.outputTokens + r.cacheWriteTokens + r.cacheReadTokens, format: tokens, tick: tokens, integer: true },
  requests: { label: 'Requests', value: (r) => r.requests, format: count, tick: count, integer: true },
};
const MAX_SERIES = 7;

/** A UTC day as the date inputs and the admin API's day periods write it: 2026-11-23. */
function utcDay(time) {
  return new Date(time).toISOString().slice(0, 10);
}

// Kept while the console is open, so coming back to Usage shows what was last chosen.
const chosen = {
  range: 'day', by: 'key', metric: 'cost', from: utcDay(Date.now() - 6 * DAY_MS), to: utcDay(Date.now()),
};

/** An hour period (2026-11-23T14, UTC) shown in the browser's time zone; the UTC hour on hover. */
function hourPeriod(key) {
  const start = new Date(`${key}:00:00Z`);
  const text = local(start.toISOString());
  return { key, label: text.slice(11, 16), title: `${text} · ${utc(start.toISOString())}`, text, start };
}

function dayPeriod(key) {
  return { key, label: key.slice(5), title: `${key} (UTC day)`, text: key, start: new Date(`${key}T00:00:00Z`) };
}

function monthPeriod(key) {
  return { key, label: key, title: `${key} (UTC month)`, text: key, start: new Date(`${key}-01T00:00:00Z`) };
}

/** Every period of a granularity in [start, end), oldest first, named as the admin API names them. */
function periodsBetween(granularity, start, end) {
  const periods = [];
  if (granularity === 'hour') {
    for (let t = start; t < end; t += HOUR_MS) periods.push(hourPeriod(new Date(t).toISOString().slice(0, 13)));
  } else if (granularity === 'day') {
    for (let t = start; t < end; t += DAY_MS) periods.push(dayPeriod(utcDay(t)));
  } else {
    const first = new Date(start);
    for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); Date.UTC(y, m) < end; m += 1) {
      periods.push(monthPeriod(new Date(Date.UTC(y, m)).toISOString().slice(0, 7)));
    }
  }
  return periods;
}

/**
 * What to ask GET /admin/v1/usage and how to draw it: {granularity, periods, query, what}, or {problem} when the
 * chosen days cannot be asked for. The last day, the last week and the last month end now; chosen days are whole
 * UTC days, the last one included, as the API's day periods are.
 */
function rangeSpec(now = Date.now()) {
  if (chosen.range !== 'custom') {
    const range = RANGES[chosen.range];
    const step = range.granularity === 'hour' ? HOUR_MS : DAY_MS;
    const end = Math.floor(now / step) * step + step;
    const start = end - range.periods * step;
    return {
      granularity: range.granularity,
      periods: periodsBetween(range.granularity, start, end),
      query: { from: new Date(start).toISOString() },
      what: `in the last ${range.label.toLowerCase()}`,
      zone: range.granularity === 'hour' ? `hours in your time zone, ${timeZone()}` : 'days are UTC days',
    };
  }
  const valid = (day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));
  if (!valid(chosen.from) || !valid(chosen.to)) {
    return { problem: 'Choose the first and the last day.' };
  }
  const start = Date.parse(`${chosen.from}T00:00:00Z`);
  const end = Date.parse(`${chosen.to}T00:00:00Z`) + DAY_MS;
  if (end <= start) {
    return { problem: `The first day (${chosen.from}) is after the last (${chosen.to}).` };
  }
  const days = (end - start) / DAY_MS;
  const granularity = days <= CUSTOM_HOURLY_DAYS ? 'hour' : days <= CUSTOM_DAILY_DAYS ? 'day' : 'month';
  return {
    granularity,
    periods: periodsBetween(granularity, start, end),
    query: { from: new Date(start).toISOString(), to: new Date(end).toISOString() },
    what: chosen.from === chosen.to ? `on ${chosen.from}` : `from ${chosen.from} to ${chosen.to}`,
    zone: granularity === 'hour' ? `UTC days, hours in your time zone, ${timeZone()}` : 'UTC days',
  };
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
  let asked = 0;

  const fromInput = h('input', { type: 'date', id: 'usage-from', value: chosen.from, max: utcDay(Date.now()), required: true });
  const toInput = h('input', { type: 'date', id: 'usage-to', value: chosen.to, max: utcDay(Date.now()), required: true });
  const datesProblem = h('p', { class: 'error', id: 'usage-dates-error', role: 'alert', hidden: true });
  const dates = h('fieldset', { class: 'dates', id: 'usage-dates' },
    h('legend', null, 'Days (UTC)'),
    h('div', { class: 'field' }, h('label', { for: fromInput.id }, 'From'), fromInput),
    h('div', { class: 'field' }, h('label', { for: toInput.id }, 'To (included)'), toInput),
    datesProblem);
  for (const input of [fromInput, toInput]) {
    input.addEventListener('change', () => {
      chosen.from = fromInput.value;
      chosen.to = toInput.value;
      refresh();
    });
  }

  function renderControls() {
    dates.hidden = chosen.range !== 'custom';
    controls.replaceChildren(
      radios('range', RANGES, chosen.range, (v) => {
        chosen.range = v;
        dates.hidden = v !== 'custom';
        refresh();
      }),
      radios('by', DIMENSIONS, chosen.by, (v) => { chosen.by = v; refresh(); }),
      radios('metric', METRICS, chosen.metric, (v) => { chosen.metric = v; refresh(); }),
      dates);
  }

  async function refresh() {
    const spec = rangeSpec();
    datesProblem.hidden = !spec.problem;
    if (spec.problem) {
      datesProblem.textContent = spec.problem;
      status.textContent = spec.problem;
      return;
    }
    const query = new URLSearchParams({ by: chosen.by, granularity: spec.granularity, ...spec.query });
    const mine = ++asked;
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
      if (e.status !== 401 && mine === asked) {
        status.textContent = `Could not load the usage: ${e.message}`;
      }
      return;
    }
    if (mine !== asked) return; // a later choice's answer is, or will be, drawn instead
    last = [spec, rows, names];
    render(spec, rows, names);
  }

  function render(spec, rows, names) {
    const { periods, granularity } = spec;
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
    status.textContent = rows.length === 0
      ? `Nothing recorded ${spec.what} (${spec.zone}).`
      : `${metric.label} ${spec.what} by ${chosen.by}: ${metric.format(grand)} (${spec.zone}).`;

    const width = Math.max(300, chartBox.clientWidth - 20);
    const narrow = width < 600;
    const chart = stackedBars({
      periods,
      series,
      format: metric.format,
      tick: metric.tick,
      integer: metric.integer,
      width,
      height: narrow ? 200 : 260,
      labelEvery: Math.ceil(periods.length / Math.max(4, Math.floor(width / 70))),
      description: `${metric.label} per ${granularity} by ${chosen.by}, ${spec.what}: ${metric.format(grand)} in all`,
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
    const periodHead = { hour: 'Hour (your time)', day: 'Day (UTC)', month: 'Month (UTC)' }[granularity];
    const periodOf = { hour: hourPeriod, day: dayPeriod, month: monthPeriod }[granularity];
    const sorted = [...rows].sort((a, b) => b.period.localeCompare(a.period) || metric.value(b) - metric.value(a));
    rowsBox.replaceChildren(rows.length === 0 ? h('p', { class: 'muted' }, 'No rows.') : h('table', { class: 'cards', id: 'usage-table' },
      h('thead', null, h('tr', null, [periodHead, ...head].map((c, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, c)))),
      h('tbody', null, sorted.map((r) => {
        const period = periodOf(r.period);
        return h('tr', { dataset: { group: r.group, period: r.period } },
          h('td', { 'data-label': periodHead, class: 'period' }, h('span', { title: period.title }, period.text)),
          h('th', { scope: 'row', 'data-label': dimension }, nameOf(r.group)), cells(r));
      }))));
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
