#!/usr/bin/env node
// One fly-admin call against the Fly emulator, the way an application using
// the library makes it:  node fly_admin_call.cjs METHOD 'PAYLOAD_JSON'
// e.g. node fly_admin_call.cjs getMachine '{"app_name":"a","machine_id":"m"}'.
// Prints the call's result as JSON on stdout; on an error prints its message
// on stderr and exits 1. Both API URLs must be loopback: this never talks to Fly.
'use strict';
const path = require('node:path');
const Client = require(path.join(__dirname, 'node_modules/fly-admin/dist/client.js')).default;

function loopbackUrl(name) {
  const value = process.env[name] || '';
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http://127.0.0.1:PORT URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname)) {
    throw new Error(`${name} must be a loopback URL, got "${value}"`);
  }
  return value.replace(/\/$/, '');
}

async function main() {
  const [method, payload = '{}'] = process.argv.slice(2);
  const client = new Client(process.env.FLY_API_TOKEN, {
    apiUrl: loopbackUrl('FLY_API_URL'),
    graphqlUrl: loopbackUrl('FLY_GRAPHQL_URL'),
  });
  if (typeof client.Machine[method] !== 'function') throw new Error(`fly-admin has no Machine.${method}`);
  const result = await client.Machine[method](JSON.parse(payload));
  process.stdout.write(`${JSON.stringify(result === undefined ? null : result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
