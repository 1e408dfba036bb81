// The devices table shared by the org's and a project's page, with online state kept live.

import { h, link, time } from '../dom.js';
import { live } from '../live.js';

export const deviceColumns = ['Device', 'Label', 'Online', 'Last seen', 'Project'];

export function onlineBadge(online) {
  return h('span', { class: online ? 'badge on' : 'badge off' }, online ? 'online' : 'offline');
}

export function deviceRows(devices) {
  return devices.map((d) => [
    link(`#/device/${d.slug}`, d.slug),
    d.label,
    h('span', { dataset: { presence: d.slug } }, onlineBadge(d.online)),
    h('span', { dataset: { seen: d.slug } }, time(d.last_seen)),
    d.project_slug ? link(`#/project/${d.project_slug}`, d.project_slug) : 'unclaimed',
  ]);
}

/** Subscribes to presence of a device or a whole project; updates the cells inside root. Returns a cleanup. */
export function watchPresence(slug, root) {
  const subs = live.group();
  subs.subscribe(slug, (m) => {
    if (m.type === 'presence') {
      const cell = root.querySelector(`[data-presence="${CSS.escape(m.device)}"]`);
      if (cell) cell.replaceChildren(onlineBadge(m.online));
      const seen = root.querySelector(`[data-seen="${CSS.escape(m.device)}"]`);
      if (seen && m.timestamp) seen.replaceChildren(time(m.timestamp));
    } else if (m.type === 'point') {
      const seen = root.querySelector(`[data-seen="${CSS.escape(m.data.device || '')}"]`);
      if (seen) seen.replaceChildren(time(new Date().toISOString()));
    }
  });
  return subs.close;
}
