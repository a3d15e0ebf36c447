// web/app.js's message ids, run in node against a stand-in for the widget and its
// socket.io socket (tests/web/test_message_ids.py runs it and checks what it prints).
// Scenarios: a message gets an id; an acknowledged one is never sent again; an
// unacknowledged one is sent again with the same id after a reconnect, unless the
// bot answers meanwhile; one typed while offline is left to socket.io's own buffer.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const APP = fs.readFileSync(path.join(__dirname, "..", "..", "web", "app.js"), "utf8");

function element() {
  return {
    addEventListener() {},
    setAttribute() {},
    getAttribute() { return null; },
    querySelector() { return null; },
    querySelectorAll() { return []; },
  };
}

function load() {
  const timers = [];
  let widgetConfig = null;
  const attributes = {};
  const context = {
    window: {
      setTimeout(fn, ms) { timers.push({ fn, ms }); },
      crypto: { randomUUID: (() => { let n = 0; return () => `uuid-${++n}`; })() },
      WebChat: { default(config) { widgetConfig = config; } },
    },
    document: {
      getElementById() { return element(); },
      querySelectorAll() { return []; },
      documentElement: {
        setAttribute(name, value) { attributes[name] = value; },
        getAttribute(name) { return attributes[name] || null; },
      },
    },
    MutationObserver: class { observe() {} },
    Object,
  };
  vm.runInNewContext(APP, context);
  return {
    config: widgetConfig,
    runTimers() {
      const due = timers.splice(0);
      due.forEach((t) => t.fn());
    },
  };
}

function socket() {
  const listeners = {};
  const sent = [];
  return {
    connected: false,
    sent,
    emit(event, data, ack) { sent.push({ event, data, ack }); return this; },
    on(event, fn) { (listeners[event] = listeners[event] || []).push(fn); },
    trigger(event, ...args) { (listeners[event] || []).forEach((fn) => fn.apply(this, args)); },
  };
}

function connect(page, s) {
  s.connected = true;
  page.config.onSocketEvent.connect.call(s);
}

function scenario(answerWhileWaiting) {
  const page = load();
  const s = socket();
  connect(page, s);
  s.trigger("session_confirm", "session-1");
  s.emit("user_uttered", { message: "hello", session_id: "session-1" });
  s.sent[0].ack({ processed: true }); // acknowledged: done
  s.emit("user_uttered", { message: "does it cover?", session_id: "session-1" });
  // The connection drops before the acknowledgement, and comes back.
  s.connected = false;
  page.config.onSocketEvent.disconnect.call(s);
  s.emit("user_uttered", { message: "typed offline", session_id: "session-1" });
  connect(page, s);
  s.trigger("session_confirm", "session-1");
  if (answerWhileWaiting) s.trigger("bot_uttered", { text: "the answer" });
  page.runTimers();
  return s.sent.map((p) => ({ event: p.event, message: p.data.message, id: p.data.message_id, ack: typeof p.ack }));
}

process.stdout.write(JSON.stringify({ resent: scenario(false), answered: scenario(true) }));
