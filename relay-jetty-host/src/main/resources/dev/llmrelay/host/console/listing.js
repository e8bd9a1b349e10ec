// A list's filter bar and pager, in the browser: the API answers whole lists, the console narrows and pages them.
import { h } from './dom.js';

export const PAGE_SIZES = [10, 25, 50, 100];
/** Lists no longer than the smallest page need no pager. */
const PAGER_FROM = PAGE_SIZES[0];

/** Every word of the search appears somewhere in what an item is searched by (case and order ignored). */
export function matchesSearch(query, haystack) {
  const text = haystack.filter((part) => part !== undefined && part !== null).join(' ').toLowerCase();
  return query.toLowerCase().split(/\s+/).filter((w) => w).every((w) => text.includes(w));
}

/**
 * The filter bar and the pager of one list.
 *
 * state: kept by the caller between visits, {query, page, size, ...one value per select ('' is "all")}.
 * selects: [{name, label, all}], their options set by setOptions as the list changes.
 * onChange: called when the operator changes a filter or the page; the caller renders the list again.
 */
export function listControls({ prefix, noun, state, searchLabel, placeholder, selects, onChange }) {
  const search = h('input', {
    type: 'search', id: `${prefix}-search`, value: state.query, placeholder, autocomplete: 'off', spellcheck: 'false',
    'aria-keyshortcuts': '/', 'aria-controls': `${prefix}-table`,
  });
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => set({ query: search.value.trim() }), 150);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(typing);
      set({ query: search.value.trim() });
    } else if (event.key === 'Escape' && search.value) {
      event.preventDefault();
      search.value = '';
      clearTimeout(typing);
      set({ query: '' });
    }
  });

  const selectBoxes = new Map();
  for (const { name, all } of selects) {
    const select = h('select', { id: `${prefix}-filter-${name}`, name, 'aria-controls': `${prefix}-table` },
      h('option', { value: '' }, all));
    select.addEventListener('change', () => set({ [name]: select.value }));
    selectBoxes.set(name, select);
  }
  const clear = h('button', { type: 'button', id: `${prefix}-clear-filters`, class: 'small-button' }, 'Clear filters');
  clear.addEventListener('click', () => {
    search.value = '';
    const cleared = { query: '' };
    for (const [name, select] of selectBoxes) {
      select.value = '';
      cleared[name] = '';
    }
    set(cleared);
    search.focus();
  });

  const bar = h('div', { class: 'filters', role: 'search', id: `${prefix}-filters`, 'aria-label': `Filter the ${noun}s` },
    h('div', { class: 'field search' }, h('label', { for: search.id }, searchLabel), search),
    selects.map(({ name, label }) => h('div', { class: 'field' },
      h('label', { for: selectBoxes.get(name).id }, label), selectBoxes.get(name))),
    h('div', { class: 'field clear' }, clear));

  const shown = h('span', { class: 'pager-status', id: `${prefix}-shown`, role: 'status' });
  const previous = h('button', { type: 'button', class: 'small-button', id: `${prefix}-previous`, 'aria-label': `Previous page of ${noun}s` }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'small-button', id: `${prefix}-next`, 'aria-label': `Next page of ${noun}s` }, 'Next ›');
  const pageText = h('span', { class: 'pager-page', id: `${prefix}-page` });
  const size = h('select', { id: `${prefix}-page-size` },
    PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.size }, String(n))));
  previous.addEventListener('click', () => set({ page: state.page - 1 }, previous));
  next.addEventListener('click', () => set({ page: state.page + 1 }, next));
  size.addEventListener('change', () => set({ size: Number(size.value), page: 1 }));
  const turns = h('span', { class: 'pager-turns' }, previous, pageText, next);
  const sizeBox = h('span', { class: 'pager-size' }, h('label', { for: size.id }, 'Per page'), size);
  const pager = h('nav', { class: 'pager', id: `${prefix}-pager`, 'aria-label': `Pages of ${noun}s` }, shown, turns, sizeBox);

  /** Changes the state; a page turn keeps the focus on a pager button that is still usable. */
  function set(change, from) {
    const filtering = Object.keys(change).some((k) => k !== 'page' && k !== 'size');
    Object.assign(state, change);
    if (filtering) state.page = 1;
    onChange();
    if (from && from.disabled) {
      (from === next ? previous : next).focus();
    }
    if ('page' in change) {
      // A page turned at the foot of a long page (a phone's cards) shows the new page from its top.
      const list = pager.previousElementSibling;
      if (list && list.getBoundingClientRect().top < 0) list.scrollIntoView({ block: 'start' });
    }
  }

  function filtering() {
    return state.query !== '' || selects.some(({ name }) => state[name]);
  }

  return {
    bar,
    pager,
    filtering,

    /** The options of a select: [[value, label]]; the chosen value stays offered even when no item has it now. */
    setOptions(name, options) {
      const select = selectBoxes.get(name);
      const { all } = selects.find((s) => s.name === name);
      const chosen = state[name] ?? '';
      const offered = [...options];
      if (chosen && !offered.some(([value]) => value === chosen)) offered.push([chosen, chosen]);
      select.replaceChildren(h('option', { value: '' }, all),
        ...offered.map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
      select.value = chosen;
    },

    /** The page of {@code matching} to show; updates the pager. total: the list's length before filtering. */
    page(matching, total) {
      const pages = Math.max(1, Math.ceil(matching.length / state.size));
      state.page = Math.min(Math.max(1, state.page), pages);
      const first = (state.page - 1) * state.size;
      const slice = matching.slice(first, first + state.size);
      const of = filtering() ? `${matching.length} matching (${total} in all)` : String(total);
      shown.textContent = matching.length === 0 ? `0 of ${total}`
        : `${first + 1}–${first + slice.length} of ${of}`;
      pageText.textContent = `Page ${state.page} of ${pages}`;
      previous.disabled = state.page <= 1;
      next.disabled = state.page >= pages;
      turns.hidden = pages <= 1;
      // A short list needs no pager; its count still shows while it is filtered.
      pager.hidden = total === 0 || (total <= PAGER_FROM && !filtering());
      sizeBox.hidden = total <= PAGER_FROM;
      bar.hidden = total === 0;
      clear.hidden = !filtering();
      return slice;
    },
  };
}
