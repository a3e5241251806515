// The Bot API and the tester pages that play the person's side of a chat with the bot:
// Start (a test person or a typed name), the chat with the bot's messages and their
// inline buttons, and the button presses, delivered as updates to the webhook or the
// getUpdates queue exactly as Telegram delivers them.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { errorPage } from "../kit/consent-page";
import { escapeHtml, readBody, readForm, sendHtml, sendJson, type Request, type Response } from "../kit/http";
import { customUser, fullName, testUsers, type TestUser } from "../kit/users";
import { TELEGRAM_DEMO_BOT, telegramUserId } from "./signing";

/** An inline keyboard button as the emulator keeps it: exactly one of callback_data and url. */
type InlineButton = { text: string; callback_data: string } | { text: string; url: string };
type InlineKeyboard = { inline_keyboard: InlineButton[][] };
/** A message in a private chat with the bot: the person's or the bot's. */
type ChatMessage = { message_id: number; by: "person" | "bot"; date: number; text: string; reply_markup?: InlineKeyboard; edit_date?: number };
/** A private chat: the person (and how the tester named them: a test person's key or a typed name). */
type Chat = { person: TestUser; ref: string; messages: ChatMessage[]; toast?: string };

type Checked<T> = { ok: true; value: T } | { ok: false; description: string };
const refused = (description: string) => ({ ok: false, description }) as const;

const BOT_USER = { id: Number(TELEGRAM_DEMO_BOT.id), is_bot: true, first_name: "Vkhod demo", username: TELEGRAM_DEMO_BOT.username };
const CANT_PARSE_MARKUP = "Bad Request: can't parse reply keyboard markup JSON object";
/** Kinds of inline button Telegram has and the emulator does not draw. */
const OTHER_BUTTONS = ["login_url", "web_app", "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * reply_markup as Telegram reads it: an object, or a JSON string (form-encoded callers);
 * only inline keyboards of callback_data and url buttons are emulated. Empty rows and an
 * empty keyboard mean no keyboard, as at Telegram.
 */
function parseReplyMarkup(raw: unknown): Checked<InlineKeyboard | undefined> {
  if (raw === undefined || raw === null || raw === "") return { ok: true, value: undefined };
  let markup = raw;
  if (typeof raw === "string") {
    try {
      markup = JSON.parse(raw);
    } catch {
      return refused(CANT_PARSE_MARKUP);
    }
  }
  if (!isObject(markup)) return refused(CANT_PARSE_MARKUP);
  if (!("inline_keyboard" in markup)) {
    const replyKeyboard = ["keyboard", "remove_keyboard", "force_reply"].some((field) => field in markup);
    return refused(replyKeyboard ? "Bad Request: the emulator does not support reply keyboards, only inline_keyboard" : CANT_PARSE_MARKUP);
  }
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) return refused('Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  const keyboard: InlineButton[][] = [];
  for (const row of rows as unknown[][]) {
    const buttons: InlineButton[] = [];
    for (const raw of row) {
      const button = parseButton(raw);
      if (!button.ok) return button;
      buttons.push(button.value);
    }
    if (buttons.length) keyboard.push(buttons);
  }
  return { ok: true, value: keyboard.length ? { inline_keyboard: keyboard } : undefined };
}

function parseButton(button: unknown): Checked<InlineButton> {
  const cantParse = (why: string) => refused(`Bad Request: can't parse inline keyboard button: ${why}`);
  if (!isObject(button)) return cantParse("InlineKeyboardButton should be an Object");
  for (const field of ["text", "url", "callback_data"]) {
    if ((field === "text" || field in button) && typeof button[field] !== "string") return cantParse(`Field "${field}" must be of type String`);
  }
  const text = button.text as string;
  const other = OTHER_BUTTONS.find((field) => field in button);
  if (other) return refused(`Bad Request: the emulator does not support ${other} buttons, only callback_data and url`);
  const { url, callback_data: data } = button as { url?: string; callback_data?: string };
  if (url === undefined && data === undefined) return cantParse("Text buttons are unallowed in the inline keyboard");
  if (url !== undefined && data !== undefined) return refused(CANT_PARSE_MARKUP);
  if (data !== undefined) {
    const bytes = Buffer.byteLength(data, "utf8");
    return bytes >= 1 && bytes <= 64 ? { ok: true, value: { text, callback_data: data } } : refused("Bad Request: BUTTON_DATA_INVALID");
  }
  let protocol = "";
  try {
    protocol = new URL(url!).protocol;
  } catch {
    // left empty: refused below
  }
  return ["http:", "https:", "tg:"].includes(protocol) ? { ok: true, value: { text, url: url! } } : refused("Bad Request: BUTTON_URL_INVALID");
}

/** A message's text as Telegram keeps it: HTML tags dropped, Markdown kept as typed. */
function parseText(raw: unknown, parseMode: unknown): Checked<string> {
  const mode = parseMode === undefined || parseMode === null || parseMode === "" ? "" : String(parseMode).toLowerCase();
  if (!["", "html", "markdown", "markdownv2"].includes(mode)) return refused("Bad Request: unsupported parse_mode");
  let text = raw === undefined || raw === null ? "" : String(raw);
  if (mode === "html") {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
    text = text
      .replace(/<[^>]*>/g, "")
      .replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) =>
        name.startsWith("#") ? String.fromCodePoint(Number(name[1]?.toLowerCase() === "x" ? `0${name.slice(1)}` : name.slice(1))) : (named[name.toLowerCase()] ?? entity),
      );
  }
  if (!text.trim()) return refused("Bad Request: message text is empty");
  if (text.length > 4096) return refused("Bad Request: message is too long");
  return { ok: true, value: text };
}

/**
 * allowed_updates as Telegram reads it: an array or a JSON array string; an empty list
 * is the default (here: every type). Anything else is ignored, as Telegram ignores it.
 */
function parseAllowedUpdates(raw: unknown): string[] | "default" | undefined {
  let list = raw;
  if (typeof raw === "string") {
    try {
      list = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list) || !list.every((type) => typeof type === "string")) return undefined;
  return list.length ? list : "default";
}

const telegramUser = (user: TestUser) => ({
  id: telegramUserId(user),
  is_bot: false,
  first_name: user.givenName,
  ...(user.familyName ? { last_name: user.familyName } : {}),
  username: `${user.key}_tg`,
  language_code: user.locale,
});

const privateChat = (user: TestUser) => ({
  id: telegramUserId(user),
  first_name: user.givenName,
  ...(user.familyName ? { last_name: user.familyName } : {}),
  username: `${user.key}_tg`,
  type: "private",
});

/** A test person by key, or the person typed in by that name (as on the consent pages). */
function findPerson(ref: string): TestUser | undefined {
  const name = ref.trim();
  return testUsers.find((user) => user.key === name) ?? (name ? customUser(name, "") : undefined);
}

/** The Bot API and the deep-link tester pages (Start, the chat, its inline buttons). */
export function botApi(base: string, now: () => number) {
  let webhook: { url: string; secret?: string } | undefined;
  /** The update types to deliver (setWebhook's or getUpdates' allowed_updates); undefined: all. */
  let allowedUpdates: string[] | undefined;
  const queued: { update_id: number }[] = [];
  const chats = new Map<number, Chat>();
  /** Callback queries issued by a button press: their chat, and whether the bot answered. */
  const callbackQueries = new Map<string, { chatId: number; answered: boolean }>();
  // Update ids are per bot and only go up; a random start, as no two emulators (or
  // runs) should hand out the same ones for one database to remember.
  let updateId = randomInt(100_000, 2 ** 31 - 10_000_000);
  let messageId = 1;
  const seconds = () => Math.floor(now() / 1000);
  const answer = (res: Response, result: unknown) => sendJson(res, 200, { ok: true, result });
  const refuse = (res: Response, code: number, description: string) => sendJson(res, code, { ok: false, error_code: code, description });

  /** A message of the bot's, as the Bot API returns it and callback queries carry it. */
  const botMessage = (chat: Chat, message: ChatMessage) => ({
    message_id: message.message_id,
    from: BOT_USER,
    chat: privateChat(chat.person),
    date: message.date,
    ...(message.edit_date ? { edit_date: message.edit_date } : {}),
    text: message.text,
    ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
  });

  async function call(req: Request, res: Response, token: string, method: string) {
    if (token !== TELEGRAM_DEMO_BOT.token) return refuse(res, 401, "Unauthorized"), true;
    const body = await readBody(req);
    let params: Record<string, unknown> = {};
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body));
    } catch {
      params = Object.fromEntries(new URLSearchParams(body));
    }
    const setAllowedUpdates = () => {
      const given = parseAllowedUpdates(params.allowed_updates);
      if (given) allowedUpdates = given === "default" ? undefined : given;
    };
    switch (method) {
      case "getMe":
        answer(res, BOT_USER);
        break;
      case "setWebhook": {
        const url = String(params.url ?? "");
        if (!/^https?:\/\//.test(url)) return refuse(res, 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"), true;
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return refuse(res, 400, "Bad Request: secret token contains unallowed characters"), true;
        webhook = { url, secret };
        setAllowedUpdates();
        answer(res, true);
        break;
      }
      case "getWebhookInfo":
        // As at Telegram: an empty url without a webhook, never the secret.
        answer(res, { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: webhook ? 0 : queued.length, ...(allowedUpdates ? { allowed_updates: allowedUpdates } : {}) });
        break;
      case "deleteWebhook":
        webhook = undefined;
        answer(res, true);
        break;
      case "getUpdates": {
        if (webhook) return refuse(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"), true;
        setAllowedUpdates();
        // Updates below `offset` are confirmed and forgotten, as at Telegram.
        const offset = Number(params.offset);
        if (params.offset !== undefined && params.offset !== "" && Number.isSafeInteger(offset)) {
          queued.splice(0, queued.filter((update) => update.update_id < offset).length);
        }
        const limit = Number(params.limit);
        answer(res, queued.slice(0, Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 100));
        break;
      }
      case "sendMessage": {
        const chatId = Number(params.chat_id);
        const chat = chats.get(chatId);
        // The bot can write only to someone who pressed Start.
        if (!chat) return refuse(res, 400, "Bad Request: chat not found"), true;
        const text = parseText(params.text, params.parse_mode);
        if (!text.ok) return refuse(res, 400, text.description), true;
        const markup = parseReplyMarkup(params.reply_markup);
        if (!markup.ok) return refuse(res, 400, markup.description), true;
        const message: ChatMessage = { message_id: messageId++, by: "bot", date: seconds(), text: text.value, reply_markup: markup.value };
        chat.messages.push(message);
        answer(res, botMessage(chat, message));
        break;
      }
      case "editMessageText": {
        const chat = chats.get(Number(params.chat_id));
        const message = chat?.messages.find((m) => m.message_id === Number(params.message_id));
        if (!chat || !message) return refuse(res, 400, "Bad Request: message to edit not found"), true;
        if (message.by !== "bot") return refuse(res, 400, "Bad Request: message can't be edited"), true;
        const text = parseText(params.text, params.parse_mode);
        if (!text.ok) return refuse(res, 400, text.description), true;
        // Without reply_markup the keyboard goes, as at Telegram.
        const markup = parseReplyMarkup(params.reply_markup);
        if (!markup.ok) return refuse(res, 400, markup.description), true;
        if (text.value === message.text && JSON.stringify(markup.value) === JSON.stringify(message.reply_markup)) {
          return (
            refuse(res, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"),
            true
          );
        }
        Object.assign(message, { text: text.value, reply_markup: markup.value, edit_date: seconds() });
        answer(res, botMessage(chat, message));
        break;
      }
      case "answerCallbackQuery": {
        const query = callbackQueries.get(String(params.callback_query_id ?? ""));
        if (!query || query.answered) return refuse(res, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid"), true;
        query.answered = true;
        const chat = chats.get(query.chatId);
        // What Telegram shows the person as a toast (or an alert, with show_alert).
        if (chat) chat.toast = params.text === undefined || params.text === "" ? undefined : String(params.text);
        answer(res, true);
        break;
      }
      default:
        refuse(res, 404, "Not Found: method not found");
    }
    return true;
  }

  /** An update goes to the webhook, or waits for getUpdates, unless allowed_updates leaves its type out. */
  async function deliver(update: { update_id: number; message?: unknown; callback_query?: unknown }): Promise<string> {
    const type = update.message ? "message" : "callback_query";
    if (allowedUpdates && !allowedUpdates.includes(type)) return `dropped: allowed_updates is ${JSON.stringify(allowedUpdates)}`;
    if (!webhook) {
      queued.push(update);
      return "queued for getUpdates";
    }
    const answered = await fetch(webhook.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(webhook.secret ? { "x-telegram-bot-api-secret-token": webhook.secret } : {}) },
      body: JSON.stringify(update),
    }).catch((error: unknown) => ({ status: String(error) }));
    return `delivered to the webhook (HTTP ${answered.status})`;
  }

  const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>
  body{font-family:system-ui,sans-serif;margin:0;padding:24px;background:#e7ebf0;color:#0f172a}
  main{max-width:520px;margin:0 auto} ul{list-style:none;padding:0;display:grid;gap:8px}
  .you{justify-self:end;background:#effdde;border-radius:12px;padding:8px 12px}
  .bot{justify-self:start;background:#fff;border-radius:12px;padding:8px 12px;max-width:90%}
  .bot p{margin:0 0 6px;white-space:pre-wrap} .row{display:flex;gap:6px;margin-top:6px}
  .row button,.row a{flex:1;font:inherit;padding:6px 10px;border:0;border-radius:8px;background:#5288c1;color:#fff;cursor:pointer;text-align:center;text-decoration:none}
  [role=status]{background:#334155;color:#fff;border-radius:8px;padding:8px 12px}
  small,.note{color:#64748b} fieldset{border:1px solid #cbd5e1;border-radius:10px;display:grid;gap:8px;padding:12px}
  input[type=text]{font:inherit;padding:8px;border:1px solid #cbd5e1;border-radius:8px}
</style></head><body><main>${body}<p class="note">Vkhod's local Telegram emulator, not Telegram.</p></main></body></html>`;

  /**
   * The chat with one person, in order. The list keeps the name "Bot replies": its
   * items are the bot's messages (text, inline buttons), and the person's own
   * messages sit between them as plain rows (role none), so they are not counted.
   */
  function chatPage(person: TestUser, ref: string, note?: string): string {
    const e = escapeHtml;
    const chat = chats.get(telegramUserId(person));
    const items = (chat?.messages ?? [])
      .map((message) => {
        if (message.by === "person") return `<li role="none" class="you">You: ${e(message.text)}</li>`;
        const rows = (message.reply_markup?.inline_keyboard ?? [])
          .map(
            (row) =>
              `<div class="row">${row
                .map((button) =>
                  "url" in button
                    ? `<a href="${e(button.url)}" target="_blank" rel="noreferrer">${e(button.text)}</a>`
                    : `<button type="submit" name="data" value="${e(button.callback_data)}">${e(button.text)}</button>`,
                )
                .join("")}</div>`,
          )
          .join("");
        const keyboard = rows
          ? `<form method="post" action="${e(`${base}/t.me/callback`)}"><input type="hidden" name="user" value="${e(ref)}"><input type="hidden" name="message_id" value="${message.message_id}">${rows}</form>`
          : "";
        return `<li class="bot"><p>${e(message.text)}</p>${keyboard}${message.edit_date ? "<small>edited</small>" : ""}</li>`;
      })
      .join("");
    const reload = `${base}/t.me/${TELEGRAM_DEMO_BOT.username}/chat?${new URLSearchParams({ user: ref })}`;
    return page(
      `Chat with @${TELEGRAM_DEMO_BOT.username}`,
      `<h1>Chat with @${TELEGRAM_DEMO_BOT.username}</h1>
<p>You are ${e(fullName(person))} (Telegram id ${telegramUserId(person)}). <a href="${e(reload)}">Reload the chat</a></p>
${note ? `<p class="note">${note}</p>` : ""}${chat?.toast ? `<p role="status">${e(chat.toast)}</p>` : ""}
<ul aria-label="Bot replies">${items}</ul>`,
    );
  }

  const startCommand = (payload: string) => (payload ? `/start ${payload}` : "/start");

  /** The tester opens t.me/<bot>?start=<payload>: whom to be, then Start. */
  function startPage(res: Response, botName: string, query: URLSearchParams) {
    if (botName !== TELEGRAM_DEMO_BOT.username) return sendHtml(res, 404, errorPage("Telegram", "Bot not found", botName)), true;
    const e = escapeHtml;
    const payload = query.get("start") ?? "";
    const action = `<form method="post" action="${e(`${base}/t.me/start`)}"><input type="hidden" name="payload" value="${e(payload)}">`;
    const buttons = testUsers
      .map((user) => `<li>${action}<input type="hidden" name="user" value="${e(user.key)}"><button type="submit">Start as ${e(fullName(user))}</button></form></li>`)
      .join("");
    sendHtml(
      res,
      200,
      page(
        `@${botName} (Telegram emulator)`,
        `<h1>@${e(botName)}</h1><p>You are opening the bot with <code>${e(startCommand(payload))}</code>. Who are you?</p>
<ul aria-label="Test accounts">${buttons}</ul>
${action}<fieldset><legend>Someone else</legend><label>Name <input type="text" name="name" required autocomplete="off"></label>
<button type="submit">Start as this person</button></fieldset></form>`,
      ),
    );
    return true;
  }

  /** The chat again (GET <bot>/chat?user=<key or name>), for a tester in polling mode. */
  function openChat(res: Response, botName: string, query: URLSearchParams) {
    if (botName !== TELEGRAM_DEMO_BOT.username) return sendHtml(res, 404, errorPage("Telegram", "Bot not found", botName)), true;
    const ref = query.get("user")?.trim() ?? "";
    const person = findPerson(ref);
    if (!person) return sendHtml(res, 400, errorPage("Telegram", "Unknown account", "Say whose chat: ?user=<test person or name>.")), true;
    sendHtml(res, 200, chatPage(person, ref));
    return true;
  }

  /** Start pressed: the update goes to the webhook (or the getUpdates queue); then the chat. */
  async function deliverStart(req: Request, res: Response) {
    const form = await readForm(req);
    const known = testUsers.find((u) => u.key === form.get("user"));
    const name = form.get("name")?.trim() ?? "";
    const person = known ?? (name ? customUser(name, "") : undefined);
    const ref = known?.key ?? name;
    if (!person) return sendHtml(res, 400, errorPage("Telegram", "Unknown account", "Pick one of the accounts or type a name."));
    const id = telegramUserId(person);
    const chat = chats.get(id) ?? { person, ref, messages: [] };
    chats.set(id, Object.assign(chat, { ref }));
    const text = startCommand(form.get("payload") ?? "");
    const message: ChatMessage = { message_id: messageId++, by: "person", date: seconds(), text };
    chat.messages.push(message);
    const delivery = await deliver({
      update_id: updateId++,
      message: { message_id: message.message_id, from: telegramUser(person), chat: privateChat(person), date: message.date, text, entities: [{ offset: 0, length: 6, type: "bot_command" }] },
    });
    sendHtml(res, 200, chatPage(person, ref, `You: <code>${escapeHtml(text)}</code> (${escapeHtml(delivery)})`));
  }

  /** An inline button pressed: a callback_query update, delivered as /start is; then the chat. */
  async function pressButton(req: Request, res: Response) {
    const form = await readForm(req);
    const ref = form.get("user")?.trim() ?? "";
    const person = findPerson(ref);
    const chat = person && chats.get(telegramUserId(person));
    const message = chat?.messages.find((m) => m.by === "bot" && String(m.message_id) === form.get("message_id"));
    const data = form.get("data") ?? "";
    const button = message?.reply_markup?.inline_keyboard.flat().find((b) => "callback_data" in b && b.callback_data === data);
    if (!person || !chat || !message || !button) {
      return sendHtml(res, 400, errorPage("Telegram", "No such button", "This message has no such button (an edit may have removed it)."));
    }
    const id = String(BigInt(`0x${randomBytes(8).toString("hex")}`));
    callbackQueries.set(id, { chatId: telegramUserId(person), answered: false });
    chat.toast = undefined;
    const delivery = await deliver({
      update_id: updateId++,
      callback_query: { id, from: telegramUser(person), message: botMessage(chat, message), chat_instance: chatInstance(telegramUserId(person)), data },
    });
    sendHtml(res, 200, chatPage(person, ref, `You pressed <strong>${escapeHtml(button.text)}</strong> (callback_query ${escapeHtml(delivery)})`));
  }

  /**
   * The person let the bot write to them (the widget's data-request-access="write",
   * which Vkhod always asks for): the bot may now message them, as after Start.
   */
  function allowWrite(person: TestUser, ref: string) {
    if (!chats.has(telegramUserId(person))) chats.set(telegramUserId(person), { person, ref, messages: [] });
  }

  return { call, startPage, openChat, deliverStart, pressButton, allowWrite };
}

/** Telegram's chat_instance: a stable signed 64-bit number for the chat, as a string. */
const chatInstance = (chatId: number) => String(BigInt.asIntN(64, BigInt(`0x${createHash("sha256").update(`chat-instance:${chatId}`).digest("hex").slice(0, 16)}`)));
