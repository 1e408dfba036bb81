// Generated reports (issue 17 point 6): the org's report templates, "generate now", and the generated reports with
// their status, downloads and share links.
import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, form, h, input, refresh, select, secret, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { noOrg } from './projects.js';

const STATUS = { GS: 'scheduled', G0: 'in progress', G1: 'done', GE: 'error' };
const INTERVALS = [['x', 'on demand only'], ['d', 'daily'], ['w', 'weekly (Mondays)'], ['m', 'monthly (the 1st)']];
const list = (text) => (text || '').split(',').map((s) => s.trim()).filter((s) => s);

export async function reportsPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const [templates, generated] = await Promise.all([
    api.all(`/api/v1/report/${api.query({ org: org.slug })}`),
    api.get(`/api/v1/report/generated/${api.query({ org: org.slug, page_size: 50 })}`),
  ]);
  const member = can('member');
  const shown = h('div', { id: 'share-link' });
  clear(view,
    h('h1', {}, `Reports in ${org.name}`),
    h('p', { class: 'muted' }, 'A report template names streams, devices or projects and the aggregates to report; it is generated on demand or on a schedule as CSV, XLSX or an HTML page with a chart, and emailed to its recipients.'),
    templates.length
      ? table(['Label', 'Sources', 'Columns', 'Period', 'Schedule', 'Next run', ''], templates.map((t) => [
        t.label, t.sources.join(', '), t.config.columns.join(', '), `${t.config.period} in ${t.config.bucket}`,
        t.interval === 'x' ? 'on demand' : `${INTERVALS.find(([k]) => k === t.interval)[1]} at ${t.time_of_day} ${t.timezone}`,
        time(t.next_run_at),
        member ? actionButton('Generate now', { 'aria-label': `Generate ${t.label} now` }, async () => {
          await api.post(`/api/v1/report/${t.id}/generate/`);
          flash(`${t.label} is being generated.`);
          refresh();
        }) : '']))
      : empty(member ? 'No report templates yet. Create one below.' : 'No report templates yet.'),
    h('h2', {}, 'Generated reports'), shown,
    generated.results.length
      ? table(['Report', 'Period', 'Status', 'Created', 'Files'], generated.results.map((g) => [
        g.label, h('span', {}, time(g.period_start), ' – ', time(g.period_end)),
        g.status === 'GE' ? `error: ${g.error}` : STATUS[g.status] || g.status, time(g.created_on),
        h('span', {}, ...g.files.map((f) => actionButton(f.format.toUpperCase(), { 'aria-label': `Download ${g.label} as ${f.format}` },
          () => api.download(`/api/v1/report/generated/${g.id}/download/?format=${f.format}`, `report-${g.id}.${f.format}`))),
        member && g.status === 'G1' ? actionButton('Share link', { 'aria-label': `Share ${g.label}` }, async () => {
          const s = await api.post(`/api/v1/report/generated/${g.id}/share/`);
          clear(shown, secret(`Link to ${g.label} (no login needed until ${s.share_expires_on})`, s.share_url));
        }) : null)]))
      : empty('Nothing generated yet.'),
    member ? form({ class: 'card', id: 'new-report' }, [
      h('h2', {}, 'New report template'),
      field('Label', input('label', { required: true, maxlength: 50 })),
      field('Sources', input('sources', { required: true, placeholder: 'd--0000-0000-0000-0001, p--0000-0001' }), 'stream, device, project or variable slugs, comma separated'),
      field('Columns', input('columns', { value: 'avg, min, max' }), 'avg, min, max, sum, count, first, last'),
      field('Period', select('period', [['day', 'the last day'], ['week', 'the last week'], ['month', 'the last month']])),
      field('Bucket', input('bucket', { value: '1h' }), 'one row per bucket: 15m, 1h, 1d'),
      field('Formats', input('formats', { value: 'html, csv, xlsx' })),
      field('Recipients', input('recipients', { placeholder: 'ops@example.com, org:admin' }), 'addresses, user:<username>, org:admin or org:all'),
      field('Schedule', select('interval', INTERVALS)),
      field('Time of day', input('time_of_day', { value: '06:00', pattern: '[0-2][0-9]:[0-5][0-9]' })),
      field('Time zone', input('timezone', { value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' })),
      h('button', { type: 'submit', class: 'primary' }, 'Create template'),
    ], async (d) => {
      await api.post('/api/v1/report/', {
        org: org.slug, label: d.label, sources: list(d.sources), columns: list(d.columns), period: d.period, bucket: d.bucket,
        formats: list(d.formats), notification_recipients: list(d.recipients), interval: d.interval, time_of_day: d.time_of_day, timezone: d.timezone,
      });
      flash(`Report template ${d.label} created.`);
      refresh();
    }) : null);
}
