import * as api from '../api.js';
import { clear, field, form, h, input } from '../dom.js';

export function loginPage(view, { onLogin }) {
  const f = form({ class: 'card narrow', id: 'login-form', 'aria-labelledby': 'login-title' }, [
    h('h1', { id: 'login-title' }, 'Log in to Feedline'),
    field('Email or username', input('login', { autocomplete: 'username', required: true })),
    field('Password', input('password', { type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
  ], async ({ login, password }) => {
    const credentials = login.includes('@') ? { email: login, password } : { username: login, password };
    const account = await api.post('/api/v1/auth/login/', credentials);
    api.session.token = account.jwt;
    onLogin();
  });
  clear(view, f);
  f.querySelector('input').focus();
}
