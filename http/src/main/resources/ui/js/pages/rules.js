// Rules (docs/RULES.md): the org's rules with their open alarms, a rule's page with its form and action log.

import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, h, link, select, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { noOrg } from './projects.js';
import { describeRule, orgObjects, ruleForm } from './rule-form.js';

/** Open alarms of the org counted per rule id. */
async function openAlarmsByRule(org) {
  const open = await api.all(`/api/v1/alarm/${api.query({ org: org.slug, status: 'open', page_size: 1000 })}`);
  const counts = new Map();
  for (const a of open) counts.set(a.rule, (counts.get(a.rule) || 0) + 1);
  return counts;
}

export async function rulesPage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const projects = await api.all(`/api/v1/project/${api.query({ org: org.slug })}`);
  const project = select('project', [['', 'all projects'], ...projects.map((p) => [p.slug, `${p.name} (${p.slug})`])]);
  const list = h('div', { id: 'rules' });
  const reload = async () => {
    const [rules, open] = await Promise.all([api.all(`/api/v1/rule/${api.query({ org: org.slug, project: project.value })}`), openAlarmsByRule(org)]);
    clear(list, rules.length ? table(['Name', 'Project', 'Scope', 'Condition', 'Enabled', 'Alarm', 'Open alarms'], rules.map((r) => [
      link(`#/rule/${r.id}`, r.name), r.project || '—', `${r.scope.kind} ${r.scope.target}`, describeRule(r),
      r.enabled ? 'yes' : 'no', r.alarm ? r.severity : 'no',
      h('span', { dataset: { openAlarms: String(r.id) } }, String(open.get(r.id) || 0)),
    ])) : empty('No rules yet.' + (can('admin') ? ' Create one with “New rule”.' : ' Org admins create them.')));
  };
  project.addEventListener('change', () => reload().catch(flash));
  await reload();
  clear(view,
    h('h1', {}, `Rules in ${org.name}`),
    h('p', { class: 'muted' }, 'A rule watches a stream, a variable, a device or a device’s online state, raises an alarm and runs its actions when its condition holds.'),
    can('admin') ? h('p', {}, link('#/rule/new', 'New rule')) : null,
    projects.length ? h('div', { class: 'toolbar' }, field('Project', project)) : null,
    list);
}

export async function newRulePage(view) {
  const org = state.org;
  if (!org) return clear(view, noOrg());
  const objects = await orgObjects(org);
  clear(view,
    h('p', { class: 'crumbs' }, link('#/rules', 'Rules'), ' / new'),
    h('h1', {}, 'New rule'),
    ruleForm(null, objects, (saved) => { location.hash = `#/rule/${saved.id}`; }));
}

export async function rulePage(view, id) {
  const rule = await api.get(`/api/v1/rule/${api.enc(id)}/`);
  const org = state.orgs.find((o) => o.slug === rule.org) || state.org;
  const [objects, alarms, log] = await Promise.all([
    can('admin') ? orgObjects(org) : null,
    api.get(`/api/v1/alarm/${api.query({ org: rule.org, rule: rule.id, status: 'open', page_size: 1 })}`),
    api.get(`/api/v1/action/log/${api.query({ org: rule.org, rule: rule.id, page_size: 50 })}`),
  ]);
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Scope'), h('dd', {}, `${rule.scope.kind} ${rule.scope.target}`),
    h('dt', {}, 'Condition'), h('dd', {}, describeRule(rule)),
    h('dt', {}, 'Enabled'), h('dd', { id: 'rule-enabled' }, rule.enabled ? 'yes' : 'no'),
    h('dt', {}, 'Alarm'), h('dd', {}, rule.alarm ? rule.severity : 'no'),
    h('dt', {}, 'Open alarms'), h('dd', {}, link('#/alarms', String(alarms.count))),
    h('dt', {}, 'Created'), h('dd', {}, time(rule.created_on), ` by ${rule.created_by || '—'}`));
  const buttons = can('admin') ? h('div', { class: 'toolbar' },
    actionButton(rule.enabled ? 'Disable' : 'Enable', { id: 'toggle-rule' }, async () => {
      await api.patch(`/api/v1/rule/${rule.id}/`, { enabled: !rule.enabled });
      rulePage(view, id);
    }),
    actionButton('Delete', { class: 'danger', id: 'delete-rule' }, async () => {
      await api.del(`/api/v1/rule/${rule.id}/`);
      location.hash = '#/rules';
    }, `Delete the rule "${rule.name}" with its alarms?`)) : null;
  clear(view,
    h('p', { class: 'crumbs' }, link('#/rules', 'Rules'), ' / ', String(rule.id)),
    h('h1', {}, rule.name), facts, buttons,
    h('section', { 'aria-labelledby': 'log-h' }, h('h2', { id: 'log-h' }, 'Action log'), actionLog(log.results)),
    objects ? ruleForm(rule, objects, () => rulePage(view, id)) : null);
}

/** Delivery attempts of a rule's actions, newest first (GET /api/v1/action/log/). */
function actionLog(entries) {
  if (!entries.length) return empty('No action has run yet: attempts appear here when the rule fires.');
  return h('div', { id: 'action-log' }, table(['Time', 'Action', 'Target', 'Attempt', 'Outcome', 'Took'], entries.map((e) => [
    time(e.created_on), `#${e.action} ${e.kind}`, e.target || '', String(e.attempt),
    e.ok ? h('span', { class: 'badge on' }, 'ok') : h('span', { class: 'badge alarm' }, `failed${e.error ? `: ${e.error}` : ''}`),
    `${e.duration_ms} ms`])));
}
