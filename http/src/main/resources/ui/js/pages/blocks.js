// Data blocks (docs/API.md "Data blocks"): a device's archived trips, archiving the device into a new block,
// and a block's page with its streams (each stream's page charts the archived data).

import * as api from '../api.js';
import { clear, empty, field, form, h, input, link, table, time } from '../dom.js';
import { can } from '../state.js';
import { streamTable } from './projects.js';

/**
 * The device's blocks and, for members, the archive form. While a block is archiving the list is read again
 * every 2 s until it is ready. Returns {el, stop}.
 */
export function deviceBlocks(device) {
  const list = h('div', { id: 'data-blocks' });
  let timer = null;
  const load = async () => {
    const blocks = await api.all(`/api/v1/datablock/${api.query({ device: device.slug })}`);
    clear(list, blocks.length ? table(['Block', 'Title', 'State', 'Created', 'Completed'], blocks.map((b) => [
      link(`#/block/${b.slug}`, b.slug), b.title, b.state, time(b.created_on), time(b.completed_on)]))
      : empty('No data blocks. Archiving the device moves its data into a block and leaves it with fresh, empty streams.'));
    clearTimeout(timer);
    if (blocks.some((b) => b.state === 'archiving')) timer = setTimeout(() => load().catch(() => {}), 2000);
  };
  const archive = can('member') ? form({ class: 'card inline', id: 'archive-device' }, [
    h('h3', {}, 'Archive the device’s data'),
    field('Title', input('title', { required: true, maxlength: 100 })),
    h('button', { type: 'submit', class: 'primary' }, 'Archive into a new block'),
  ], async ({ title }) => {
    if (!confirm(`Move all data of ${device.slug} into a new block "${title}"?`)) return;
    await api.post('/api/v1/datablock/', { device: device.slug, title });
    await load();
  }) : null;
  const el = h('section', { 'aria-labelledby': 'blocks-h' }, h('h2', { id: 'blocks-h' }, 'Data blocks'), list, archive);
  return { el, load, stop: () => clearTimeout(timer) };
}

export async function blockPage(view, slug) {
  const [b, streams] = await Promise.all([
    api.get(`/api/v1/datablock/${api.enc(slug)}/`),
    api.all(`/api/v1/stream/${api.query({ block: slug })}`),
  ]);
  clear(view,
    h('p', { class: 'crumbs' }, link(`#/device/${b.device}`, b.device), ' / ', b.slug),
    h('h1', {}, b.title || b.slug),
    b.description ? h('p', {}, b.description) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Slug'), h('dd', {}, b.slug),
      h('dt', {}, 'State'), h('dd', {}, b.state),
      h('dt', {}, 'Created'), h('dd', {}, time(b.created_on), ` by ${b.created_by || '—'}`),
      h('dt', {}, 'Completed'), h('dd', {}, time(b.completed_on))),
    h('h2', {}, 'Archived streams'),
    streams.length ? streamTable(streams) : empty(b.state === 'archiving' ? 'Archiving… reload in a moment.' : 'The block holds no streams.'));
}
