// Which providers `npm run dev` emulates: those with no real credentials in the
// environment. Add a provider here together with its emulator.
const credentials = {
  google: ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
};

export function demoProviders(env) {
  return Object.entries(credentials)
    .filter(([, names]) => names.some((name) => !env[name]))
    .map(([id]) => id);
}
