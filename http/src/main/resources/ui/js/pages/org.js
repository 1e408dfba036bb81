import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, form, h, input, refresh, secret, select, table, time } from '../dom.js';
import { can, state } from '../state.js';
import { orgsChanged } from '../app.js';

const ROLES = ['viewer', 'member', 'admin', 'owner'];

export async function orgPage(view) {
  const org = state.org;
  const newOrg = form({ class: 'card inline', id: 'new-org' }, [
    h('h2', {}, 'New org'),
    field('Name', input('name', { required: true, maxlength: 100 })),
    h('button', { type: 'submit', class: 'primary' }, 'Create org'),
  ], async ({ name }) => {
    const created = await api.post('/api/v1/org/', { name });
    state.org = created.slug;
    await orgsChanged();
    refresh();
  });
  if (!org) return clear(view, h('h1', {}, 'Orgs'), empty('You are not a member of any org yet.'), newOrg);
  const base = `/api/v1/org/${api.enc(org.slug)}`;
  const members = await api.all(`${base}/members/`);
  const invitations = can('admin') ? await api.get(`${base}/invitations/`) : [];
  clear(view,
    h('h1', {}, `${org.name} — members`),
    h('p', { class: 'muted' }, `Your role: ${org.role}`),
    table(['User', 'Email', 'Role', 'Since', ''], members.map((m) => [
      m.user, m.email, roleControl(base, m), time(m.created_on),
      can('admin') && m.user !== state.account.username ? removeButton(base, m) : '',
    ])),
    can('admin') ? invitationsSection(base, invitations) : null,
    newOrg);
}

function roleControl(base, member) {
  if (!can('admin') || member.user === state.account.username) return member.role;
  const choices = can('owner') ? ROLES : ROLES.slice(0, 3);
  if (!choices.includes(member.role)) return member.role;
  const s = select(`role-${member.user_id}`, choices.map((r) => [r, r]), { 'aria-label': `Role of ${member.user}` });
  s.value = member.role;
  s.addEventListener('change', async () => {
    try {
      await api.patch(`${base}/members/${member.user_id}/`, { role: s.value });
      flash(`${member.user} is now ${s.value}.`);
    } catch (err) {
      flash(err);
      refresh();
    }
  });
  return s;
}

function removeButton(base, member) {
  return actionButton('Remove', { class: 'danger', 'aria-label': `Remove ${member.user}` }, async () => {
    await api.del(`${base}/members/${member.user_id}/`);
    refresh();
  }, `Remove ${member.user} from the org?`);
}

function invitationsSection(base, invitations) {
  const out = h('div');
  const list = h('div');
  const showOpen = (all) => {
    const open = all.filter((i) => !i.accepted_on);
    clear(list, open.length ? table(['Email', 'Role', 'Expires', ''], open.map((i) => [i.email, i.role, time(i.expires_on),
      actionButton('Withdraw', { 'aria-label': `Withdraw the invitation of ${i.email}` }, async () => {
        await api.del(`${base}/invitations/${i.id}/`);
        refresh();
      })])) : empty('No open invitations.'));
  };
  showOpen(invitations);
  return h('section', { 'aria-labelledby': 'inv-h' },
    h('h2', { id: 'inv-h' }, 'Invitations'),
    list,
    form({ class: 'card inline', id: 'invite' }, [
      h('h3', {}, 'Invite someone'),
      field('Email', input('email', { type: 'email', required: true })),
      field('Role', select('role', ROLES.slice(0, 3).map((r) => [r, r]))),
      h('button', { type: 'submit', class: 'primary' }, 'Invite'),
      out,
    ], async (data, f) => {
      const inv = await api.post(`${base}/invite/`, data);
      f.reset();
      clear(out, secret(`Invitation token for ${inv.email} (send it to them; they accept it at POST /api/v1/invitation/accept/)`, inv.token));
      showOpen(await api.get(`${base}/invitations/`));
    }));
}
