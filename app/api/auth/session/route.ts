// "Who is this?" (lib/auth/session-endpoint.ts), for GET and POST; Auth.js's own route
// answers the rest of /api/auth.
import type { NextRequest } from "next/server";
import { sessionEndpoint } from "@/lib/auth/session-endpoint";

export const GET = (request: NextRequest) => sessionEndpoint(request);
// The session update (Auth.js's client update()) is nothing Vkhod uses: POST answers as
// GET does, so a session waiting for its second factor reads as null here too.
export const POST = (request: NextRequest) => sessionEndpoint(request);
