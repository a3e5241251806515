// "Who is this?" (lib/auth/session-endpoint.ts); Auth.js's own route answers the rest
// of /api/auth, and the session update (POST).
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { sessionEndpoint } from "@/lib/auth/session-endpoint";

export const GET = (request: NextRequest) => sessionEndpoint(request);
export const POST = handlers.POST;
