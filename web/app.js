// The chat widget (rasa-webchat 1.0.1) on the landing page, plus what the
// widget lacks: message ids (a message is sent again after a lost connection,
// never answered twice), accessible names, keyboard-usable reply buttons, a
// live region for new messages, safe link targets, and the choice of language
// (English / Español: the page's text and lang, the guide's language, a lang
// attribute on every message for screen readers).
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
  var MESSAGE_DELAY_MS = 400; // between the bot's messages (see customMessageDelay below)
  var openWhenConnected = false;

  function pageLanguage() {
    return (document.documentElement.getAttribute("lang") || "en").slice(0, 2).toLowerCase();
  }

  // ---- Language: English or Español ------------------------------------------
  // The choice is kept on this device. It sets the page's text and <html lang>, goes to
  // Rasa with every message (customData.language, read by actions/language_actions.py),
  // and a press of the switch also sends /switch_to_spanish or /switch_to_english, so
  // the guide answers in that language from then on.
  var LANGUAGE_KEY = "second_opinion_language";
  var LANGUAGES = ["en", "es"];
  var SWITCH_PAYLOADS = { en: "/switch_to_english", es: "/switch_to_spanish" };
  var PAGE_TEXT_ES = {
    title: "¿Preguntas sobre una segunda opinión? Hable con nuestra guía",
    skip: "Ir al contenido principal",
    heading: "¿Preguntas sobre una segunda opinión? Hable con nuestra guía",
    lead: "Pedir una segunda opinión es una parte normal y común de la atención médica. " +
      "Nuestra guía explica, con palabras sencillas, cómo funciona, qué es probable que cubra " +
      "su plan y qué hacer después.",
    start: "Empezar un chat",
    hint: "O use el botón del chat abajo a la derecha de la página. La conversación se " +
      "guarda en este dispositivo si vuelve a cargar la página.",
    "can-help": "En qué le puede ayudar la guía",
    topics: "<li>Si su seguro cubre una segunda opinión, con Medicare, Medicaid, planes del " +
      "trabajo y más</li><li>Remisiones, autorización previa y cuánto le puede costar</li>" +
      "<li>Una lista personal: expedientes que reunir, preguntas que hacer, cómo pedir la " +
      "cita</li><li>Buscar un especialista cerca de usted</li>",
    "notice-heading": "Antes de empezar",
    notice: "La guía es un asistente automático. Da información general, <strong>no consejo " +
      "médico ni legal</strong>, y no conoce sus expedientes médicos. Hable con su médico o " +
      "su plan sobre su propia atención.",
    emergency: "<strong>En una emergencia, llame al <a href=\"tel:911\">911</a>.</strong> " +
      "Si piensa en el suicidio o está en crisis, llame o envíe un mensaje de texto al " +
      "<a href=\"tel:988\">988</a> (la Línea de Prevención del Suicidio y Crisis; al llamar, " +
      "marque 2 para español).",
    footer: "Por favor no escriba en el chat su nombre completo, su fecha de nacimiento ni " +
      "su número de miembro.",
  };
  var WIDGET_TEXT = {
    en: {
      open: "Open the chat with the Second Opinion Guide",
      close: "Close the chat with the Second Opinion Guide",
      dialog: "Chat with the Second Opinion Guide",
      conversation: "Conversation",
      input: "Your message",
      placeholder: "Type your question",
      send: "Send",
      closeButton: "Close the chat",
      pdf: " (opens a PDF in a new tab)",
    },
    es: {
      open: "Abrir el chat con la Guía de Segunda Opinión",
      close: "Cerrar el chat con la Guía de Segunda Opinión",
      dialog: "Chat con la Guía de Segunda Opinión",
      conversation: "Conversación",
      input: "Su mensaje",
      placeholder: "Escriba su pregunta",
      send: "Enviar",
      closeButton: "Cerrar el chat",
      pdf: " (abre un PDF en una pestaña nueva)",
    },
  };
  var englishText = {};
  var chosenLanguage = storedLanguage() || pageLanguage();

  function storedLanguage() {
    try {
      var value = window.localStorage.getItem(LANGUAGE_KEY);
      return LANGUAGES.indexOf(value) >= 0 ? value : null;
    } catch (error) {
      return null;
    }
  }

  function widgetText(key) {
    return (WIDGET_TEXT[chosenLanguage] || WIDGET_TEXT.en)[key];
  }

  // The page's own text in the chosen language, and its lang attribute.
  function showPageIn(language) {
    document.querySelectorAll("[data-text]").forEach(function (element) {
      var key = element.getAttribute("data-text");
      if (!(key in englishText)) englishText[key] = element.innerHTML;
      // Static strings of this file only, never text from the chat.
      element.innerHTML = language === "es" ? PAGE_TEXT_ES[key] : englishText[key];
    });
    if (!("title" in englishText)) englishText.title = document.title;
    document.title = language === "es" ? PAGE_TEXT_ES.title : englishText.title;
    document.documentElement.setAttribute("lang", language);
    document.querySelectorAll(".language-switch [data-language]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-language") === language));
    });
  }

  // The language a message is written in, from its words: "es", "en" or null when unclear.
  var SPANISH_WORDS = /[¿¡ñáéíóú]|\b(el|la|los|las|de|del|que|su|sus|usted|para|con|una|es|por|y|o|no|sí)\b/gi;
  var ENGLISH_WORDS = /\b(the|and|your|you|of|to|is|are|what|with|for|an|it|my|do|does|can|i|or|not|yes)\b/gi;

  function languageOf(text) {
    var spanish = (text.match(SPANISH_WORDS) || []).length;
    var english = (text.match(ENGLISH_WORDS) || []).length;
    if (spanish === english) return null;
    return spanish > english ? "es" : "en";
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
  var widgetSocket = null;
  var sessionId = null;

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
    socket.on("session_confirm", function (confirmed) {
      // Rasa confirms the conversation's id (a string; an object in some versions).
      var id = confirmed && typeof confirmed === "object" ? confirmed.session_id : confirmed;
      if (typeof id === "string" && id) sessionId = id;
      resendPending(socket);
    });
    socket.on("bot_uttered", function () {
      botMessages += 1;
    });
    widgetSocket = socket;
    socket.emit = function (event, data) {
      if (event !== "user_uttered" || arguments.length !== 2 || !data || typeof data !== "object") {
        return emit.apply(socket, arguments);
      }
      if (data.session_id) sessionId = data.session_id;
      var entry = {
        data: Object.assign({}, data, {
          message_id: data.message_id || newMessageId(),
          // The language chosen now, not the one the widget was started with.
          customData: Object.assign({}, data.customData, { language: chosenLanguage }),
        }),
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
    customData: { language: chosenLanguage, channel: "web" },
    title: chosenLanguage === "es" ? "Guía de Segunda Opinión" : "Second Opinion Guide",
    subtitle: chosenLanguage === "es" ? "Información, no consejo médico" : "Information, not medical advice",
    inputTextFieldHint: widgetText("placeholder"),
    connectingText: chosenLanguage === "es" ? "Conectando con la guía…" : "Connecting to the guide…",
    // "local": the session id and messages are kept in localStorage, so a reload
    // (or a new tab) continues the same conversation; Rasa's socket.io channel has
    // session_persistence: true and picks the conversation up by that id.
    params: { storage: "local" },
    // The widget's default shows each bot message after 30 ms per character (0.8 to
    // 3 s) to look like typing: a checklist of eight messages took over 20 s to appear.
    // A short pause per message keeps them in order, and readable by screen readers.
    customMessageDelay: function () {
      return MESSAGE_DELAY_MS;
    },
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
      label(launcher, open ? widgetText("close") : widgetText("open"));
      launcher.setAttribute("aria-expanded", String(open));
      launcher.querySelectorAll("img").forEach(function (img) { img.setAttribute("alt", ""); });
    }
    var conversation = root.querySelector(".rw-conversation-container");
    if (conversation) {
      conversation.setAttribute("role", "dialog");
      conversation.setAttribute("aria-label", widgetText("dialog"));
    }
    // The widget's title is an <h4>; on this page it comes after <h2>s, so give it the next level.
    var title = root.querySelector(".rw-title");
    if (title) title.setAttribute("aria-level", "2");
    var messages = root.querySelector("#rw-messages");
    if (messages) {
      // Screen readers announce new messages; the scrolling list is reachable by keyboard.
      messages.setAttribute("role", "log");
      messages.setAttribute("aria-live", "polite");
      label(messages, widgetText("conversation"));
      messages.setAttribute("tabindex", "0");
    }
    var input = root.querySelector(".rw-new-message");
    label(input, widgetText("input"));
    if (input && input.getAttribute("placeholder") !== widgetText("placeholder")) {
      input.setAttribute("placeholder", widgetText("placeholder"));
    }
    var send = root.querySelector(".rw-send");
    if (send) {
      label(send, widgetText("send"));
      var icon = send.querySelector("svg");
      if (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.setAttribute("focusable", "false");
      }
    }
    label(root.querySelector(".rw-close-button"), widgetText("closeButton"));
    // Each message, and each reply button, says its own language, so a screen reader
    // reads Spanish as Spanish and English as English whatever the page's language.
    root.querySelectorAll(".rw-response, .rw-client, .rw-reply").forEach(function (element) {
      var language = languageOf(element.textContent || "") || chosenLanguage;
      if (element.getAttribute("lang") !== language) element.setAttribute("lang", language);
    });
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
      label(link, link.textContent + widgetText("pdf"));
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

  // The switch: the page in that language at once; the guide from the next message, and
  // at once in a conversation under way (the switch intent's answer is in that language).
  function chooseLanguage(language) {
    if (LANGUAGES.indexOf(language) < 0) return;
    var changed = language !== chosenLanguage;
    chosenLanguage = language;
    try {
      window.localStorage.setItem(LANGUAGE_KEY, language);
    } catch (error) {
      // Private mode: the choice lasts until the page is closed.
    }
    showPageIn(language);
    patchWidget();
    // Only in a conversation under way: a new one starts in the chosen language anyway
    // (customData.language with its /greet), and a switch before it would race the greeting.
    if (changed && widgetSocket && sessionId && (isChatOpen() || botMessages > 0)) {
      widgetSocket.emit("user_uttered", {
        message: SWITCH_PAYLOADS[language],
        customData: { language: language, channel: "web" },
        session_id: sessionId,
      });
    }
  }

  document.querySelectorAll(".language-switch [data-language]").forEach(function (button) {
    button.addEventListener("click", function () {
      chooseLanguage(button.getAttribute("data-language"));
    });
  });
  if (chosenLanguage !== "en") showPageIn(chosenLanguage);

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
