// Supabase Edge Function: gives the calling user a Fly machine of their own,
// booted from the image the project secret DOCKER_IMAGE names — the secret
// flypin's pin-image writes only after the image was built, booted and proven
// healthy. Deploy it as supabase/functions/user-machine/ (see README.md).
import { handleRequest } from "./user_machine.ts";

Deno.serve((request) => handleRequest(request, Deno.env.toObject()));
