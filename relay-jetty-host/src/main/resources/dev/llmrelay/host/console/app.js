// The console's shell: sign-in, the three sections, messages, dialogs.
import { api, adminToken, ApiError, whenUnauthorized } from './api.js';
import { h } from './dom.js';
import * as accounts from './accounts.js';
import * as keys from './keys.js';
import * as usage from './usage.js';

const sections = { accounts, keys, usage };
const REFRESH_MS = 10_000;

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOutButton = document.getElementById('sign-out');
const toasts = document.getElementById('toasts');

let current = null; // {name, view}
let refreshTimer = null;
let signingIn = false;

/** A message that the last action worked, or why it did not (the API's own words). */
function toast(message, kind = 'ok') {
  const item = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : null },
    h('span', null, message),
    h('button', { type: 'button', class: 'quiet', 'aria-label': 'Dismiss message', onclick: () => item.remove() }, '×'));
  toasts.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 15_000 : 6_000);
}

/** A modal dialog; answers {dialog, close}. Escape and the Cancel button close it; focus returns where it was. */
function dialog(title, content, { wide = false } = {}) {
  const opener = document.activeElement;
  const heading = h('h2', { id: `dialog-title-${Date.now()}` }, title);
  const box = h('dialog', { class: wide ? 'wide' : null, 'aria-labelledby': heading.id }, heading, content);
  document.body.append(box);
  const close = () => {
    box.close();
  };
  box.addEventListener('close', () => {
    box.remove();
    if (opener && typeof opener.focus === 'function' && document.contains(opener)) {
      opener.focus();
    }
  });
  box.showModal();
  return { dialog: box, close };
}

/** Asks before an action that cannot be undone; resolves true when the operator confirms. */
function confirmAction(question, actionLabel, detail) {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h('button', { type: 'submit', class: 'danger', 'data-confirm': 'yes' }, actionLabel);
    const form = h('form', { method: 'dialog', class: 'confirm' },
      detail ? h('p', null, detail) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-confirm': 'no', onclick: () => close() }, 'Cancel'),
        yes));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer = true;
      close();
    });
    const { dialog: box, close } = dialog(question, form);
    box.addEventListener('close', () => resolve(answer));
    yes.focus();
  });
}

/** Runs an API action: a success message, or the API's error message (in the dialog when there is one). */
async function act(action, success, errorTarget) {
  try {
    const result = await action();
    if (success) {
      toast(typeof success === 'function' ? success(result) : success);
    }
    return { ok: true, result };
  } catch (e) {
    const message = e instanceof ApiError ? e.message : `The console failed: ${e.message}`;
    if (errorTarget) {
      errorTarget.textContent = message;
      errorTarget.hidden = false;
    } else {
      toast(message, 'error');
    }
    return { ok: false, error: e };
  }
}

const ctx = { api, toast, dialog, confirm: confirmAction, act };

function showSignIn(message) {
  stopRefresh();
  current = null;
  nav.hidden = true;
  signOutButton.hidden = true;
  // No name attribute: even a native submission could never put the token in a URL (and CSP forbids one).
  const input = h('input', {
    id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-hint',
  });
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert', hidden: !message }, message ?? '');
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'sign-in', novalidate: true },
    h('h1', null, 'Sign in'),
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'Admin token'),
      input,
      h('small', { class: 'hint', id: 'token-hint' },
        'RELAY_ADMIN_TOKEN, or relay-data/admin-token. Kept in this tab only (session storage) until you sign out or close it.')),
    error,
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!/^[\x21-\x7e]+$/.test(token)) {
      error.textContent = 'Enter the admin token (printable characters, no spaces).';
      error.hidden = false;
      input.focus();
      return;
    }
    button.disabled = true;
    adminToken.set(token);
    signingIn = true;
    try {
      await api('GET', 'accounts');
      signingIn = false;
      navigate();
    } catch (e) {
      signingIn = false;
      adminToken.clear();
      error.textContent = e.status === 401 ? `The relay refused this token: ${e.message}` : e.message;
      error.hidden = false;
      button.disabled = false;
      input.select();
      input.focus();
    }
  });
  main.replaceChildren(form);
  input.focus();
}

function sectionName() {
  const name = location.hash.replace(/^#\/?/, '');
  return Object.hasOwn(sections, name) ? name : 'accounts';
}

async function navigate() {
  if (!adminToken.get()) {
    showSignIn();
    return;
  }
  const name = sectionName();
  nav.hidden = false;
  signOutButton.hidden = false;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.view === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  stopRefresh();
  const container = h('section', { class: 'section', 'aria-labelledby': `${name}-title` });
  main.replaceChildren(container);
  const view = await sections[name].show(container, ctx);
  current = { name, view };
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · LLM Relay console`;
  if (view && view.autoRefresh) {
    refreshTimer = setInterval(() => {
      if (document.visibilityState === 'visible' && !document.querySelector('dialog[open]')) {
        keepingFocus(() => view.refresh());
      }
    }, REFRESH_MS);
  }
}

/** A selector that finds the focused control again once the list is drawn anew: its id, or its label. */
function focusSelector(element) {
  if (!element || element === document.body || !main.contains(element)) return null;
  if (element.id) return `#${CSS.escape(element.id)}`;
  const label = element.getAttribute('aria-label');
  return label ? `${element.localName}[aria-label="${CSS.escape(label)}"]` : null;
}

/** Runs a refresh that redraws the list; a keyboard user's focus stays on the same control. */
async function keepingFocus(redraw) {
  const focused = document.activeElement;
  const selector = focusSelector(focused);
  await redraw();
  if (selector && !document.contains(focused)) {
    main.querySelector(selector)?.focus();
  }
}

function stopRefresh() {
  if (refreshTimer) {
    clearInterval(refreshTimer);
    refreshTimer = null;
  }
}

signOutButton.addEventListener('click', () => {
  adminToken.clear();
  toast('Signed out.');
  showSignIn();
});

whenUnauthorized((error) => {
  if (signingIn) {
    return; // the sign-in form says it itself
  }
  adminToken.clear();
  for (const open of document.querySelectorAll('dialog')) {
    open.close();
  }
  showSignIn(`The relay refused the admin token: ${error.message}`);
});

// "/" goes to the list's search field, as on many sites, unless the operator is typing or a dialog is open.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('dialog[open]')) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
  const search = main.querySelector('input[type=search]');
  if (search && search.offsetParent !== null) {
    event.preventDefault();
    search.focus();
    search.select();
  }
});

window.addEventListener('hashchange', () => {
  if (adminToken.get()) {
    navigate();
  }
});

navigate();
