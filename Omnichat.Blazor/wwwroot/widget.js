/* Omnichat website live chat widget.
   Embed: <script src="https://HOST/widget.js" data-site="KEY" async></script>
   The widget speaks the visitor's browser language (English or Dutch); data-language="nl" or "en" on the script fixes it.
   No dependencies and no cookies: the visitor's session is a signed token in this site's local storage.
   Everything a person typed is rendered with textContent, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-site")) return;
  var siteKey = script.getAttribute("data-site");
  var api = new URL(script.src).origin + "/livechat/" + encodeURIComponent(siteKey);
  // The console answers in this language (its words for the widget, and its refusals); unknown languages get English.
  var language = script.getAttribute("data-language") || navigator.language || "en";
  var storageKey = "omnichat.visitor." + siteKey;

  var state = { config: null, token: load(), thread: { state: "new", messages: [] }, status: "connecting", notice: null, startingOver: false, stream: null, retry: 1000,
    survey: null, choice: 0, sendingRating: false, typist: null, typistTimer: null, typingSentAt: 0 };

  // Until the console's words arrive (or when it refuses this page), the few that label the controls.
  var fallbackTexts = { Open: "Chat", Close: "Close", Title: "Chat" };
  function t(key) { return (state.config && state.config.texts && state.config.texts[key]) || fallbackTexts[key] || ""; }

  // The same pauses as between agents: a typing signal at most every 3 s, shown for 6 s unless another one comes.
  var typingEvery = 3000, typingShownFor = 6000;

  function load() { try { return localStorage.getItem(storageKey); } catch (e) { return null; } }
  function save(token) { try { token ? localStorage.setItem(storageKey, token) : localStorage.removeItem(storageKey); } catch (e) { } }

  // ----- DOM, isolated in a shadow root so host styles cannot leak in or out -----
  var host = document.createElement("div");
  host.setAttribute("data-omnichat-widget", siteKey);
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<style>' +
    ':host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212121}' +
    '.bubble{width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}' +
    '.bubble svg{width:28px;height:28px;fill:#fff}' +
    '.panel{position:absolute;right:0;bottom:72px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 120px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:none;flex-direction:column;overflow:hidden}' +
    '.panel.open{display:flex}' +
    '[hidden]{display:none !important}' +
    'header{color:#fff;padding:12px 16px;font-weight:600;display:flex;align-items:center;justify-content:space-between}' +
    'header button{background:none;border:0;color:#fff;font-size:20px;cursor:pointer}' +
    '.status{font-size:12px;padding:4px 16px;background:#fff8e1;color:#6d4c00;display:none}' +
    '.status.show{display:block}' +
    '.status.error{background:#ffebee;color:#b71c1c}' +
    '.thread{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#fafafa}' +
    '.msg{max-width:80%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}' +
    '.msg.visitor{align-self:flex-end;color:#fff}' +
    '.msg.agent{align-self:flex-start;background:#eceff1;color:#212121}' +
    '.msg.greeting{align-self:flex-start;background:#eceff1;font-style:italic}' +
    '.notice{align-self:center;font-size:12px;color:#616161;text-align:center}' +
    '.row{display:flex;gap:6px;align-items:flex-end;max-width:88%}' +
    '.row.visitor{align-self:flex-end;flex-direction:row-reverse}' +
    '.row.agent{align-self:flex-start}' +
    '.body{display:flex;flex-direction:column;min-width:0}' +
    '.row.visitor .body{align-items:flex-end}' +
    '.row .msg{max-width:100%}' +
    '.avatar{flex:none;width:28px;height:28px;border-radius:50%;color:#fff;font-size:11px;font-weight:600;display:flex;align-items:center;justify-content:center}' +
    '.meta{font-size:11px;color:#616161;margin-top:2px}' +
    '.who{font-size:11px;font-weight:600;color:#37474f;margin-bottom:2px}' +
    '.typing{font-size:12px;color:#546e7a;padding:2px 12px;min-height:18px;background:#fafafa}' +
    'button:focus-visible,input:focus-visible,textarea:focus-visible{outline:2px solid #1a237e;outline-offset:2px}' +
    'form{display:flex;gap:6px;padding:8px;border-top:1px solid #e0e0e0}' +
    'form.prechat{flex-direction:column;border:0;padding:16px}' +
    'input,textarea{font:inherit;border:1px solid #bdbdbd;border-radius:6px;padding:8px}' +
    'textarea{flex:1;resize:none;height:38px}' +
    'button.send,button.primary{border:0;border-radius:6px;color:#fff;padding:0 14px;cursor:pointer;min-height:36px}' +
    'button.attach{border:0;background:none;cursor:pointer;padding:0 4px;fill:#616161}' +
    '.file{display:block;font-size:12px;opacity:.9;text-decoration:underline dotted}' +
    'button:disabled{opacity:.5;cursor:default}' +
    'form.survey{flex-direction:column;align-items:stretch;padding:12px}' +
    '.question{font-weight:600;text-align:center}' +
    '.scores{display:flex;gap:6px;justify-content:center}' +
    '.scores button{width:40px;height:40px;border-radius:50%;border:1px solid #bdbdbd;background:#fff;font:inherit;cursor:pointer}' +
    '.scores button[aria-pressed=true]{color:#fff;border-color:transparent}' +
    '.thanks{padding:8px 16px;text-align:center;color:#616161}' +
    '</style>' +
    '<div class="panel" role="dialog">' +
    '  <header><span class="title"></span><button type="button" class="close">\u00d7</button></header>' +
    '  <div class="status" role="status"></div>' +
    '  <div class="thread" aria-live="polite"></div>' +
    '  <div class="typing" aria-live="polite"></div>' +
    '  <form class="prechat" hidden><label><span class="name-label"></span> <input name="name" maxlength="100" autocomplete="name"></label><label><span class="email-label"></span> <input name="email" type="email" maxlength="320" autocomplete="email"></label><button class="primary" type="submit"></button></form>' +
    '  <form class="survey" hidden><span class="question" id="omnichat-survey-question"></span><div class="scores" role="group" aria-labelledby="omnichat-survey-question">' +
    [1, 2, 3, 4, 5].map(function (n) { return '<button type="button" data-score="' + n + '" aria-pressed="false">' + n + '</button>'; }).join("") +
    '</div><input name="comment" maxlength="1000"><button class="primary" type="submit" disabled></button></form>' +
    '  <div class="thanks" role="status" hidden></div>' +
    '  <form class="composer"><button type="button" class="attach"><svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z"/></svg></button><input type="file" name="file" multiple hidden accept=".pdf,.doc,.docx,.ppt,.pptx,.xls,.xlsx,.txt,.rtf,.jpg,.jpeg,.png,.gif,.bmp,.webp,.tif,.tiff,.heif,.heic"><textarea name="text" maxlength="2000"></textarea><button class="send" type="submit"></button></form>' +
    '</div>' +
    '<button type="button" class="bubble"><svg viewBox="0 0 24 24"><path d="M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z"/></svg></button>';

  var $ = function (selector) { return root.querySelector(selector); };
  var panel = $(".panel"), thread = $(".thread"), statusLine = $(".status"), composer = $(".composer"), prechat = $(".prechat"), survey = $(".survey"), thanks = $(".thanks"),
    typingLine = $(".typing");

  $(".bubble").addEventListener("click", function () { panel.classList.toggle("open"); render(); if (panel.classList.contains("open")) composer.text.focus(); });
  $(".close").addEventListener("click", function () { panel.classList.remove("open"); });
  composer.text.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); } });
  composer.text.addEventListener("input", tellTyping);
  composer.addEventListener("submit", function (e) { e.preventDefault(); send(); });
  $(".attach").addEventListener("click", function () { composer.file.click(); });
  composer.file.addEventListener("change", function () {
    var chosen = Array.prototype.slice.call(composer.file.files);
    composer.file.value = "";
    chosen.reduce(function (previous, file) { return previous.then(function () { return upload(file); }); }, Promise.resolve());
  });
  prechat.addEventListener("submit", function (e) { e.preventDefault(); startSession(prechat.name.value, prechat.email.value); });
  Array.prototype.forEach.call(survey.querySelectorAll("[data-score]"), function (button) {
    button.addEventListener("click", function () { state.choice = Number(button.getAttribute("data-score")); render(); });
  });
  survey.addEventListener("submit", function (e) { e.preventDefault(); rate(); });

  // ----- talking to the console -----
  function url(path) { return api + path + (path.indexOf("?") < 0 ? "?" : "&") + "culture=" + encodeURIComponent(language); }

  // A body is JSON; a request without one sends no Content-Type, so the first GET of the settings needs no preflight
  // and a page the site does not allow can still read why it is refused.
  // token: another than the session's, such as that of the chat being rated after the agent ended it.
  function request(method, path, body, token) {
    var headers = {};
    if (body) headers["Content-Type"] = "application/json";
    token = token || state.token;
    if (token && path !== "/config") headers.Authorization = "Bearer " + token;
    return fetch(url(path), { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: "omit" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) return data;
          var error = new Error(data.message || ("HTTP " + response.status));
          error.kind = data.error || "http"; error.status = response.status;
          throw error;
        });
      });
  }

  function fail(error) {
    // The console's own words, in case its settings (and so the widget's words) never arrived.
    if (error.kind === "blocked") { state.notice = error.message; setStatus("blocked"); closeStream(); return; }
    // This page is not one the site allows: nothing the visitor can do, so no composer, only the console's friendly words.
    if (error.kind === "origin") { state.notice = error.message; setStatus("refused"); closeStream(); return; }
    if (error.kind === "session") { forgetSession(); return; }
    if (error.status === undefined) { setStatus("offline"); return; }
    showNotice(error.message);
  }

  // The session was ended by an agent, blocked, or idle too long: what is on screen stays, as an ended chat, and the
  // next message starts a new session.
  function forgetSession() {
    var ended = state.token;
    save(state.token = null);
    closeStream();
    state.thread = state.thread.messages.length ? { state: "ended", messages: state.thread.messages } : { state: "new", messages: [] };
    render();
    if (state.thread.state === "ended") loadSurvey(ended);
  }

  function startSession(name, email) {
    return request("POST", "/sessions", { name: name || null, email: email || null })
      .then(function (data) { save(state.token = data.token); render(); openStream(); })
      .catch(fail);
  }

  function refresh() {
    if (!state.token) return Promise.resolve();
    return request("GET", "/messages").then(function (data) {
      // The reply the agent was typing has arrived.
      if (data.messages.length > state.thread.messages.length && !data.messages[data.messages.length - 1].fromVisitor) showTypist(null);
      state.thread = data;
      if (data.state === "open") state.startingOver = false;
      render();
      if (data.state === "ended") loadSurvey(state.token);
    }).catch(fail);
  }

  // "How did we do?" once an agent closed the chat: asked with that chat's token, which may rate it even after the
  // session was ended.
  function loadSurvey(token) {
    if (!token) return;
    request("GET", "/rating", null, token)
      .then(function (data) { state.survey = { token: token, ask: data.ask, score: data.score }; render(); })
      .catch(function () { state.survey = null; render(); });
  }

  function rate() {
    var asked = state.survey;
    if (!asked || !state.choice || state.sendingRating) return;
    state.sendingRating = true;
    render();
    request("POST", "/rating", { score: state.choice, comment: survey.comment.value.trim() || null }, asked.token)
      .then(function (data) { state.survey = { token: asked.token, ask: data.ask, score: data.score }; state.notice = null; render(); })
      .catch(function (error) {
        if (error.kind === "session") { state.survey = null; render(); } else fail(error);
      })
      .then(function () { state.sendingRating = false; render(); });
  }

  function send() {
    var text = composer.text.value.trim();
    if (!text || state.status === "blocked") return;
    var go = state.token ? Promise.resolve() : startSession(null, null);
    composer.text.disabled = true;
    var message = { text: text, clientId: Math.random().toString(36).slice(2) + Date.now().toString(36) };
    go.then(function () {
      return request("POST", "/messages", message).catch(function (error) {
        // A session that ended meanwhile: this message opens a new one instead of being lost.
        if (error.kind !== "session") throw error;
        save(state.token = null);
        closeStream();
        return startSession(null, null).then(function () { return request("POST", "/messages", message); });
      });
    }).then(function (data) {
      if (!data) return;
      state.typingSentAt = 0;
      composer.text.value = "";
      state.notice = null;
      state.startingOver = false;
      state.thread = data;
      render();
    }).catch(fail).then(function () { composer.text.disabled = false; composer.text.focus(); });
  }

  // Files are checked by the console before anything is kept; a refusal says why.
  function upload(file) {
    if (state.status === "blocked") return Promise.resolve();
    var go = state.token ? Promise.resolve() : startSession(null, null);
    return go.then(function () {
      var form = new FormData();
      form.append("file", file, file.name);
      return fetch(url("/files"), { method: "POST", headers: { Authorization: "Bearer " + state.token }, body: form, credentials: "omit" });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { var error = new Error(data.message || ("HTTP " + response.status)); error.kind = data.error || "http"; error.status = response.status; throw error; }
        state.notice = null;
        state.startingOver = false;
        state.thread = data;
        render();
      });
    }).catch(fail);
  }

  // Server-sent events say "something changed"; the thread is then re-read. EventSource cannot send the token in a
  // header, so each stream is opened with a single-use ticket fetched with it; the token never goes in a URL.
  function openStream() {
    if (!state.token || state.stream || state.status === "blocked") return;
    var opening = state.stream = { close: function () { opening.closed = true; } };
    request("POST", "/stream-tickets").then(function (data) {
      if (opening.closed) return;
      var stream = state.stream = new EventSource(url("/events?ticket=" + encodeURIComponent(data.ticket)));
      stream.addEventListener("ready", function () { state.retry = 1000; setStatus("online"); refresh(); });
      stream.addEventListener("changed", refresh);
      stream.addEventListener("typing", function (e) { var signal = JSON.parse(e.data); showTypist(signal.typing ? signal.name : null); });
      stream.addEventListener("blocked", function () { setStatus("blocked"); closeStream(); });
      stream.onerror = function () {
        // A ticket opens one stream only, so EventSource's own reconnect would be refused: reconnect with a new one,
        // after asking why the stream ended (blocked, or a session that is no longer valid).
        if (state.status !== "blocked") setStatus("connecting");
        closeStream();
        request("GET", "/config").then(function () { return refresh(); })
          .then(function () { setTimeout(openStream, state.retry = Math.min(state.retry * 2, 30000)); })
          .catch(fail);
      };
    }).catch(function (error) { if (state.stream === opening) state.stream = null; fail(error); });
  }

  function closeStream() { if (state.stream) { state.stream.close(); state.stream = null; } }

  // Tells the agent the visitor is typing, at most every few seconds; a lost signal only means a shorter "typing".
  function tellTyping() {
    var now = Date.now();
    if (!state.token || !composer.text.value.trim() || now - state.typingSentAt < typingEvery) return;
    state.typingSentAt = now;
    request("POST", "/typing").catch(function () { });
  }

  // "Anna is typing…" until she stops, sends, or nothing is heard from her for a few seconds.
  function showTypist(name) {
    clearTimeout(state.typistTimer);
    state.typist = name;
    if (name) state.typistTimer = setTimeout(function () { showTypist(null); }, typingShownFor);
    typingLine.textContent = name ? t("Typing").replace("{0}", name) : "";
    host.setAttribute("data-agent-typing", name ? "true" : "false");
  }

  function setStatus(status) { state.status = status; render(); }

  // A refusal stays on screen until the visitor's next message or file goes through, whatever re-renders meanwhile.
  function showNotice(text) { state.notice = text; render(); }

  // ----- rendering -----
  function render() {
    var colour = (state.config && state.config.accentColour) || "#3949ab";
    $(".bubble").style.background = colour;
    $("header").style.background = colour;
    $(".send").style.background = colour;
    prechat.querySelector(".primary").style.background = colour;
    $(".title").textContent = (state.config && state.config.name) || t("Title");
    label();

    var refused = state.status === "refused";
    var statusText = { connecting: t("Connecting"), offline: t("Offline"), blocked: t("Blocked") }[state.status] || state.notice;
    statusLine.textContent = statusText || "";
    statusLine.className = "status" + (statusText ? " show" : "") + (state.status === "blocked" || (state.notice && !refused) ? " error" : "");
    host.setAttribute("data-state", state.status === "blocked" || refused ? state.status : (state.thread.state === "ended" && !state.startingOver ? "ended" : state.status));

    var needsForm = !state.token && state.config && (state.config.askName || state.config.askEmail);
    prechat.hidden = !needsForm || refused;
    prechat.name.parentNode.style.display = state.config && state.config.askName ? "" : "none";
    prechat.email.parentNode.style.display = state.config && state.config.askEmail ? "" : "none";
    var ended = state.thread.state === "ended" && !state.startingOver;
    composer.hidden = needsForm || ended || state.status === "blocked" || refused;
    survey.hidden = !(ended && state.survey && state.survey.ask) || state.status === "blocked" || refused;
    thanks.hidden = !(ended && state.survey && state.survey.score);
    Array.prototype.forEach.call(survey.querySelectorAll("[data-score]"), function (button) {
      var chosen = Number(button.getAttribute("data-score")) === state.choice;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
      button.style.background = chosen ? colour : "";
    });
    var submit = survey.querySelector("button[type=submit]");
    submit.style.background = colour;
    submit.disabled = !state.choice || state.sendingRating;

    thread.textContent = "";
    if (state.config && state.config.greeting) thread.appendChild(addBubble("greeting", state.config.greeting));
    if (!state.startingOver) state.thread.messages.forEach(function (m) { addMessage(m); });
    if (ended) {
      var notice = document.createElement("div");
      notice.className = "notice";
      notice.setAttribute("data-ended", "");
      notice.textContent = t("Ended");
      var again = document.createElement("button");
      again.type = "button"; again.className = "primary"; again.textContent = t("StartOver"); again.style.background = colour;
      again.addEventListener("click", function () { state.startingOver = true; render(); composer.text.focus(); });
      thread.appendChild(notice);
      thread.appendChild(again);
    }
    thread.scrollTop = thread.scrollHeight;
  }

  // Words of the controls, in the visitor's language once the console has sent them.
  function label() {
    $(".bubble").setAttribute("aria-label", t("Open"));
    $(".close").setAttribute("aria-label", t("Close"));
    panel.setAttribute("aria-label", t("Title"));
    $(".attach").setAttribute("aria-label", t("AddFile"));
    $(".attach").title = t("AddFile");
    composer.text.placeholder = t("Placeholder");
    composer.text.setAttribute("aria-label", t("Message"));
    $(".send").textContent = t("Send");
    $(".name-label").textContent = t("Name");
    $(".email-label").textContent = t("Email");
    prechat.querySelector(".primary").textContent = t("StartChat");
    survey.querySelector(".question").textContent = t("SurveyQuestion");
    Array.prototype.forEach.call(survey.querySelectorAll("[data-score]"), function (button) {
      button.setAttribute("aria-label", t("SurveyScore").replace("{0}", button.getAttribute("data-score")));
    });
    survey.comment.placeholder = t("SurveyComment");
    survey.comment.setAttribute("aria-label", t("SurveyCommentLabel"));
    survey.querySelector("button[type=submit]").textContent = t("SurveySend");
    thanks.textContent = t("SurveyThanks");
  }

  function addBubble(kind, text, files) {
    var bubble = document.createElement("div");
    bubble.className = "msg " + kind;
    bubble.textContent = text;
    (files || []).forEach(function (name) {
      var line = document.createElement("span");
      line.className = "file";
      line.textContent = name;
      bubble.appendChild(line);
    });
    if (kind === "visitor") bubble.style.background = (state.config && state.config.accentColour) || "#3949ab";
    return bubble;
  }

  // A reply sits beside the agent's initials under their name; every message shows its time below it.
  function addMessage(m) {
    var row = document.createElement("div");
    row.className = "row " + (m.fromVisitor ? "visitor" : "agent");
    var body = document.createElement("div");
    body.className = "body";
    if (!m.fromVisitor) {
      var agent = m.agent || t("Agent");
      var avatar = document.createElement("span");
      avatar.className = "avatar";
      avatar.setAttribute("aria-hidden", "true");
      avatar.textContent = initials(agent);
      avatar.style.background = (state.config && state.config.accentColour) || "#3949ab";
      row.appendChild(avatar);
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = agent;
      body.appendChild(who);
    }
    body.appendChild(addBubble(m.fromVisitor ? "visitor" : "agent", m.text, m.files));
    var at = new Date(/Z|[+-]\d\d:\d\d$/.test(m.at) ? m.at : m.at + "Z");
    var time = document.createElement("time");
    time.className = "meta";
    time.dateTime = at.toISOString();
    time.textContent = formatTime(at);
    body.appendChild(time);
    row.appendChild(body);
    thread.appendChild(row);
  }

  function initials(name) {
    var words = name.trim().split(/\s+/).filter(Boolean);
    return ((words[0] || "?").charAt(0) + (words.length > 1 ? words[words.length - 1].charAt(0) : "")).toUpperCase();
  }

  // Today's messages show the time; older ones the date too. Dutch visitors get the 24-hour clock of their language.
  function formatTime(at) {
    var lang = (state.config && state.config.language) || language;
    var today = new Date().toDateString() === at.toDateString();
    var options = today ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    try { return new Intl.DateTimeFormat(lang, options).format(at); } catch (e) { return at.toLocaleString(); }
  }

  function start() {
    document.body.appendChild(host);
    request("GET", "/config")
      .then(function (config) { state.config = config; state.status = state.token ? "connecting" : "online"; render(); return refresh(); })
      .then(openStream)
      .catch(function (error) { fail(error); render(); });
  }

  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
