// The GraphQL explorer: GraphiQL (from its WebJar) on /api/graphql, with the web UI's JWT. The JWT lives in this
// tab's sessionStorage (api.js), so the explorer opened from the UI's menu in the same tab is logged in as the UI is.
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

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    document.getElementById('graphiql-login').hidden = false;
    return;
  }
  const fetcher = window.GraphiQL.createFetcher({ url: '/api/graphql', headers: { Authorization: `JWT ${token}` } });
  const root = window.ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(window.React.createElement(window.GraphiQL, { fetcher, defaultQuery: EXAMPLE, defaultEditorToolsVisibility: true }));
}

start();
