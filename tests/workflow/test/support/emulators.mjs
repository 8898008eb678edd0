// What the tests ask the Fly, Supabase and GitHub emulators (the admin API needs no token).
// A 429 is waited out as the API asks (Retry-After), as every real client does:
// the programs under test share the emulators' rate limits with the test.
async function call(url, { method = "GET", token, body } = {}, tries = 5) {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 429 && tries > 1) {
    await res.arrayBuffer();
    const seconds = Math.min(Number(res.headers.get("retry-after")) || 1, 10);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return call(url, { method, token, body }, tries - 1);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const fly = {
  machines: (env) => call(`${env.FLY_API_URL}/_admin/machines`),
  behaviour: (env, body) => call(`${env.FLY_API_URL}/_admin/behaviour`, { method: "POST", body }),
  fault: (env, body) => call(`${env.FLY_API_URL}/_admin/faults`, { method: "POST", body }),
  requests: (env) => call(`${env.FLY_API_URL}/_admin/requests`),
  create: (env, body) => call(`${env.FLY_API_URL}/v1/apps/${env.FLY_APP}/machines`,
    { method: "POST", token: env.FLY_API_TOKEN, body }),
  get: (env, id) => call(`${env.FLY_API_URL}/v1/apps/${env.FLY_APP}/machines/${id}`, { token: env.FLY_API_TOKEN }),
  waitStarted: (env, id) => call(`${env.FLY_API_URL}/v1/apps/${env.FLY_APP}/machines/${id}/wait?state=started&timeout=30`,
    { token: env.FLY_API_TOKEN }),
  destroy: (env, id) => call(`${env.FLY_API_URL}/v1/apps/${env.FLY_APP}/machines/${id}?force=true`,
    { method: "DELETE", token: env.FLY_API_TOKEN }),
};

export const supabase = {
  fault: (env, body) => call(`${env.SUPABASE_API_URL}/_admin/faults`, { method: "POST", body }),
  // Plaintext values, as the Edge Function reads them.
  secrets: (env) => call(`${env.SUPABASE_API_URL}/_admin/secrets/${env.SUPABASE_PROJECT_REF}`),
  set: (env, name, value) => call(`${env.SUPABASE_API_URL}/v1/projects/${env.SUPABASE_PROJECT_REF}/secrets`,
    { method: "POST", token: env.SUPABASE_ACCESS_TOKEN, body: [{ name, value }] }),
};

export const github = {
  // The stack repository's deployments in pin-image's environment, newest first,
  // each with its statuses (newest first), read through the REST API as a user would.
  deployments: async (env, environment = `supabase-${env.SUPABASE_PROJECT_REF}`) => {
    const base = `${env.GITHUB_API_URL}/repos/${env.GITHUB_REPOSITORY}/deployments`;
    const list = await call(`${base}?environment=${encodeURIComponent(environment)}&per_page=100`, { token: env.GITHUB_TOKEN });
    return Promise.all(list.map(async (d) => ({
      ...d, statuses: await call(`${base}/${d.id}/statuses?per_page=100`, { token: env.GITHUB_TOKEN }) })));
  },
};
