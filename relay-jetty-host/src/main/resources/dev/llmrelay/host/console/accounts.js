// Accounts: which upstream account is serving, limited or broken; add (API key, OAuth tokens, OAuth sign-in), change, pause, delete.
import { h, when, at, local, utc, relative, words, valueOf, numberOf, field } from './dom.js';
import { listControls, matchesSearch } from './listing.js';

const PLATFORMS = ['claude', 'openai', 'gemini', 'droid', 'openai-compatible'];
/** Platforms whose subscription accounts the relay can onboard with the OAuth sign-in flow. */
const OAUTH_PLATFORMS = ['claude', 'openai', 'gemini', 'droid'];
const STATE_TEXT = {
  active: 'active', 'rate-limited': 'rate-limited', overloaded: 'overloaded', unauthorized: 'unauthorized', disabled: 'disabled',
};
/** The relay refreshes a token that expires within this before it uses it (TokenRefresher's margin). */
const REFRESH_MARGIN_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const STATE_FILTERS = [
  ['not-active', 'not active'],
  ['active', 'active'],
  ['rate-limited', 'rate-limited'],
  ['overloaded', 'overloaded'],
  ['unauthorized', 'unauthorized'],
  ['disabled', 'disabled'],
  ['paused', 'paused'],
  ['token-expiring', 'token expired or expiring within a day'],
];

// Kept while the console is open, so coming back to Accounts shows the same filters and page.
const listState = { query: '', page: 1, size: 25, state: '', platform: '', group: '' };

/** A subscription account whose provider refused its refresh token: it serves nothing until it gets new tokens. */
function refreshRefused(account) {
  return account.kind === 'oauth' && account.status.state === 'unauthorized'
    && /refused the refresh token/.test(account.status.reason ?? '');
}

/**
 * Where a subscription account's access token stands: {kind, level, text, at}. kind names the case for tests and
 * styles; level is muted, warn or danger.
 */
function tokenStanding(account, now = Date.now()) {
  const oauth = account.oauth;
  if (!oauth) return null;
  const refreshable = oauth.refreshable;
  if (!oauth.expiresAt) {
    return { kind: 'no-expiry', level: 'muted', text: refreshable ? 'token expiry not given' : 'token expiry not given · no refresh token' };
  }
  const left = Date.parse(oauth.expiresAt) - now;
  if (refreshRefused(account)) {
    return { kind: 'refused', level: 'danger', text: left > 0 ? `token expires ${relative(oauth.expiresAt, now)}, cannot refresh` : 'token expired, cannot refresh', at: oauth.expiresAt };
  }
  if (left > REFRESH_MARGIN_MS) {
    return refreshable
      ? { kind: 'valid', level: 'muted', text: `token expires ${relative(oauth.expiresAt, now)}`, at: oauth.expiresAt }
      : { kind: 'valid-final', level: left < DAY_MS ? 'warn' : 'muted', text: `token expires ${relative(oauth.expiresAt, now)} · no refresh token`, at: oauth.expiresAt };
  }
  if (refreshable) {
    return left > 0
      ? { kind: 'expiring', level: 'muted', text: `token expires ${relative(oauth.expiresAt, now)}, will refresh when next used`, at: oauth.expiresAt }
      : { kind: 'expired', level: 'muted', text: 'token expired, will refresh when next used', at: oauth.expiresAt };
  }
  return left > 0
    ? { kind: 'expiring-final', level: 'danger', text: `token expires ${relative(oauth.expiresAt, now)} · no refresh token: give new tokens`, at: oauth.expiresAt }
    : { kind: 'expired-final', level: 'danger', text: `token expired ${relative(oauth.expiresAt, now)} · no refresh token: give new tokens`, at: oauth.expiresAt };
}

function tokenLine(account) {
  const standing = tokenStanding(account);
  if (!standing) return null;
  return h('div', {
    class: `token small token-${standing.level}`, dataset: { token: standing.kind },
    title: standing.at ? `expires at ${local(standing.at)} · ${utc(standing.at)}` : null,
  }, standing.text);
}

function matchesState(account, wanted) {
  const state = account.status.state;
  switch (wanted) {
    case '': return true;
    case 'not-active': return state !== 'active';
    case 'paused': return !account.schedulable;
    case 'token-expiring': return Boolean(account.oauth?.expiresAt) && Date.parse(account.oauth.expiresAt) - Date.now() < DAY_MS;
    default: return state === wanted;
  }
}

export async function show(container, ctx) {
  const title = h('h1', { id: 'accounts-title' }, 'Accounts');
  const summary = h('p', { class: 'summary', id: 'accounts-summary' });
  const attention = h('div', { class: 'callout', id: 'accounts-attention', role: 'region', 'aria-label': 'Accounts that need new credentials', hidden: true });
  const body = h('div', { class: 'table-wrap' });
  const addButton = h('button', { type: 'button', class: 'primary', id: 'add-account' }, 'Add account');
  const refreshButton = h('button', { type: 'button', id: 'refresh-accounts' }, 'Refresh');
  const controls = listControls({
    prefix: 'accounts',
    noun: 'account',
    state: listState,
    searchLabel: 'Search',
    placeholder: 'name, platform, group, model, reason…',
    selects: [
      { name: 'state', label: 'State', all: 'any state' },
      { name: 'platform', label: 'Platform', all: 'any platform' },
      { name: 'group', label: 'Group', all: 'any group' },
    ],
    onChange: () => render(),
  });
  controls.setOptions('state', STATE_FILTERS);
  container.append(h('div', { class: 'bar' }, title, h('div', { class: 'tools' }, refreshButton, addButton)), summary,
    attention, controls.bar, body, controls.pager);

  let items = [];

  async function refresh() {
    try {
      items = (await ctx.api('GET', 'accounts')).items;
      render();
    } catch (e) {
      if (e.status !== 401) {
        summary.textContent = `Could not load the accounts: ${e.message}`;
      }
    }
  }

  function render() {
    const limited = items.filter((a) => a.status.state !== 'active').length;
    const paused = items.filter((a) => !a.schedulable).length;
    summary.textContent = items.length === 0 ? 'No accounts yet. Add one to start relaying.'
      : `${items.length} account${items.length === 1 ? '' : 's'} · ${limited} not active · ${paused} paused`;
    renderAttention();
    controls.setOptions('platform', PLATFORMS.filter((p) => items.some((a) => a.platform === p)).map((p) => [p, p]));
    controls.setOptions('group', [...new Set(items.flatMap((a) => a.groups))].sort().map((g) => [g, g]));
    const matching = items.filter((a) => matchesState(a, listState.state)
      && (!listState.platform || a.platform === listState.platform)
      && (!listState.group || a.groups.includes(listState.group))
      && matchesSearch(listState.query, [a.name, a.id, a.platform, a.kind, a.status.state, a.status.reason,
        a.schedulable ? null : 'paused', ...a.groups, ...a.models, a.baseUrl]));
    const page = controls.page(matching, items.length);
    if (items.length === 0) {
      body.replaceChildren();
      return;
    }
    if (matching.length === 0) {
      body.replaceChildren(h('p', { class: 'empty', id: 'accounts-none' }, 'No account matches these filters.'));
      return;
    }
    body.replaceChildren(h('table', { class: 'cards', id: 'accounts-table' },
      h('caption', { class: 'visually-hidden' }, 'Upstream accounts'),
      h('thead', null, h('tr', null,
        ['Name', 'Platform', 'State', 'Until', 'Priority', 'In use', 'Last used', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, page.map(row))));
  }

  /** Accounts the provider refuses stand out above the list, each with the relay's reason. */
  function renderAttention() {
    const refused = items.filter((a) => a.status.state === 'unauthorized');
    attention.hidden = refused.length === 0;
    if (refused.length === 0) {
      attention.replaceChildren();
      return;
    }
    attention.replaceChildren(
      h('strong', null, refused.length === 1 ? '1 account needs new credentials:'
        : `${refused.length} accounts need new credentials:`),
      h('ul', { class: 'plain' }, refused.map((a) => h('li', { dataset: { accountId: a.id, name: a.name } },
        h('strong', null, a.name), ` (${a.platform} · ${a.kind}${refreshRefused(a) ? ', refresh refused' : ''}): `,
        h('span', { class: 'reason-text' }, a.status.reason ?? 'unauthorized'), ' ',
        h('button', {
          type: 'button', class: 'small-button', 'aria-label': `Give ${a.name} new credentials`, onclick: () => edit(a),
        }, a.kind === 'oauth' ? 'Give new tokens' : 'Give a new key')))));
  }

  function row(account) {
    const state = account.status.state;
    const paused = !account.schedulable;
    const cap = account.maxConcurrency > 0 ? account.maxConcurrency : '∞';
    const refused = refreshRefused(account);
    return h('tr', { dataset: { accountId: account.id, name: account.name, state }, class: state === 'unauthorized' ? 'attention' : null },
      h('td', { 'data-label': 'Name' },
        h('strong', null, account.name),
        account.groups.length ? h('div', { class: 'muted small' }, `groups: ${account.groups.join(', ')}`) : null),
      h('td', { 'data-label': 'Platform', class: 'platform-cell' }, h('span', { class: 'kind' }, `${account.platform} · ${account.kind}`), tokenLine(account)),
      h('td', { 'data-label': 'State', class: 'state-cell' },
        h('span', { class: `badge state-${state}` }, STATE_TEXT[state] ?? state),
        refused ? h('span', { class: 'badge state-unauthorized' }, 'refresh refused') : null,
        paused ? h('span', { class: 'badge paused' }, 'paused') : null,
        account.status.reason ? h('div', { class: `reason small${state === 'unauthorized' ? ' urgent' : ''}` }, account.status.reason) : null),
      h('td', { 'data-label': 'Until', class: 'until' },
        account.status.until ? [when(account.status.until), h('div', { class: 'muted small' }, at(account.status.until))]
          : h('span', { class: 'muted' }, '—')),
      h('td', { 'data-label': 'Priority' }, String(account.priority)),
      h('td', { 'data-label': 'In use', class: 'in-use' }, `${account.inFlight ?? 0} / ${cap}`),
      h('td', { 'data-label': 'Last used', class: 'last-used' }, when(account.lastUsedAt)),
      h('td', { 'data-label': 'Actions', class: 'actions-cell' },
        h('button', { type: 'button', class: 'small-button', 'aria-label': `Change ${account.name}`, onclick: () => edit(account) }, 'Change'),
        h('button', { type: 'button', class: 'small-button', 'aria-label': `${paused ? 'Resume' : 'Pause'} ${account.name}`, onclick: () => togglePause(account) },
          paused ? 'Resume' : 'Pause'),
        state !== 'active' ? h('button', {
          type: 'button', class: 'small-button', 'aria-label': `Put ${account.name} back into service`,
          title: 'Clear the state the relay set and schedule the account again', onclick: () => reset(account),
        }, 'Reset state') : null,
        h('button', { type: 'button', class: 'small-button danger', 'aria-label': `Delete ${account.name}`, onclick: () => remove(account) }, 'Delete')));
  }

  async function togglePause(account) {
    const resume = !account.schedulable;
    const done = await ctx.act(() => ctx.api('PATCH', `accounts/${encodeURIComponent(account.id)}`, { schedulable: resume }),
      resume ? `${account.name} takes requests again.` : `${account.name} is paused: it takes no new requests.`);
    if (done.ok) await refresh();
  }

  async function reset(account) {
    // Giving the current kind back keeps the credential and resets the status (docs/admin-api.md).
    const done = await ctx.act(() => ctx.api('PATCH', `accounts/${encodeURIComponent(account.id)}`, { kind: account.kind }),
      `${account.name} is back in service.`);
    if (done.ok) await refresh();
  }

  async function remove(account) {
    const sure = await ctx.confirm(`Delete ${account.name}?`, 'Delete account',
      'The relay stops using it at once. Keys bound to it are served by no other account. Its usage history stays.');
    if (!sure) return;
    const done = await ctx.act(() => ctx.api('DELETE', `accounts/${encodeURIComponent(account.id)}`), `${account.name} deleted.`);
    if (done.ok) await refresh();
  }

  function edit(account) {
    openAccountForm(ctx, account, refresh);
  }

  addButton.addEventListener('click', () => openAccountForm(ctx, null, refresh));
  refreshButton.addEventListener('click', refresh);
  await refresh();
  return { refresh, autoRefresh: true };
}

/** Model mapping as "client-model = upstream-model" lines. */
function mappingText(mapping) {
  return Object.entries(mapping ?? {}).map(([from, to]) => `${from} = ${to}`).join('\n');
}

function parseMapping(text) {
  const mapping = {};
  for (const line of String(text).split('\n').map((l) => l.trim()).filter((l) => l)) {
    const at = line.indexOf('=');
    if (at < 1) {
      throw new Error(`model mapping line "${line}" needs the form client-model = upstream-model`);
    }
    mapping[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return mapping;
}

function sameList(a, b) {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

function openAccountForm(ctx, account, refresh) {
  const creating = account === null;
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const platform = h('select', { name: 'platform', disabled: !creating },
    PLATFORMS.map((p) => h('option', { value: p, selected: account?.platform === p }, p)));
  const methods = [
    ['api-key', 'API key'],
    ['oauth', 'OAuth tokens I already have'],
  ];
  if (creating) methods.push(['oauth-flow', 'Sign in with the provider (OAuth)']);
  const method = h('fieldset', { class: 'method' }, h('legend', null, creating ? 'Credential' : 'Replace the credential (optional)'),
    methods.map(([value, label], i) => h('label', { class: 'inline' },
      h('input', {
        type: 'radio', name: 'method', value,
        checked: creating ? i === 0 : (account.kind === value),
      }), ` ${label}`)));

  const apiKeyPart = h('div', { class: 'part', dataset: { part: 'api-key' } },
    field('API key', h('input', { name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: creating ? 'sk-…' : 'leave empty to keep the current one' })));
  const oauthPart = h('div', { class: 'part', dataset: { part: 'oauth' } },
    field('Access token', h('input', { name: 'accessToken', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: creating ? '' : 'leave empty to keep the current tokens' })),
    field('Refresh token', h('input', { name: 'refreshToken', type: 'password', autocomplete: 'off', spellcheck: 'false' }), 'Optional.'),
    // Empty even on a change: the current expiry is the current token's, not the new one's.
    field('Expires at (UTC)', h('input', { name: 'expiresAt', type: 'text', placeholder: '2026-12-01T00:00:00Z' }),
      account?.oauth?.expiresAt ? `Optional; ISO-8601. The current token expires ${local(account.oauth.expiresAt)}.` : 'Optional; ISO-8601.'));

  // The OAuth sign-in flow: start (the provider's authorize URL), the operator signs in and pastes the code, finish.
  let session = null;
  const authorizeLink = h('a', { target: '_blank', rel: 'noopener noreferrer', id: 'oauth-authorize-url' });
  const startButton = h('button', { type: 'button', id: 'oauth-start' }, 'Start: get the sign-in link');
  const flowStep2 = h('div', { hidden: true, class: 'flow-step' },
    h('p', null, 'Open this link, sign in with the account to add, then paste the code (or the whole address you were sent to) below.'),
    h('p', { class: 'break' }, authorizeLink),
    field('Code or callback URL', h('textarea', { name: 'code', rows: 3, spellcheck: 'false' })));
  const flowPart = h('div', { class: 'part', dataset: { part: 'oauth-flow' } }, startButton, flowStep2);
  startButton.addEventListener('click', async () => {
    error.hidden = true;
    const chosen = platform.value;
    if (!OAUTH_PLATFORMS.includes(chosen)) {
      error.textContent = `The ${chosen} platform has no OAuth sign-in; use an API key.`;
      error.hidden = false;
      return;
    }
    const done = await ctx.act(() => ctx.api('POST', `oauth/${encodeURIComponent(chosen)}/start`, {}), null, error);
    if (done.ok) {
      session = done.result.sessionId;
      authorizeLink.href = done.result.authorizeUrl;
      authorizeLink.textContent = done.result.authorizeUrl;
      flowStep2.hidden = false;
      form.elements.namedItem('code').focus();
    }
  });

  const identity = h('div', { class: 'grid' },
    field('Name', h('input', { name: 'name', required: true, value: account?.name ?? '', autocomplete: 'off' })),
    field('Platform', platform));
  const general = h('div', { class: 'grid' },
    field('Base URL', h('input', { name: 'baseUrl', type: 'url', value: account?.baseUrl ?? '', placeholder: 'the provider\u2019s' }), 'Empty: the provider\u2019s own. Required for openai-compatible.'),
    field('Proxy', h('input', { name: 'proxy', value: account?.proxy ?? '', placeholder: 'socks5://user:pass@host:1080', autocomplete: 'off' }), 'http://, https:// or socks5://; the password is never shown again.'),
    field('Priority', h('input', { name: 'priority', type: 'number', min: 0, step: 1, value: account?.priority ?? 50 }), 'Smaller is served first.'),
    field('Max concurrency', h('input', { name: 'maxConcurrency', type: 'number', min: 0, step: 1, value: account?.maxConcurrency ?? 0 }), '0: unlimited.'),
    field('Groups', h('input', { name: 'groups', value: (account?.groups ?? []).join(', ') }), 'Comma-separated.'),
    field('Models', h('input', { name: 'models', value: (account?.models ?? []).join(', ') }), 'Empty: every model of the platform.'),
    field('Model mapping', h('textarea', { name: 'modelMapping', rows: 2, spellcheck: 'false' }, mappingText(account?.modelMapping)), 'One per line: client-model = upstream-model.'),
    h('div', { class: 'field' }, h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: 'schedulable', checked: account ? account.schedulable : true }), ' Takes requests (unchecked: paused)')));

  const submit = h('button', { type: 'submit', class: 'primary' }, creating ? 'Add account' : 'Save changes');
  const form = h('form', { class: 'account-form', novalidate: true },
    identity, method, apiKeyPart, oauthPart, creating ? flowPart : null,
    h('details', { open: true }, h('summary', null, 'Routing and limits'), general),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => close() }, 'Cancel'),
      submit));

  function showPart() {
    const chosen = form.querySelector('input[name=method]:checked')?.value;
    for (const part of form.querySelectorAll('.part')) {
      part.hidden = part.dataset.part !== chosen;
    }
    submit.textContent = creating ? (chosen === 'oauth-flow' ? 'Finish: add the account' : 'Add account') : 'Save changes';
  }
  form.addEventListener('change', (event) => {
    if (event.target.name === 'method') showPart();
  });
  showPart();

  function accountFields() {
    const fields = {
      name: valueOf(form, 'name'),
      priority: numberOf(form, 'priority'),
      maxConcurrency: numberOf(form, 'maxConcurrency'),
      groups: words(valueOf(form, 'groups')),
      models: words(valueOf(form, 'models')),
      modelMapping: parseMapping(form.elements.namedItem('modelMapping').value),
      schedulable: form.elements.namedItem('schedulable').checked,
      baseUrl: valueOf(form, 'baseUrl') || null,
      proxy: valueOf(form, 'proxy') || null,
    };
    return fields;
  }

  /** On create: every field given. On change: only what differs from the account, so a masked proxy is never sent back. */
  function body() {
    const chosen = form.querySelector('input[name=method]:checked')?.value;
    const fields = accountFields();
    let result;
    if (creating) {
      result = { platform: platform.value };
      for (const [k, v] of Object.entries(fields)) {
        if (v !== null) result[k] = v;
      }
    } else {
      result = {};
      if (fields.name !== account.name) result.name = fields.name;
      if (fields.priority !== account.priority) result.priority = fields.priority;
      if (fields.maxConcurrency !== account.maxConcurrency) result.maxConcurrency = fields.maxConcurrency;
      if (!sameList(fields.groups, account.groups)) result.groups = fields.groups;
      if (!sameList(fields.models, account.models)) result.models = fields.models;
      if (JSON.stringify(fields.modelMapping) !== JSON.stringify(parseMapping(mappingText(account.modelMapping)))) {
        result.modelMapping = fields.modelMapping;
      }
      if (fields.schedulable !== account.schedulable) result.schedulable = fields.schedulable;
      if ((fields.baseUrl ?? '') !== (account.baseUrl ?? '')) result.baseUrl = fields.baseUrl;
      if ((fields.proxy ?? '') !== (account.proxy ?? '')) result.proxy = fields.proxy;
    }
    if (chosen === 'api-key') {
      const apiKey = valueOf(form, 'apiKey');
      if (apiKey) {
        result.kind = 'api-key';
        result.apiKey = apiKey;
      } else if (creating) {
        throw new Error('Enter the API key.');
      } else if (account.kind !== 'api-key') {
        throw new Error('Enter the API key that replaces the OAuth tokens.');
      }
    } else if (chosen === 'oauth') {
      const accessToken = valueOf(form, 'accessToken');
      if (accessToken) {
        result.kind = 'oauth';
        result.oauth = { accessToken };
        const refreshToken = valueOf(form, 'refreshToken');
        const expiresAt = valueOf(form, 'expiresAt');
        if (refreshToken) result.oauth.refreshToken = refreshToken;
        if (expiresAt) result.oauth.expiresAt = expiresAt;
      } else if (creating) {
        throw new Error('Enter the access token.');
      } else if (account.kind !== 'oauth') {
        throw new Error('Enter the access token that replaces the API key.');
      }
    }
    return result;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const chosen = form.querySelector('input[name=method]:checked')?.value;
    let payload;
    try {
      if (!valueOf(form, 'name')) throw new Error('Enter a name.');
      payload = body();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    let done;
    if (creating && chosen === 'oauth-flow') {
      if (!session) {
        submit.disabled = false;
        error.textContent = 'Start the sign-in first, then paste the code.';
        error.hidden = false;
        return;
      }
      const { platform: chosenPlatform, ...accountPart } = payload;
      done = await ctx.act(() => ctx.api('POST', `oauth/${encodeURIComponent(chosenPlatform)}/finish`,
        { sessionId: session, code: valueOf(form, 'code'), ...accountPart }),
      (view) => `${view.name} added (${view.platform} · ${view.kind}).`, error);
    } else if (creating) {
      done = await ctx.act(() => ctx.api('POST', 'accounts', payload),
        (view) => `${view.name} added (${view.platform} · ${view.kind}).`, error);
    } else if (Object.keys(payload).length === 0) {
      ctx.toast('Nothing changed.');
      close();
      return;
    } else {
      done = await ctx.act(() => ctx.api('PATCH', `accounts/${encodeURIComponent(account.id)}`, payload),
        (view) => `${view.name} saved.`, error);
    }
    submit.disabled = false;
    if (done.ok) {
      close();
      await refresh();
    }
  });

  const { close } = ctx.dialog(creating ? 'Add an account' : `Change ${account.name}`, form, { wide: true });
  form.elements.namedItem('name').focus();
}
