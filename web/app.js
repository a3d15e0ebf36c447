// The chat widget (rasa-webchat 1.0.1) on the landing page, plus what the
// widget lacks: message ids (a message is sent again after a lost connection,
// never answered twice), accessible names, keyboard-usable reply buttons, a
// live region for new messages, and safe link targets.
(function () {
  "use strict";

  // Where Rasa's socket.io channel is. scripts/serve_web.py generates config.js
  // with the right URL; a site that embeds the widget sets the same object.
  var DEFAULT_SOCKET_URL = "http://127.0.0.1:5005";
  var config = window.SECOND_OPINION_CONFIG || {};
  var socketUrl = config.socketUrl || DEFAULT_SOCKET_URL;

  var TEAL = "#1f5f5b"; // white text on it: 7.4:1 contrast
  var root = document.getElementById("chat-widget");
  var startButton = document.getElementById("start-chat");
  var status = document.getElementById("chat-status");

  var OFFLINE_TEXT = "The chat is not available right now. Please try again later. " +
    "In an emergency, call 911; in a crisis, call or text 988.";
  var CONNECT_GRACE_MS = 10000;
  var openWhenConnected = false;

  function pageLanguage() {
    return (document.documentElement.getAttribute("lang") || "en").slice(0, 2).toLowerCase();
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }

  function isConnected() {
    return document.documentElement.getAttribute("data-chat") === "connected";
  }

  // The widget shows nothing at all until its socket connects; say so if that takes long.
  window.setTimeout(function () {
    if (!isConnected()) setStatus(OFFLINE_TEXT);
  }, CONNECT_GRACE_MS);

  // ---- Message ids: a message sent again after a lost connection is never answered twice ----
  // Every message the widget sends gets an id and stays pending until Rasa acknowledges it.
  // If the connection drops first, the message is sent again with the same id once the
  // session is confirmed on the new connection, unless the bot's answer arrives meanwhile
  // (Rasa was still working on it): a copy that Rasa had already processed is answered with
  // what the bot said then, not processed again (channels/socketio.py).
  // Messages typed while offline wait in socket.io's own buffer and go out on reconnect.
  var MAX_PENDING = 20;
  var RESEND_AFTER_MS = 3000;
  var pending = []; // { data, connection }: connection 0 = not sent yet (in socket.io's buffer)
  var connection = 0;
  var botMessages = 0;

  function newMessageId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function sendPending(socket, emit, entry) {
    emit.call(socket, "user_uttered", entry.data, function () {
      var index = pending.indexOf(entry);
      if (index >= 0) pending.splice(index, 1);
    });
  }

  // `this` in a socket.io event handler is the widget's socket: wrap its emit once, and
  // listen beside the widget (a session_confirm in onSocketEvent would replace the widget's).
  function watchSocket(socket) {
    if (socket.secondOpinionEmit) return;
    var emit = socket.emit;
    socket.secondOpinionEmit = emit;
    // The session is back in its room on the new connection: send what was left unanswered.
    socket.on("session_confirm", function () {
      resendPending(socket);
    });
    socket.on("bot_uttered", function () {
      botMessages += 1;
    });
    socket.emit = function (event, data) {
      if (event !== "user_uttered" || arguments.length !== 2 || !data || typeof data !== "object") {
        return emit.apply(socket, arguments);
      }
      var entry = {
        data: Object.assign({}, data, { message_id: data.message_id || newMessageId() }),
        connection: socket.connected ? connection : 0,
      };
      pending.push(entry);
      if (pending.length > MAX_PENDING) pending.shift();
      sendPending(socket, emit, entry);
      return socket;
    };
  }

  function resendPending(socket) {
    if (!socket.secondOpinionEmit) return;
    var before = botMessages;
    window.setTimeout(function () {
      var unanswered = pending.filter(function (entry) {
        return entry.connection !== 0 && entry.connection !== connection;
      });
      unanswered.forEach(function (entry) {
        if (botMessages !== before) {
          pending.splice(pending.indexOf(entry), 1); // answered while we waited
          return;
        }
        entry.connection = connection;
        sendPending(socket, socket.secondOpinionEmit, entry);
      });
    }, RESEND_AFTER_MS);
  }

  window.WebChat.default({
    socketUrl: socketUrl,
    socketPath: "/socket.io/",
    // Sent once, when a new conversation opens: the bot introduces itself.
    initPayload: "/greet",
    // Passed to Rasa as message metadata. The page's language (<html lang>) is the
    // guide's first guess at the conversation's language (actions/language_actions.py).
    customData: { language: pageLanguage(), channel: "web" },
    title: "Second Opinion Guide",
    subtitle: "Information, not medical advice",
    inputTextFieldHint: "Type your question",
    connectingText: "Connecting to the guide…",
    // "local": the session id and messages are kept in localStorage, so a reload
    // (or a new tab) continues the same conversation; Rasa's socket.io channel has
    // session_persistence: true and picks the conversation up by that id.
    params: { storage: "local" },
    // If the connection drops, keep the conversation on screen (the widget would hide it).
    hideWhenNotConnected: false,
    showFullScreenButton: false,
    displayUnreadCount: false,
    mainColor: TEAL,
    userBackgroundColor: TEAL,
    userTextColor: "#ffffff",
    assistBackgoundColor: "#f3efe8", // sic: the widget's own spelling of the option
    assistTextColor: "#1d1d1b",
    onSocketEvent: {
      connect: function () {
        watchSocket(this);
        connection += 1;
        // What waited in socket.io's buffer goes out on this connection, right after this handler.
        pending.forEach(function (entry) {
          if (entry.connection === 0) entry.connection = connection;
        });
        document.documentElement.setAttribute("data-chat", "connected");
        setStatus("");
        if (openWhenConnected) {
          openWhenConnected = false;
          window.setTimeout(openChat, 0); // after the widget has rendered its launcher
        }
      },
      disconnect: function () {
        document.documentElement.setAttribute("data-chat", "disconnected");
        setStatus("The chat lost its connection. It reconnects by itself; you can also reload the page.");
      },
    },
  }, root);

  // ---- Accessibility and safety patches over the widget's markup ------------
  // The widget re-renders often, so these run on every change below its root.

  var SAFE_LINK = /^(https?:|mailto:|tel:)/i;

  function label(element, text) {
    if (element && element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
  }

  function isChatOpen() {
    return !!root.querySelector(".rw-conversation-container");
  }

  function openChat() {
    var launcher = root.querySelector(".rw-launcher");
    if (launcher && !isChatOpen()) launcher.click();
    // The widget focuses its input when it opens; if it was already open, do it here.
    window.setTimeout(function () {
      var input = root.querySelector(".rw-new-message");
      if (input) input.focus();
    }, 0);
  }

  function patchWidget() {
    var open = isChatOpen();
    var launcher = root.querySelector(".rw-launcher");
    if (launcher) {
      label(launcher, open ? "Close the chat with the Second Opinion Guide" : "Open the chat with the Second Opinion Guide");
      launcher.setAttribute("aria-expanded", String(open));
      launcher.querySelectorAll("img").forEach(function (img) { img.setAttribute("alt", ""); });
    }
    var conversation = root.querySelector(".rw-conversation-container");
    if (conversation) {
      conversation.setAttribute("role", "dialog");
      conversation.setAttribute("aria-label", "Chat with the Second Opinion Guide");
    }
    // The widget's title is an <h4>; on this page it comes after <h2>s, so give it the next level.
    var title = root.querySelector(".rw-title");
    if (title) title.setAttribute("aria-level", "2");
    var messages = root.querySelector("#rw-messages");
    if (messages) {
      // Screen readers announce new messages; the scrolling list is reachable by keyboard.
      messages.setAttribute("role", "log");
      messages.setAttribute("aria-live", "polite");
      label(messages, "Conversation");
      messages.setAttribute("tabindex", "0");
    }
    label(root.querySelector(".rw-new-message"), "Your message");
    var send = root.querySelector(".rw-send");
    if (send) {
      label(send, "Send");
      var icon = send.querySelector("svg");
      if (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.setAttribute("focusable", "false");
      }
    }
    label(root.querySelector(".rw-close-button"), "Close the chat");
    // Reply buttons are <div>s with a click handler: make them real buttons for keyboards and screen readers.
    root.querySelectorAll(".rw-reply").forEach(function (reply) {
      if (reply.tagName === "BUTTON" || reply.tagName === "A") return;
      reply.setAttribute("role", "button");
      reply.setAttribute("tabindex", "0");
    });
    // Bot text is Markdown and the widget does not check link targets:
    // keep only web, mail and phone links (the page's CSP blocks the rest too).
    root.querySelectorAll(".rw-message a[href]").forEach(function (link) {
      if (!SAFE_LINK.test(link.getAttribute("href"))) link.removeAttribute("href");
      else link.setAttribute("rel", "noopener noreferrer");
    });
    // Link buttons (a document's "Download / print"): the widget renders them as <a> that
    // open a new tab. Only web addresses; say where they lead.
    root.querySelectorAll(".rw-replies a.rw-reply").forEach(function (link) {
      var href = link.getAttribute("href") || "";
      if (!/^https?:/i.test(href)) {
        link.removeAttribute("href");
        return;
      }
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
      label(link, link.textContent + " (opens a PDF in a new tab)");
    });
  }

  new MutationObserver(patchWidget).observe(root, { childList: true, subtree: true });
  patchWidget();

  root.addEventListener("keydown", function (event) {
    var reply = event.target.closest && event.target.closest('.rw-reply[role="button"]');
    if (reply && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      reply.click();
      return;
    }
    // Escape closes the chat and gives focus back to the launcher.
    if (event.key === "Escape" && isChatOpen()) {
      var launcher = root.querySelector(".rw-launcher");
      if (launcher) {
        launcher.click();
        launcher.focus();
      }
    }
  });

  if (startButton) {
    startButton.addEventListener("click", function () {
      if (!isConnected()) {
        // Opened as soon as the socket connects (see onSocketEvent.connect).
        openWhenConnected = true;
        setStatus("Connecting to the guide…");
        return;
      }
      openChat();
    });
  }
})();
