// Small helpers: elements built from text nodes only (never from markup strings), and how figures are written.

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An HTML element: h('button', {class: 'x', onclick: f}, 'text', otherNode). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

const integer = new Intl.NumberFormat('en-US');

export function count(n) {
  return integer.format(n ?? 0);
}

/** Tokens as 1.2k, 3.4M; exact below 10,000. */
export function tokens(n) {
  const value = n ?? 0;
  if (value < 10_000) return integer.format(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(2)}M`;
}

/** USD: cents for sums of a dollar or more, up to four decimals below. */
export function usd(n) {
  const value = n ?? 0;
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(3)}`;
  return `$${value.toFixed(4)}`;
}

/** An ISO time as "2026-11-23 14:05 UTC" (the relay and its usage periods keep UTC). */
export function utc(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const zoneName = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' });
const two = (n) => String(n).padStart(2, '0');

/** The browser's time zone as the console names it: "Europe/Berlin", or "UTC". */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local time';
}

/** An ISO time in the browser's time zone: "2026-11-23 15:05 GMT+1". */
export function local(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const zone = zoneName.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}${zone ? ` ${zone}` : ''}`;
}

/** Both ways of writing a time, for a tooltip: "2026-11-23 15:05 GMT+1 · 2026-11-23 14:05 UTC". */
function bothZones(iso) {
  const there = local(iso);
  const utcText = utc(iso);
  return there.endsWith(' UTC') ? utcText : `${there} · ${utcText}`;
}

/** How far a time is from now: "in 9 min", "3 h ago", "just now". */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const span = Math.abs(seconds);
  let text;
  if (span < 45) return seconds > 5 ? 'in a moment' : 'just now';
  if (span < 90 * 60) text = `${Math.round(span / 60)} min`;
  else if (span < 36 * 3600) text = `${Math.round(span / 3600)} h`;
  else text = `${Math.round(span / 86400)} d`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}

/** A time shown relative to now ("5 min ago"), with the local and the UTC time on hover. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, 'never');
  return h('time', { datetime: iso, title: bothZones(iso) }, relative(iso));
}

/** A time shown in the browser's time zone ("2026-11-23 15:05 GMT+1"), with the UTC time on hover. */
export function at(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: utc(iso) }, local(iso));
}

/** Words from a comma- or line-separated field, empty ones dropped. */
export function words(text) {
  return String(text ?? '').split(/[\n,]/).map((w) => w.trim()).filter((w) => w.length > 0);
}

/** The text of a form field, trimmed. */
export function valueOf(form, name) {
  const field = form.elements.namedItem(name);
  return field ? String(field.value).trim() : '';
}

/** A number field: null when empty. */
export function numberOf(form, name) {
  const text = valueOf(form, name);
  return text === '' ? null : Number(text);
}

/** A labelled form field. */
export function field(label, input, hint) {
  const id = input.id || `f-${input.getAttribute('name')}`;
  input.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null);
}
