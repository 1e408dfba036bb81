import * as api from '../api.js';
import { actionButton, clear, empty, field, flash, form, h, input, refresh, secret, table, time } from '../dom.js';

// Revoked keys stop working at once and are not listed (the API still returns them with active=false).
export async function keysPage(view) {
  const keys = (await api.get('/api/v1/auth/keys/')).filter((k) => k.active);
  const out = h('div');
  clear(view,
    h('h1', {}, 'API keys'),
    h('p', { class: 'muted' }, 'A key acts as you: send it as "Authorization: Token <key>". Keys are stored hashed and shown once.'),
    keys.length ? table(['Name', 'Prefix', 'Created', 'Last used', ''], keys.map((k) => [
      k.name, h('code', {}, k.prefix), time(k.created_on), time(k.last_used),
      actionButton('Revoke', { class: 'danger', 'aria-label': `Revoke key ${k.name}` }, async () => {
        await api.del(`/api/v1/auth/keys/${k.id}/`);
        flash(`Key "${k.name}" revoked.`);
        refresh();
      }, `Revoke the key "${k.name}"? Clients using it stop working.`),
    ])) : empty('No API keys yet. Create one below for scripts and integrations.'),
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
