// Keys: each key's use against each of its limits; create (the key shown once), change limits and restrictions, disable, delete.
import { h, when, at, relative, words, valueOf, numberOf, field, usd, tokens, count } from './dom.js';
import { listControls, matchesSearch } from './listing.js';

const SERVICES = ['claude', 'openai', 'gemini', 'droid'];
const CLIENTS = [['claude-code', 'Claude Code'], ['codex-cli', 'Codex CLI'], ['gemini-cli', 'Gemini CLI'], ['droid-cli', 'Droid CLI']];
const LIMITS = [
  ['requestsPerWindow', 'Requests per window', 1],
  ['tokensPerWindow', 'Tokens per window', 1],
  ['costPerDayUsd', 'Cost per day (USD)', 0.01],
  ['costPerWeekUsd', 'Cost per week (USD)', 0.01],
  ['costTotalUsd', 'Cost in total (USD)', 0.01],
  ['maxConcurrency', 'Concurrent requests', 1],
];

/** One figure against its limit: "3 / 100" with a bar, or the figure alone when there is no limit. */
function meter(label, used, limit, format) {
  if (limit === undefined || limit === null) {
    return h('div', { class: 'meter none', dataset: { limit: label } },
      h('span', { class: 'meter-label' }, label), h('span', { class: 'meter-text' }, `${format(used)}`), h('span', { class: 'muted small' }, ' no limit'));
  }
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  const bar = h('span', { class: 'meter-fill' });
  bar.style.width = `${Math.round(share * 100)}%`;
  const level = share >= 1 ? 'full' : share >= 0.8 ? 'high' : 'ok';
  return h('div', { class: `meter ${level}`, dataset: { limit: label } },
    h('span', { class: 'meter-label' }, label),
    h('span', { class: 'meter-text' }, `${format(used)} / ${format(limit)}`),
    h('span', {
      class: 'meter-bar', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': limit, 'aria-valuenow': used,
    }, bar));
}

const STATE_FILTERS = [
  ['enabled', 'enabled'],
  ['disabled', 'disabled'],
  ['expired', 'expired'],
  ['near-limit', 'at 80% of a limit or more'],
];

// Kept while the console is open, so coming back to Keys shows the same filters and page.
const listState = { query: '', page: 1, size: 25, state: '', service: '', group: '' };

/** Whether any of the key's figures is at 80% of its limit or more. */
function nearALimit(key) {
  const limits = key.limits ?? {};
  const standing = key.standing ?? {};
  return [
    [standing.requestsInWindow, limits.requestsPerWindow],
    [standing.tokensInWindow, limits.tokensPerWindow],
    [standing.costTodayUsd, limits.costPerDayUsd],
    [standing.costWeekUsd, limits.costPerWeekUsd],
    [standing.costTotalUsd, limits.costTotalUsd],
    [standing.inFlight, limits.maxConcurrency],
  ].some(([used, limit]) => limit !== undefined && limit !== null && (limit === 0 || (used ?? 0) / limit >= 0.8));
}

function keyState(key) {
  if (!key.enabled) return ['disabled', 'disabled'];
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return ['expired', 'expired'];
  return ['active', 'enabled'];
}

export async function show(container, ctx) {
  const title = h('h1', { id: 'keys-title' }, 'Keys');
  const summary = h('p', { class: 'summary', id: 'keys-summary' });
  const body = h('div', { class: 'table-wrap' });
  const createButton = h('button', { type: 'button', class: 'primary', id: 'create-key' }, 'Create key');
  const refreshButton = h('button', { type: 'button', id: 'refresh-keys' }, 'Refresh');
  const controls = listControls({
    prefix: 'keys',
    noun: 'key',
    state: listState,
    searchLabel: 'Search',
    placeholder: 'name, id, model, client, account…',
    selects: [
      { name: 'state', label: 'State', all: 'any state' },
      { name: 'service', label: 'Service', all: 'any service' },
      { name: 'group', label: 'Bound group', all: 'any group' },
    ],
    onChange: () => render(),
  });
  controls.setOptions('state', STATE_FILTERS);
  controls.setOptions('service', SERVICES.map((s) => [s, s]));
  container.append(h('div', { class: 'bar' }, title, h('div', { class: 'tools' }, refreshButton, createButton)), summary,
    controls.bar, body, controls.pager);

  let items = [];
  let accounts = [];

  async function refresh() {
    try {
      const [keyList, accountList] = await Promise.all([ctx.api('GET', 'keys'), ctx.api('GET', 'accounts')]);
      items = keyList.items;
      accounts = accountList.items;
      render();
    } catch (e) {
      if (e.status !== 401) {
        summary.textContent = `Could not load the keys: ${e.message}`;
      }
    }
  }

  function matchesState(key) {
    switch (listState.state) {
      case '': return true;
      case 'near-limit': return nearALimit(key);
      default: return keyState(key)[0] === (listState.state === 'enabled' ? 'active' : listState.state);
    }
  }

  function render() {
    const disabled = items.filter((k) => !k.enabled).length;
    summary.textContent = items.length === 0 ? 'No keys yet. Create one for each person or program that uses the relay.'
      : `${items.length} key${items.length === 1 ? '' : 's'} · ${disabled} disabled`;
    controls.setOptions('group', [...new Set(items.map((k) => k.boundGroup).filter((g) => g))].sort().map((g) => [g, g]));
    const matching = items.filter((k) => matchesState(k)
      // A key without services may use every service.
      && (!listState.service || k.services.length === 0 || k.services.includes(listState.service))
      && (!listState.group || k.boundGroup === listState.group)
      && matchesSearch(listState.query, [k.name, k.id, keyState(k)[1], ...k.services, ...k.allowedModels, ...k.blockedModels,
        ...k.allowedClients, k.boundGroup, k.boundAccount ? accountName(k.boundAccount) : null]));
    const page = controls.page(matching, items.length);
    if (items.length === 0) {
      body.replaceChildren();
      return;
    }
    if (matching.length === 0) {
      body.replaceChildren(h('p', { class: 'empty', id: 'keys-none' }, 'No key matches these filters.'));
      return;
    }
    body.replaceChildren(h('table', { class: 'cards', id: 'keys-table' },
      h('caption', { class: 'visually-hidden' }, 'Relay keys'),
      h('thead', null, h('tr', null,
        ['Name', 'State', 'Use against limits', 'Restrictions', 'Last used', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, page.map(row))));
  }

  function accountName(id) {
    return accounts.find((a) => a.id === id)?.name ?? id;
  }

  function row(key) {
    const limits = key.limits ?? {};
    const standing = key.standing ?? {};
    const [state, stateText] = keyState(key);
    const windowText = `${limits.windowSeconds ?? 60} s`;
    const restrictions = [
      key.services.length ? `services: ${key.services.join(', ')}` : null,
      key.allowedModels.length ? `models: ${key.allowedModels.join(', ')}` : null,
      key.blockedModels.length ? `blocked: ${key.blockedModels.join(', ')}` : null,
      key.allowedClients.length ? `clients: ${key.allowedClients.join(', ')}` : null,
      key.boundAccount ? `account: ${accountName(key.boundAccount)}` : null,
      key.boundGroup ? `group: ${key.boundGroup}` : null,
      key.expiresAt ? [`${Date.parse(key.expiresAt) <= Date.now() ? 'expired' : 'expires'} ${relative(key.expiresAt)}, `, at(key.expiresAt)] : null,
      key.expiresAfterFirstUseDays ? `expires ${key.expiresAfterFirstUseDays} d after first use` : null,
    ].filter((r) => r);
    return h('tr', { dataset: { keyId: key.id, name: key.name, state } },
      h('td', { 'data-label': 'Name' }, h('strong', null, key.name), h('div', { class: 'muted small mono' }, key.id)),
      h('td', { 'data-label': 'State' }, h('span', { class: `badge key-${state}` }, stateText)),
      h('td', { 'data-label': 'Use against limits', class: 'meters' },
        meter(`requests / ${windowText}`, standing.requestsInWindow ?? 0, limits.requestsPerWindow, count),
        meter(`tokens / ${windowText}`, standing.tokensInWindow ?? 0, limits.tokensPerWindow, tokens),
        meter('today', standing.costTodayUsd ?? 0, limits.costPerDayUsd, usd),
        meter('this week', standing.costWeekUsd ?? 0, limits.costPerWeekUsd, usd),
        meter('in total', standing.costTotalUsd ?? 0, limits.costTotalUsd, usd),
        meter('in flight', standing.inFlight ?? 0, limits.maxConcurrency, count)),
      h('td', { 'data-label': 'Restrictions', class: 'small restrictions' },
        restrictions.length ? h('ul', { class: 'plain' }, restrictions.map((r) => h('li', null, r))) : h('span', { class: 'muted' }, 'none')),
      h('td', { 'data-label': 'Last used', class: 'last-used' }, when(key.lastUsedAt)),
      h('td', { 'data-label': 'Actions', class: 'actions-cell' },
        h('button', { type: 'button', class: 'small-button', 'aria-label': `Change ${key.name}`, onclick: () => openKeyForm(ctx, key, accounts, refresh) }, 'Change'),
        h('button', { type: 'button', class: 'small-button', 'aria-label': `${key.enabled ? 'Disable' : 'Enable'} ${key.name}`, onclick: () => toggle(key) },
          key.enabled ? 'Disable' : 'Enable'),
        h('button', { type: 'button', class: 'small-button danger', 'aria-label': `Delete ${key.name}`, onclick: () => remove(key) }, 'Delete')));
  }

  async function toggle(key) {
    if (key.enabled) {
      const sure = await ctx.confirm(`Disable ${key.name}?`, 'Disable key', 'Its requests are refused with 401 until you enable it again.');
      if (!sure) return;
    }
    const done = await ctx.act(() => ctx.api('PATCH', `keys/${encodeURIComponent(key.id)}`, { enabled: !key.enabled }),
      key.enabled ? `${key.name} is disabled.` : `${key.name} is enabled.`);
    if (done.ok) await refresh();
  }

  async function remove(key) {
    const sure = await ctx.confirm(`Delete ${key.name}?`, 'Delete key',
      'Whoever holds it is refused from now on; this cannot be undone. Its usage history stays.');
    if (!sure) return;
    const done = await ctx.act(() => ctx.api('DELETE', `keys/${encodeURIComponent(key.id)}`), `${key.name} deleted.`);
    if (done.ok) await refresh();
  }

  createButton.addEventListener('click', () => openKeyForm(ctx, null, accounts, refresh));
  refreshButton.addEventListener('click', refresh);
  await refresh();
  return { refresh, autoRefresh: true };
}

/** The plaintext key, this once, with a copy button. */
function showOnce(ctx, created) {
  const keyText = h('textarea', { id: 'new-key', class: 'mono key-text', readonly: true, rows: 2, 'aria-label': 'The new key', spellcheck: 'false' }, created.key);
  const copied = h('span', { class: 'muted small', role: 'status' });
  const copy = h('button', { type: 'button', id: 'copy-key', class: 'primary' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      copied.textContent = 'Copied.';
    } catch {
      keyText.select();
      copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  const done = h('button', { type: 'button', id: 'key-done', onclick: () => close() }, 'Done');
  const content = h('div', { class: 'once' },
    h('p', null, `This is ${created.name}'s key. It is shown only now: the relay keeps only its hash. Copy it and hand it over safely.`),
    h('div', { class: 'copy-row' }, keyText, copy),
    copied,
    h('div', { class: 'actions' }, done));
  const { close } = ctx.dialog('Your new key', content);
  keyText.select();
  copy.focus();
}

function openKeyForm(ctx, key, accounts, refresh) {
  const creating = key === null;
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const limits = key?.limits ?? {};
  const services = h('fieldset', { class: 'checks' }, h('legend', null, 'Services (none checked: all)'),
    SERVICES.map((s) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: 'services', value: s, checked: (key?.services ?? []).includes(s) }), ` ${s}`)));
  const knownClients = CLIENTS.map(([id]) => id);
  const clients = h('fieldset', { class: 'checks' }, h('legend', null, 'Clients (none: any client)'),
    CLIENTS.map(([id, label]) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: 'clients', value: id, checked: (key?.allowedClients ?? []).includes(id) }), ` ${label}`)),
    field('User-Agent patterns', h('input', {
      name: 'clientPatterns', value: (key?.allowedClients ?? []).filter((c) => !knownClients.includes(c)).join(', '), placeholder: 'our-bot/*',
    }), 'Comma-separated, each with *.'));
  const boundAccount = h('select', { name: 'boundAccount' },
    h('option', { value: '' }, 'any account'),
    accounts.map((a) => h('option', { value: a.id, selected: key?.boundAccount === a.id }, `${a.name} (${a.platform})`)));

  const limitFields = h('fieldset', { class: 'grid limits' }, h('legend', null, 'Limits (empty: no limit)'),
    field('Window (seconds)', h('input', { name: 'windowSeconds', type: 'number', min: 1, step: 1, value: limits.windowSeconds ?? '', placeholder: '60' })),
    LIMITS.map(([name, label, step]) => field(label, h('input', { name, type: 'number', min: 0, step, value: limits[name] ?? '' }))));

  const form = h('form', { class: 'key-form', novalidate: true },
    h('div', { class: 'grid' },
      field('Name', h('input', { name: 'name', required: true, value: key?.name ?? '', autocomplete: 'off' }), 'Who or what holds the key.'),
      h('div', { class: 'field' }, h('label', { class: 'inline' },
        h('input', { type: 'checkbox', name: 'enabled', checked: key ? key.enabled : true }), ' Enabled'))),
    limitFields,
    h('details', { open: !creating && (key.services.length || key.allowedModels.length || key.blockedModels.length
      || key.allowedClients.length || key.boundAccount || key.boundGroup || key.expiresAt || key.expiresAfterFirstUseDays) ? true : null },
    h('summary', null, 'Restrictions and expiry'),
    h('div', { class: 'grid' },
      services,
      clients,
      field('Allowed models', h('input', { name: 'allowedModels', value: (key?.allowedModels ?? []).join(', ') }), 'Empty: all.'),
      field('Blocked models', h('input', { name: 'blockedModels', value: (key?.blockedModels ?? []).join(', ') })),
      field('Bound account', boundAccount),
      field('Bound group', h('input', { name: 'boundGroup', value: key?.boundGroup ?? '' })),
      field('Expires at (UTC)', h('input', { name: 'expiresAt', value: key?.expiresAt ?? '', placeholder: '2027-01-01T00:00:00Z' }), 'ISO-8601; empty: never.'),
      field('Expires days after first use', h('input', { name: 'expiresAfterFirstUseDays', type: 'number', min: 1, step: 1, value: key?.expiresAfterFirstUseDays ?? '' })))),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, creating ? 'Create key' : 'Save changes')));

  function payload() {
    const checked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
    const limitValues = {};
    for (const name of ['windowSeconds', ...LIMITS.map(([n]) => n)]) {
      const value = numberOf(form, name);
      if (value !== null) {
        if (Number.isNaN(value)) throw new Error(`${name} must be a number.`);
        limitValues[name] = value;
      }
    }
    const body = {
      name: valueOf(form, 'name'),
      enabled: form.elements.namedItem('enabled').checked,
      services: checked('services'),
      allowedModels: words(valueOf(form, 'allowedModels')),
      blockedModels: words(valueOf(form, 'blockedModels')),
      allowedClients: [...checked('clients'), ...words(valueOf(form, 'clientPatterns'))],
      boundAccount: valueOf(form, 'boundAccount') || null,
      boundGroup: valueOf(form, 'boundGroup') || null,
      expiresAt: valueOf(form, 'expiresAt') || null,
      expiresAfterFirstUseDays: numberOf(form, 'expiresAfterFirstUseDays'),
      limits: Object.keys(limitValues).length ? limitValues : null,
    };
    if (creating) {
      // Absent means "no limit" or "the default": leave out what is empty.
      for (const [k, v] of Object.entries(body)) {
        if (v === null || (Array.isArray(v) && v.length === 0)) delete body[k];
      }
    }
    return body;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    let body;
    try {
      if (!valueOf(form, 'name')) throw new Error('Enter a name.');
      body = payload();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    const done = creating
      ? await ctx.act(() => ctx.api('POST', 'keys', body), null, error)
      : await ctx.act(() => ctx.api('PATCH', `keys/${encodeURIComponent(key.id)}`, body), (view) => `${view.name} saved.`, error);
    if (done.ok) {
      close();
      if (creating) {
        showOnce(ctx, done.result);
      }
      await refresh();
    }
  });

  const { close } = ctx.dialog(creating ? 'Create a key' : `Change ${key.name}`, form, { wide: true });
  form.elements.namedItem('name').focus();
}
