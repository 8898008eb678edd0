// The user's machine: found by its metadata, else created from DOCKER_IMAGE
// through the Fly Machines API and waited for until it has started.
// Settings (Supabase secrets, which the function reads as its environment):
//   DOCKER_IMAGE    the image to boot (set by flypin's pin-image)
//   FLY_API_TOKEN   a Fly token that may create machines in FLY_APP (never printed)
//   FLY_APP         the Fly app the users' machines live in
//   FLY_REGION      where to create them, e.g. sin
//   FLY_API_URL     optional; default https://api.machines.dev
//   FLY_CPU_KIND, FLY_CPUS, FLY_MEMORY_MB   optional size; default shared, 1, 256

export const USER_METADATA_KEY = "flypin_user";

type Env = Record<string, string | undefined>;

interface Settings {
  image: string;
  token: string;
  app: string;
  region: string;
  apiUrl: string;
  guest: { cpu_kind: string; cpus: number; memory_mb: number };
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function settings(env: Env): Settings {
  const missing = ["DOCKER_IMAGE", "FLY_API_TOKEN", "FLY_APP", "FLY_REGION"].filter((k) => !env[k]);
  if (missing.length) throw new HttpError(500, `not configured: ${missing.join(", ")} not set`);
  return {
    image: env.DOCKER_IMAGE!,
    token: env.FLY_API_TOKEN!,
    app: env.FLY_APP!,
    region: env.FLY_REGION!,
    apiUrl: (env.FLY_API_URL || "https://api.machines.dev").replace(/\/+$/, ""),
    guest: {
      cpu_kind: env.FLY_CPU_KIND || "shared",
      cpus: Number(env.FLY_CPUS || "1"),
      memory_mb: Number(env.FLY_MEMORY_MB || "256"),
    },
  };
}

// The caller's user id: the `sub` of the JWT Supabase verified before the
// function ran (verify_jwt, the default), so it is only decoded here.
export function userIdOf(request: Request): string {
  const token = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  const payload = token?.split(".")[1];
  if (!payload) throw new HttpError(401, "a user's JWT is required (Authorization: Bearer ...)");
  let sub: unknown;
  try {
    sub = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))).sub;
  } catch {
    throw new HttpError(401, "the Authorization token is not a JWT");
  }
  if (typeof sub !== "string" || !sub) throw new HttpError(401, "the JWT names no user (sub)");
  return sub;
}

// One machine name per user: Fly names allow lowercase letters, digits and dashes.
export function machineName(userId: string): string {
  return `user-${userId.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 56)}`;
}

// Fly limits each action (list: 1 a second, a burst of 3, per app) and answers 429
// beyond it, having done nothing: such a request is sent again, a few times, after
// the wait the answer asks for (Retry-After) or a growing pause.
const RATE_LIMIT_TRIES = 5;

function pauseAfter429(response: Response, attempt: number): number {
  const asked = Number(response.headers.get("retry-after"));
  const backoff = 500 * 2 ** (attempt - 1);
  return Math.min(Number.isFinite(asked) && asked > 0 ? asked * 1000 : backoff * (0.5 + Math.random() / 2), 8_000);
}

async function fly(s: Settings, method: string, path: string, body?: unknown): Promise<any> {
  // A FlyV1 macaroon token carries its own scheme; any other is a Bearer token.
  const authorization = s.token.startsWith("FlyV1 ") ? s.token : `Bearer ${s.token}`;
  let response: Response;
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(`${s.apiUrl}/v1/apps/${encodeURIComponent(s.app)}${path}`, {
        method,
        headers: { authorization, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(70_000),
      });
    } catch (e) {
      const why = (e as Error).name === "TimeoutError" ? "no answer within 70 s" : `cannot reach ${s.apiUrl}`;
      throw new HttpError(502, `Fly Machines API ${method} ${path.split("?")[0]}: ${why}`);
    }
    if (response.status !== 429 || attempt === RATE_LIMIT_TRIES) break;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, pauseAfter429(response, attempt)));
  }
  const text = await response.text();
  if (!response.ok) {
    throw new HttpError(502, `Fly Machines API ${method} ${path.split("?")[0]}: HTTP ${response.status} ` +
      `(FLY_API_TOKEN, app ${s.app})`);
  }
  return text ? JSON.parse(text) : undefined;
}

export async function userMachine(s: Settings, userId: string) {
  const query = `metadata.${USER_METADATA_KEY}=${encodeURIComponent(userId)}`;
  const existing = ((await fly(s, "GET", `/machines?${query}`)) as any[])
    .filter((m) => m.state !== "destroyed" && m.state !== "destroying");
  if (existing.length) {
    const m = existing[0];
    return { machine_id: m.id, name: m.name, image: m.config?.image, region: m.region, state: m.state, created: false };
  }
  const created = await fly(s, "POST", "/machines", {
    name: machineName(userId),
    region: s.region,
    config: {
      image: s.image,
      guest: s.guest,
      metadata: { [USER_METADATA_KEY]: userId },
      restart: { policy: "on-failure" },
    },
  });
  await fly(s, "GET", `/machines/${created.id}/wait?state=started&timeout=60`);
  return { machine_id: created.id, name: created.name, image: s.image, region: created.region, state: "started",
    created: true };
}

export async function handleRequest(request: Request, env: Env): Promise<Response> {
  try {
    if (request.method !== "POST") throw new HttpError(405, "POST to get your machine");
    const userId = userIdOf(request);
    const machine = await userMachine(settings(env), userId);
    return Response.json(machine, { status: machine.created ? 201 : 200 });
  } catch (e) {
    const status = e instanceof HttpError ? e.status : 500;
    const message = e instanceof HttpError ? e.message : "internal error";
    if (!(e instanceof HttpError)) console.error(e);
    return Response.json({ error: message }, { status });
  }
}
