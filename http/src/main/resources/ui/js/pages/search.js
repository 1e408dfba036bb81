// Search (issue 17): the chosen org's devices, projects, streams, variables, fleets, properties and notes by text,
// best match first (GET /api/v1/search/, docs/API.md "Search"). The top bar's box leads here.
import * as api from '../api.js';
import { clear, empty, field, h, input, link, select, table } from '../dom.js';
import { state } from '../state.js';
import { noOrg } from './projects.js';

const KINDS = [['', 'All kinds'], ['device', 'Devices'], ['project', 'Projects'], ['stream', 'Streams'], ['variable', 'Variables'],
  ['fleet', 'Fleets'], ['property', 'Properties'], ['note', 'Notes']];
const PAGE = 50;

/** The address of a search: #/search/{q}, or #/search/{kind}/{q} narrowed to one kind. */
export function searchHash(q, kind) {
  return `#/search/${kind ? `${kind}/` : ''}${encodeURIComponent(q)}`;
}

export async function searchPage(view, q, kind = '') {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const box = document.getElementById('search-box');
  if (box) box.value = q;
  const kindSelect = select('kind', KINDS, { id: 'search-kind', 'aria-label': 'Kind' });
  kindSelect.value = kind;
  const queryInput = input('q', { id: 'search-q', type: 'search', value: q, maxlength: 200, required: true });
  const again = h('form', { class: 'card inline', id: 'search-again', role: 'search' },
    field('Search for', queryInput), field('Kind', kindSelect), h('button', { type: 'submit', class: 'primary' }, 'Search'));
  again.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = searchHash(queryInput.value.trim(), kindSelect.value);
  });
  if (!q.trim()) return clear(view, h('h1', {}, 'Search'), again, empty('Type a label, name, slug, property value or note text.'));
  const page = await api.get(`/api/v1/search/${api.query({ q, kind, org: org.slug, page_size: PAGE })}`);
  clear(view,
    h('h1', {}, `Search in ${org.name}`),
    again,
    h('p', { class: 'muted', id: 'search-count' }, page.count > page.results.length
      ? `${page.count} found; the best ${page.results.length} are shown. Add words to narrow the search.`
      : `${page.count} found.`),
    page.results.length
      ? h('div', { id: 'search-results' }, table(['Found', 'Kind', 'Slug', 'Text'], page.results.map((r) => [
        r.link ? link(r.link, r.title) : r.title, r.kind, h('code', {}, r.slug), r.snippet || ''])))
      : empty(`Nothing in ${org.name} matches “${q}”. Every word must match; the last one may be the start of a word.`));
}
