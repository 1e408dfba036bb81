import * as api from '../api.js';
import { actionButton, clear, empty, flash, field, form, h, input, link, refresh, table } from '../dom.js';
import { state } from '../state.js';
import { noOrg } from './projects.js';

export async function dashboardsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const dashboards = (await api.all('/api/v1/dashboard/')).filter((d) => d.org === org.slug);
  clear(view,
    h('h1', {}, `Dashboards in ${org.name}`),
    dashboards.length
      ? table(['Name', 'Shared with the org', 'Widgets', ''], dashboards.map((d) => [
        link(`#/dashboard/${d.id}`, d.name), d.shared ? 'yes' : 'no (only you)',
        String(((d.layout && d.layout.widgets) || []).length),
        actionButton('Delete', { class: 'danger', 'aria-label': `Delete dashboard ${d.name}` }, async () => {
          await api.del(`/api/v1/dashboard/${api.enc(d.id)}/`);
          flash(`Dashboard "${d.name}" deleted.`);
          refresh();
        }, `Delete the dashboard "${d.name}"?`)]))
      : empty('No dashboards yet. Create one below, then add widgets to it.'),
    form({ class: 'card inline', id: 'new-dashboard' }, [
      h('h2', {}, 'New dashboard'),
      field('Name', input('name', { required: true, maxlength: 100 })),
      h('label', { class: 'field' }, h('span', {}, 'Share with the org'), input('shared', { type: 'checkbox', value: 'true' })),
      h('button', { type: 'submit', class: 'primary' }, 'Create dashboard'),
    ], async ({ name, shared }) => {
      const d = await api.post('/api/v1/dashboard/', { org: org.slug, name, shared: shared === 'true', layout: { widgets: [] } });
      location.hash = `#/dashboard/${d.id}`;
    }));
}
