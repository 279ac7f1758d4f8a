// The playground page: polls the JSON endpoints and draws a Telegram-like private chat.
// Bot texts arrive as plain text plus entities; formatting is built with DOM calls only,
// so nothing the bot sent is ever parsed as HTML here.
"use strict";

const POLL_MS = 700;
const state = {
  lang: localStorage.getItem("playground-lang") || "th",
  labels: {},
  people: [],
  current: null,
  chats: {},      // person id -> last JSON text of their chat
  seen: {},       // person id -> bot messages seen
  toastSeen: {},  // person id -> last callback answer number shown
  date: "",
};

const $ = (id) => document.getElementById(id);
// Locale keys (locales/*/playground.toml) written out in full, so grep finds every use.
const L = (key) => state.labels[key] || key;
const ROLE_NAMES = {
  officer: "playground.role_officer",
  supervisor: "playground.role_supervisor",
  admin: "playground.role_admin",
};
const JUMP_NAMES = {
  "20": "playground.jump_20",
  "25": "playground.jump_25",
  last: "playground.jump_last",
  first: "playground.jump_first",
};

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

// -- formatting from entities ---------------------------------------------------------

function safeHref(url) {
  return /^(https?:|tg:|mailto:)/i.test(url) ? url : null;
}

function entityElement(entity, text) {
  switch (entity.type) {
    case "bold": return el("b");
    case "italic": return el("i");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": return el("pre");
    case "blockquote": case "expandable_blockquote": return el("blockquote");
    case "spoiler": {
      const span = el("span", {class: "spoiler"});
      span.addEventListener("click", () => span.classList.add("shown"));
      return span;
    }
    case "text_link": case "url": {
      const href = safeHref(entity.type === "url" ? text : entity.url || "");
      return href ? el("a", {href, target: "_blank", rel: "noopener noreferrer"}) : el("span");
    }
    default: return el("span", {class: `entity-${entity.type}`});
  }
}

function renderFormatted(text, entities) {
  const root = document.createDocumentFragment();
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  // Offsets are UTF-16 code units, as JavaScript string indexes are.
  function build(parent, start, end, list) {
    let pos = start;
    let i = 0;
    while (i < list.length) {
      const entity = list[i];
      const from = Math.max(entity.offset, pos);
      const to = Math.min(entity.offset + entity.length, end);
      let j = i + 1;
      const inner = [];
      while (j < list.length && list[j].offset < entity.offset + entity.length) inner.push(list[j++]);
      if (to > from) {
        if (from > pos) parent.append(text.slice(pos, from));
        const node = entityElement(entity, text.slice(from, to));
        build(node, from, to, inner);
        parent.append(node);
        pos = to;
      }
      i = j;
    }
    if (end > pos) parent.append(text.slice(pos, end));
  }
  build(root, 0, text.length, sorted);
  return root;
}

// -- drawing --------------------------------------------------------------------------

function time(unix) {
  return new Date(unix * 1000).toLocaleTimeString("th-TH", {hour: "2-digit", minute: "2-digit"});
}

function size(bytes) {
  if (!bytes) return "";
  return bytes > 1024 * 1024 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function inlineKeyboard(message) {
  if (!message.inline.length) return null;
  const box = el("div", {class: "inline"});
  for (const row of message.inline) {
    const line = el("div", {class: "inline-row"});
    for (const button of row) {
      if (button.data !== null && button.data !== undefined) {
        line.append(el("button", {type: "button", onclick: () => press(message.id, button.data)}, button.text));
      } else if (button.url && safeHref(button.url)) {
        line.append(el("a", {href: button.url, target: "_blank", rel: "noopener noreferrer"}, `${button.text} ↗`));
      } else {
        line.append(el("button", {type: "button", disabled: "disabled"}, button.text));
      }
    }
    box.append(line);
  }
  return box;
}

function messageRow(message) {
  const bubble = el("div", {class: "bubble"});
  if (message.photo) {
    const img = el("img", {class: "photo", src: message.photo.url, alt: "", loading: "eager"});
    img.addEventListener("click", () => window.open(message.photo.url, "_blank"));
    bubble.append(img);
  }
  if (message.document) {
    bubble.append(el("a", {class: "document", href: message.document.url, download: message.document.name},
      el("span", {class: "icon"}, "⬇"),
      el("span", {}, el("div", {class: "doc-name"}, message.document.name),
        el("div", {class: "doc-size"}, `${size(message.document.size)} · ${L("playground.download")}`))));
  }
  if (message.text) bubble.append(renderFormatted(message.text, message.entities));
  else if (!message.photo && !message.document) bubble.append(L("playground.unsupported"));
  bubble.prepend(el("span", {class: "meta"}, `${message.edited ? L("playground.edited") + " " : ""}${time(message.date)}`));
  const row = el("div", {class: `row ${message.from_bot ? "bot" : "me"}`, dataset: {id: message.id}}, bubble);
  const keyboard = inlineKeyboard(message);
  if (keyboard) row.append(keyboard);
  return row;
}

function drawChat(chat) {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  box.replaceChildren(...chat.messages.map(messageRow));
  if (!chat.messages.length) box.append(el("div", {class: "empty"}, L("playground.empty")));
  $("start-row").hidden = chat.messages.length > 0;
  const keyboard = $("keyboard");
  keyboard.replaceChildren(...(chat.keyboard || []).map((row) =>
    el("div", {class: "kb-row"}, ...row.map((text) =>
      el("button", {type: "button", onclick: () => sendText(text)}, text)))));
  if (atBottom || box.dataset.person !== String(state.current)) {
    box.scrollTop = box.scrollHeight;
    // Images load later and change the height: keep the newest message in view.
    for (const img of box.querySelectorAll("img")) {
      img.addEventListener("load", () => { box.scrollTop = box.scrollHeight; });
    }
  }
  box.dataset.person = String(state.current);
}

function drawPeople() {
  $("people").replaceChildren(...state.people.map((person) => {
    const unread = (botCount(person.id) - (state.seen[person.id] || 0));
    return el("button", {
      type: "button",
      class: `person${person.id === state.current ? " active" : ""}`,
      dataset: {role: person.key},
      onclick: () => choose(person.id),
    },
    el("span", {class: `avatar ${person.key}`}, person.name.slice(0, 1)),
    el("span", {class: "who"}, el("div", {class: "name"}, person.name),
      el("div", {class: "role"}, L(ROLE_NAMES[person.key]))),
    unread > 0 && person.id !== state.current ? el("span", {class: "badge"}, String(unread)) : null);
  }));
}

function botCount(id) {
  const text = state.chats[id];
  return text ? JSON.parse(text).messages.filter((m) => m.from_bot).length : 0;
}

function drawDate() {
  const [y, m, d] = state.date.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const locale = state.lang === "th" ? "th-TH-u-ca-buddhist" : "en-GB";
  $("bot-date").textContent = day.toLocaleDateString(locale, {dateStyle: "full", timeZone: "UTC"});
  $("bot-date").dataset.iso = state.date;
  if (document.activeElement !== $("date-input")) $("date-input").value = state.date;
}

function drawLabels() {
  document.documentElement.lang = state.lang;
  document.title = L("playground.title");
  for (const [id, key] of [["title", "playground.title"], ["language", "playground.language"],
    ["play-as", "playground.play_as"], ["date-label", "playground.date_label"],
    ["move", "playground.move"], ["reset", "playground.reset"],
    ["real-telegram", "playground.real_telegram"], ["bot-name", "playground.bot_name"],
    ["send", "playground.send"], ["start", "playground.start"]]) {
    $(id).textContent = L(key);
  }
  $("text").placeholder = L("playground.placeholder");
  $("jumps").replaceChildren(...state.jumps.map((jump) =>
    el("button", {type: "button", dataset: {jump}, onclick: () => moveClock({jump})}, L(JUMP_NAMES[jump]))));
  const person = state.people.find((p) => p.id === state.current);
  $("chat-person").textContent = person ? `${L("playground.play_as")}: ${person.name} (${L(ROLE_NAMES[person.key])})` : "";
}

function showToast(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(showToast.timer);
  showToast.timer = setTimeout(() => { toast.hidden = true; }, 2500);
}

// -- actions --------------------------------------------------------------------------

async function sendText(text) {
  if (!text.trim() || state.current === null) return;
  await api(`/api/chats/${state.current}/text`, {text});
  poll();
}

async function press(messageId, data) {
  await api(`/api/chats/${state.current}/press`, {message_id: messageId, data});
  poll();
}

async function moveClock(body) {
  const result = await api("/api/clock", body);
  state.date = result.date;
  drawDate();
  $("clock-result").textContent = L("playground.moved").replace("{date}", result.date).replace("{sent}", result.sent);
  poll();
}

async function reset() {
  if (!window.confirm(L("playground.reset_confirm"))) return;
  const result = await api("/api/reset", {});
  state.chats = {}; state.seen = {}; state.toastSeen = {};
  state.date = result.date;
  drawDate();
  $("clock-result").textContent = L("playground.reset_done");
  poll();
}

function choose(id) {
  state.current = id;
  localStorage.setItem("playground-person", String(id));
  drawLabels();
  const text = state.chats[id];
  if (text) drawChat(JSON.parse(text));
  $("text").focus();
  poll();
}

// -- polling --------------------------------------------------------------------------

async function pollPerson(person) {
  const chat = await api(`/api/chats/${person.id}`);
  state.date = chat.date;
  const { toasts, typing, date, ...shown } = chat;
  const text = JSON.stringify(shown);
  const first = !(person.id in state.toastSeen);
  for (const toast of toasts) {
    if (!first && toast.n > state.toastSeen[person.id] && person.id === state.current) showToast(toast.text);
  }
  state.toastSeen[person.id] = Math.max(state.toastSeen[person.id] || 0, ...toasts.map((t) => t.n), 0);
  if (person.id === state.current) {
    const status = $("bot-status");
    status.textContent = typing ? L("playground.typing") : L("playground.bot_status");
    status.classList.toggle("typing", typing);
    if (text !== state.chats[person.id]) { state.chats[person.id] = text; drawChat(shown); }
    state.seen[person.id] = shown.messages.filter((m) => m.from_bot).length;
  } else {
    state.chats[person.id] = text;
  }
}

let polling = false;
async function poll() {
  if (polling) return;
  polling = true;
  try {
    await Promise.all(state.people.map(pollPerson));
    drawPeople();
    drawDate();
  } catch (error) {
    $("bot-status").textContent = L("playground.error");
  } finally {
    polling = false;
  }
}

async function boot() {
  const info = await api(`/api/state?lang=${state.lang}`);
  state.labels = info.labels;
  state.people = info.people;
  state.jumps = info.jumps;
  state.date = info.date;
  const saved = Number(localStorage.getItem("playground-person"));
  if (state.current === null) {
    state.current = state.people.some((p) => p.id === saved) ? saved : state.people[0].id;
  }
  drawLabels();
  drawDate();
  await poll();
}

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value;
  $("text").value = "";
  sendText(text);
});
$("start").addEventListener("click", () => sendText("/start"));
$("move").addEventListener("click", () => { if ($("date-input").value) moveClock({date: $("date-input").value}); });
$("reset").addEventListener("click", reset);
$("language").addEventListener("click", () => {
  state.lang = state.lang === "th" ? "en" : "th";
  localStorage.setItem("playground-lang", state.lang);
  boot();
});

boot();
setInterval(poll, POLL_MS);
