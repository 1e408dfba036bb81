import * as api from '../api.js';
import { clear, empty, field, form, h, input, refresh, secret, table, time } from '../dom.js';

export async function keysPage(view) {
  const keys = await api.get('/api/v1/auth/keys/');
  const out = h('div');
  clear(view,
    h('h1', {}, 'API keys'),
    h('p', { class: 'muted' }, 'A key acts as you: send it as "Authorization: Token <key>". Keys are stored hashed and shown once.'),
    keys.length ? table(['Name', 'Prefix', 'Created', 'Last used', 'State', ''], keys.map((k) => [
      k.name, h('code', {}, k.prefix), time(k.created_on), time(k.last_used), k.active ? 'active' : 'revoked',
      k.active ? h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.name}`, onclick: async () => {
        if (!confirm(`Revoke the key "${k.name}"? Clients using it stop working.`)) return;
        await api.del(`/api/v1/auth/keys/${k.id}/`);
        refresh();
      } }, 'Revoke') : '',
    ])) : empty('No API keys yet.'),
    form({ class: 'card inline', id: 'new-key' }, [
      h('h2', {}, 'New key'),
      field('Name', input('name', { required: true, maxlength: 100 })),
      h('button', { type: 'submit', class: 'primary' }, 'Create key'),
    ], async ({ name }) => {
      const k = await api.post('/api/v1/auth/keys/', { name });
      clear(out, secret(`API key "${k.name}"`, k.key), h('p', {}, h('a', { href: '#/keys', onclick: (e) => { e.preventDefault(); refresh(); } }, 'Done — show the list')));
    }),
    out);
}
