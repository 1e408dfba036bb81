// The GraphQL explorer: GraphiQL (from its WebJar) on /api/graphql, with the web UI's JWT. The JWT lives in this
// tab's sessionStorage (api.js), so the explorer opened from the UI's menu in the same tab is logged in as the UI is.
// Subscriptions run over /api/graphql/ws with graphql-transport-ws, spoken by the small client below (the graphql-ws
// library has no WebJar; the protocol is a handful of JSON messages). ?query=... opens the explorer with that query.
const TOKEN_KEY = 'feedline.jwt';

const EXAMPLE = `# Your orgs' devices with their streams' latest values. Ctrl-Enter runs; the Docs tab shows the schema.
query Devices {
  devices(limit: 20, order_by: [{label: asc}]) {
    slug
    label
    online
    last_seen
    project { slug name }
    streams { slug data_label latest { timestamp value } }
  }
}
`;

/** Whether the operation GraphiQL runs is a subscription (comments and strings aside, a good-enough look). */
function isSubscription(query, operationName) {
  const text = query.replace(/#[^\n]*/g, '');
  if (operationName) return new RegExp(`\\bsubscription\\s+${operationName}\\b`).test(text);
  return /^\s*subscription\b/.test(text);
}

/**
 * One subscription on its own graphql-transport-ws connection, as the async iterable of results GraphiQL shows:
 * connection_init with the JWT, subscribe, each next's payload, until complete, an error or GraphiQL stops it.
 */
function subscribe(params, token) {
  const queue = [];
  let wake = null;
  let done = false;
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/graphql/ws`, 'graphql-transport-ws');
  const notify = () => { if (wake) { wake(); wake = null; } };
  const push = (result) => { queue.push(result); notify(); };
  const finish = () => {
    done = true;
    notify();
    if (ws.readyState <= WebSocket.OPEN) ws.close(1000);
  };
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } }));
  ws.onmessage = (event) => {
    const m = JSON.parse(event.data);
    if (m.type === 'connection_ack') {
      const { query, variables, operationName } = params;
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: variables || {}, operationName } }));
    } else if (m.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong' }));
    } else if (m.type === 'next') {
      push(m.payload);
    } else if (m.type === 'error') {
      push({ errors: m.payload });
      finish();
    } else if (m.type === 'complete') {
      finish();
    }
  };
  ws.onclose = (event) => {
    if (done) return;
    if (event.code !== 1000) push({ errors: [{ message: `connection closed: ${event.code} ${event.reason}` }] });
    finish();
  };
  return {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          while (!queue.length && !done) await new Promise((resolve) => { wake = resolve; });
          return queue.length ? { value: queue.shift(), done: false } : { value: undefined, done: true };
        },
        async return() {
          if (!done && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: '1', type: 'complete' }));
          finish();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    document.getElementById('graphiql-login').hidden = false;
    return;
  }
  const http = window.GraphiQL.createFetcher({ url: '/api/graphql', headers: { Authorization: `JWT ${token}` } });
  const fetcher = (params, options) => (isSubscription(params.query || '', params.operationName)
    ? subscribe(params, token) : http(params, options));
  const query = new URLSearchParams(location.search).get('query') || undefined;
  const root = window.ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(window.React.createElement(window.GraphiQL, { fetcher, query, defaultQuery: EXAMPLE, defaultEditorToolsVisibility: true }));
}

start();
