// What the pages share: the signed-in account, the orgs, the chosen org (kept in localStorage).

import * as api from './api.js';

const ORG_KEY = 'feedline.org';

export const state = {
  account: null,
  orgs: [],
  get org() {
    const chosen = localStorage.getItem(ORG_KEY);
    return this.orgs.find((o) => o.slug === chosen) || this.orgs[0] || null;
  },
  set org(slug) { localStorage.setItem(ORG_KEY, slug); },
};

export async function loadSession() {
  state.account = await api.get('/api/v1/auth/user-info/');
  await reloadOrgs();
}

/** The caller's orgs, each with the caller's role in it (from the membership endpoint). */
export async function reloadOrgs() {
  const orgs = await api.all('/api/v1/org/');
  await Promise.all(orgs.map(async (org) => {
    const me = await api.get(`/api/v1/org/${api.enc(org.slug)}/membership/`);
    org.role = me.role;
  }));
  state.orgs = orgs;
}

const ROLES = ['viewer', 'member', 'admin', 'owner'];

/** True when the caller's role in the chosen org is at least `role`. */
export function can(role) {
  const org = state.org;
  return !!org && ROLES.indexOf(org.role) >= ROLES.indexOf(role);
}
