// The Telegram emulator signs as Telegram does: the app's own verifiers accept what it
// signs, and it refuses a widget request from a domain the bot was not set up for. Its
// Bot API keeps inline keyboards and callback queries as strictly as Telegram does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLoginWidget, verifyWebAppData } from "@/lib/auth/telegram/verify";
import { customUser, testUsers } from "./kit/users";
import { expectErrorPage, postForm, startTestEmulator, TEST_APP, withParams } from "./kit/test-client";
import { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, TELEGRAM_DEMO_WEBAPP_KEY, telegramUserId, webAppFields, widgetFields } from "./telegram";

const fresh = { now: Date.now(), maxAgeSeconds: 300, skewSeconds: 30 };
const anna = testUsers[0]!;
let telegram: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  telegram = await startTestEmulator("telegram");
});
afterAll(() => telegram.emulators.close());

describe("Telegram emulator", () => {
  it("signs widget fields that the app's verifier accepts", () => {
    const signed = signLoginWidget(widgetFields("http://emulator.test", anna), TELEGRAM_DEMO_BOT.token);
    expect(verifyLoginWidget(signed, TELEGRAM_DEMO_BOT.token, fresh)).toMatchObject({ ok: true, user: { first_name: "Anna" } });
  });

  it("signs Mini App data by HMAC and by Ed25519 that the app's verifier accepts", () => {
    const keys = { botToken: TELEGRAM_DEMO_BOT.token, botId: TELEGRAM_DEMO_BOT.id, publicKeyHex: TELEGRAM_DEMO_WEBAPP_KEY };
    for (const how of ["hmac", "signature"] as const) {
      expect(verifyWebAppData(signWebAppData(webAppFields("http://emulator.test", anna), how), keys, fresh)).toMatchObject({ ok: true });
    }
    // Telegram's production key does not verify the emulator's signatures.
    const production = { ...keys, publicKeyHex: "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d" };
    expect(verifyWebAppData(signWebAppData(webAppFields("http://emulator.test", anna), "signature"), production, fresh).ok).toBe(false);
  });

  it("refuses the widget for an unknown bot or a domain the bot was not set up for", async () => {
    const auth = (overrides: Record<string, string>) =>
      withParams(`${telegram.base}/oauth/auth`, { bot: TELEGRAM_DEMO_BOT.username, origin: TEST_APP, return_to: `${TEST_APP}/api/telegram/widget`, ...overrides });
    expect((await fetch(auth({}))).status).toBe(200);
    await expectErrorPage(auth({ bot: "someone_else_bot" }), 400, "Bot username invalid");
    await expectErrorPage(auth({ origin: "http://evil.test" }), 400, "Bot domain invalid");
    await expectErrorPage(auth({ return_to: "http://evil.test/steal" }), 400, "Bot domain invalid");
  });
});

type From = { id: number; is_bot: boolean; first_name: string };
type Message = { message_id: number; from: From; chat: { id: number; type: string }; date: number; text: string; reply_markup?: unknown; edit_date?: number };
type CallbackQuery = { id: string; from: From; message: Message; chat_instance: string; data: string };
type Update = { update_id: number; message?: Message; callback_query?: CallbackQuery };
type ApiAnswer<T> = { ok: boolean; result?: T; error_code?: number; description?: string };

/** A Bot API call, as JSON or (with `form`) form-encoded, the way both kinds of client send it. */
async function bot<T = Message>(method: string, params: Record<string, unknown> = {}, form = false): Promise<ApiAnswer<T>> {
  const url = `${telegram.base}/bot${TELEGRAM_DEMO_BOT.token}/${method}`;
  const response = form
    ? await postForm(url, Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])))
    : await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) });
  const answer = (await response.json()) as ApiAnswer<T>;
  expect(response.status).toBe(answer.ok ? 200 : answer.error_code);
  return answer;
}

/** Someone new to the bot, typed in on the Start page; `id` is what the app's fixtures compute. */
function newPerson() {
  const name = `Tester ${crypto.randomUUID().slice(0, 8)}`;
  return { name, id: telegramUserId(customUser(name, "")), payload: crypto.randomUUID().replace(/-/g, "") };
}

/** Opens the deep link and presses "Start as this person" with the person's name. */
async function pressStart(person: ReturnType<typeof newPerson>) {
  const startPage = await (await fetch(`${telegram.base}/t.me/${TELEGRAM_DEMO_BOT.username}?start=${person.payload}`)).text();
  expect(startPage).toMatch(/<label>Name <input type="text" name="name"/);
  expect(startPage).toContain("Start as this person</button>");
  const chat = await postForm(`${telegram.base}/t.me/start`, { payload: person.payload, name: person.name });
  expect(chat.status).toBe(200);
  return chat.text();
}

/** The updates waiting for this person (others' are left alone), confirmed once read. */
async function updatesFor(id: number): Promise<Update[]> {
  const answer = await bot<Update[]>("getUpdates", { timeout: 0 });
  expect(answer.ok).toBe(true);
  const updates = answer.result!;
  if (updates.length) await bot("getUpdates", { offset: updates.at(-1)!.update_id + 1 });
  return updates.filter((update) => (update.message ?? update.callback_query)?.from.id === id);
}

const chatPage = async (person: { name: string }) => {
  const response = await fetch(withParams(`${telegram.base}/t.me/${TELEGRAM_DEMO_BOT.username}/chat`, { user: person.name }));
  expect(response.status).toBe(200);
  return response.text();
};

const unescape = (html: string) => html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]!);
const botReplies = (html: string) => /<ul aria-label="Bot replies">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
/** The inline buttons on a chat page, with the form each submits, as a browser would send it. */
function inlineButtons(html: string) {
  return [...botReplies(html).matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].flatMap(([, action, inner]) => {
    const fields = Object.fromEntries([...inner!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, unescape(value!)]));
    return [...inner!.matchAll(/<button type="submit" name="data" value="([^"]*)">([^<]*)<\/button>/g)].map(([, data, text]) => ({
      text: unescape(text!),
      press: () => postForm(unescape(action!), { ...fields, data: unescape(data!) }),
    }));
  });
}
const statusText = (html: string) => /<p role="status">([^<]*)<\/p>/.exec(html)?.[1];

const keyboard = (payload: string) => ({ inline_keyboard: [[{ text: "Yes, it's me", callback_data: `yes:${payload}` }, { text: "No", callback_data: `no:${payload}` }]] });

describe("Telegram Bot API: inline keyboards and callback queries", () => {
  it("in polling mode: Start, a question with buttons, the press as a callback_query, the answer and the edit", async () => {
    const person = newPerson();
    expect(await pressStart(person)).toContain("queued for getUpdates");
    const [start] = await updatesFor(person.id);
    expect(start?.message).toMatchObject({ text: `/start ${person.payload}`, chat: { id: person.id, type: "private" }, from: { id: person.id, first_name: "Tester" } });

    const question = await bot("sendMessage", { chat_id: person.id, text: "Is it you signing in from <b>Firefox</b> on Linux?", parse_mode: "HTML", reply_markup: keyboard(person.payload) });
    expect(question).toMatchObject({ ok: true, result: { chat: { id: person.id }, from: { is_bot: true }, text: "Is it you signing in from Firefox on Linux?", reply_markup: keyboard(person.payload) } });
    const messageId = question.result!.message_id;

    const page = await chatPage(person);
    expect(botReplies(page)).toContain("Is it you signing in from Firefox on Linux?");
    // The person's /start is in the chat too, before the bot's question.
    expect(page.indexOf(`/start ${person.payload}`)).toBeLessThan(page.indexOf("Is it you signing in"));
    const buttons = inlineButtons(page);
    expect(buttons.map((b) => b.text)).toEqual(["Yes, it's me", "No"]);

    const pressed = await buttons[0]!.press();
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain("callback_query queued for getUpdates");
    const [press] = await updatesFor(person.id);
    const query = press?.callback_query;
    if (!query) throw new Error("no callback_query for this person");
    expect(query).toMatchObject({
      from: { id: person.id, is_bot: false },
      message: { message_id: messageId, from: { is_bot: true, username: TELEGRAM_DEMO_BOT.username }, chat: { id: person.id }, text: "Is it you signing in from Firefox on Linux?" },
      data: `yes:${person.payload}`,
    });
    expect(typeof query.id).toBe("string");
    expect(typeof query.chat_instance).toBe("string");

    expect(await bot("answerCallbackQuery", { callback_query_id: query.id, text: "Signed in" })).toEqual({ ok: true, result: true });
    expect(await bot("answerCallbackQuery", { callback_query_id: query.id, text: "Signed in" })).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: query is too old and response timeout expired or query ID is invalid",
    });
    expect((await bot("answerCallbackQuery", { callback_query_id: "12345" })).description).toMatch(/query ID is invalid/);

    const edited = await bot("editMessageText", { chat_id: person.id, message_id: messageId, text: "Signed in from Firefox on Linux." });
    expect(edited).toMatchObject({ ok: true, result: { message_id: messageId, text: "Signed in from Firefox on Linux." } });
    expect(edited.result!.reply_markup).toBeUndefined();
    expect(edited.result!.edit_date).toEqual(expect.any(Number));
    expect(await bot("editMessageText", { chat_id: person.id, message_id: messageId, text: "Signed in from Firefox on Linux." })).toMatchObject({
      error_code: 400,
      description: "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    });
    expect((await bot("editMessageText", { chat_id: person.id, message_id: messageId + 1000, text: "x" })).description).toBe("Bad Request: message to edit not found");
    expect((await bot("editMessageText", { chat_id: person.id, message_id: start!.message!.message_id, text: "x" })).description).toBe("Bad Request: message can't be edited");

    const after = await chatPage(person);
    expect(botReplies(after)).toContain("Signed in from Firefox on Linux.");
    expect(botReplies(after)).not.toContain("Is it you signing in");
    expect(inlineButtons(after)).toEqual([]);
    expect(statusText(after)).toBe("Signed in");

    // The edited message's buttons are gone: pressing one again is refused, and nothing is delivered.
    const again = await buttons[1]!.press();
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("No such button");
    expect(await updatesFor(person.id)).toEqual([]);
  });

  it("drops the callback queries allowed_updates leaves out, and delivers them once allowed", async () => {
    const person = newPerson();
    try {
      // As a form-encoded poller sends it: a JSON array string.
      expect((await bot("getUpdates", { allowed_updates: ["message"] }, true)).ok).toBe(true);
      await pressStart(person);
      expect(await updatesFor(person.id)).toHaveLength(1);
      const sent = await bot("sendMessage", { chat_id: String(person.id), text: "Is it you?", reply_markup: keyboard(person.payload) }, true);
      expect(sent.result!.reply_markup).toEqual(keyboard(person.payload));

      const dropped = await inlineButtons(await chatPage(person))[0]!.press();
      expect(await dropped.text()).toContain('dropped: allowed_updates is [&quot;message&quot;]');
      expect(await updatesFor(person.id)).toEqual([]);

      await bot("getUpdates", { allowed_updates: ["message", "callback_query"] });
      const delivered = await inlineButtons(await chatPage(person))[0]!.press();
      expect(await delivered.text()).toContain("queued for getUpdates");
      expect((await updatesFor(person.id)).map((u) => u.callback_query?.data)).toEqual([`yes:${person.payload}`]);
    } finally {
      await bot("getUpdates", { allowed_updates: [] });
    }
  });

  it("refuses malformed reply markup and bad callback_data with Telegram's errors, and shows url buttons as links", async () => {
    const person = newPerson();
    await pressStart(person);
    const send = (reply_markup: unknown, form = false) => bot("sendMessage", { chat_id: person.id, text: "Buttons", reply_markup }, form);
    for (const [markup, description] of [
      ["{not json", "Bad Request: can't parse reply keyboard markup JSON object"],
      [{}, "Bad Request: can't parse reply keyboard markup JSON object"],
      [{ inline_keyboard: [{ text: "Yes", callback_data: "yes" }] }, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'],
      [{ inline_keyboard: [[{ text: "Yes" }]] }, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"],
      [{ inline_keyboard: [[{ text: "Yes", url: null, callback_data: "yes" }]] }, 'Bad Request: can\'t parse inline keyboard button: Field "url" must be of type String'],
      [{ inline_keyboard: [[{ text: "Yes", callback_data: "" }]] }, "Bad Request: BUTTON_DATA_INVALID"],
      [{ inline_keyboard: [[{ text: "Yes", callback_data: "й".repeat(33) }]] }, "Bad Request: BUTTON_DATA_INVALID"],
      [{ inline_keyboard: [[{ text: "Open", url: "javascript:alert(1)" }]] }, "Bad Request: BUTTON_URL_INVALID"],
    ] as const) {
      expect(await send(markup), JSON.stringify(markup)).toEqual({ ok: false, error_code: 400, description });
    }
    expect((await send("{not json", true)).description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
    expect((await bot("sendMessage", { chat_id: person.id, text: "Hi", parse_mode: "Bogus" })).description).toBe("Bad Request: unsupported parse_mode");
    expect((await bot("sendMessage", { chat_id: 1, text: "Hi" })).description).toBe("Bad Request: chat not found");
    // The honest path: 64 bytes of callback_data, and a url button next to it.
    const good = { inline_keyboard: [[{ text: "Exactly 64", callback_data: "й".repeat(32) }], [{ text: "Open Vkhod", url: "https://vkhod.example/account" }]] };
    expect((await send(JSON.stringify(good), true)).result!.reply_markup).toEqual(good);
    const page = await chatPage(person);
    expect(inlineButtons(page).map((b) => b.text)).toEqual(["Exactly 64"]);
    expect(botReplies(page)).toContain('<a href="https://vkhod.example/account" target="_blank" rel="noreferrer">Open Vkhod</a>');
  });

  it("in webhook mode delivers the callback_query with the secret, and the page shows what the bot did during the call", async () => {
    const person = newPerson();
    const received: { secret: unknown; update: Update }[] = [];
    // A bot like the app's: asks on /start, and on the press answers the query and edits the message.
    const hook = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const update = JSON.parse(body) as Update;
      received.push({ secret: req.headers["x-telegram-bot-api-secret-token"], update });
      if (update.message) await bot("sendMessage", { chat_id: update.message.chat.id, text: "Is it you?", reply_markup: keyboard(person.payload) });
      if (update.callback_query) {
        const { id, message } = update.callback_query;
        await bot("answerCallbackQuery", { callback_query_id: id, text: "Done" });
        await bot("editMessageText", { chat_id: message.chat.id, message_id: message.message_id, text: "You are signed in." });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/telegram/webhook`;
    try {
      expect(await bot("setWebhook", { url, secret_token: "hook-secret_1", allowed_updates: ["message", "callback_query"] })).toEqual({ ok: true, result: true });
      expect((await bot("getUpdates")).error_code).toBe(409);
      const started = await pressStart(person);
      expect(started).toContain("delivered to the webhook (HTTP 200)");
      expect(inlineButtons(started).map((b) => b.text)).toEqual(["Yes, it's me", "No"]);

      const pressed = await inlineButtons(started)[0]!.press();
      const page = await pressed.text();
      expect(page).toContain("callback_query delivered to the webhook (HTTP 200)");
      expect(botReplies(page)).toContain("You are signed in.");
      expect(inlineButtons(page)).toEqual([]);
      expect(statusText(page)).toBe("Done");

      expect(received.map((r) => r.secret)).toEqual(["hook-secret_1", "hook-secret_1"]);
      expect(received[1]!.update.callback_query).toMatchObject({ from: { id: person.id }, message: { message_id: expect.any(Number) }, data: `yes:${person.payload}` });
    } finally {
      await bot("deleteWebhook");
      await bot("getUpdates", { allowed_updates: [] });
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});
