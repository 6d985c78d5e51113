// SatuPintu: the assistant's chat, live. Without this file the chat is a plain form that posts
// to /asisten and reloads. With it, messages go to POST /api/v1/assistant/messages and the
// reply is added in place; while an officer is answering, new messages are fetched every few
// seconds. The conversation id is the one the page was rendered with (its cookie is HttpOnly).
(function () {
  "use strict";
  // The officer's page of a handed-over conversation: the citizen's new messages appear as they come.
  var staffLog = document.getElementById("sp-staff-log");
  if (staffLog && window.fetch) {
    var token = document.querySelector("input[name=_csrf]");
    var after = parseInt(staffLog.getAttribute("data-last") || "0", 10);
    var url = "/api/v1/assistant/conversations/" + encodeURIComponent(staffLog.getAttribute("data-conversation")) + "/messages?after=";
    setInterval(function () {
      fetch(url + after, { credentials: "same-origin", headers: token ? { "X-CSRF-Token": token.value } : {} })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          data.messages.forEach(function (m) {
            after = Math.max(after, m.id);
            var li = document.createElement("li"), who = document.createElement("span"), p = document.createElement("p");
            li.className = "sp-chat__msg sp-chat__msg--" + m.author;
            who.className = "sp-chat__who";
            who.textContent = staffLog.getAttribute("data-" + m.author) || m.author;
            p.className = "sp-chat__text";
            p.textContent = m.text;
            li.appendChild(who);
            li.appendChild(p);
            staffLog.appendChild(li);
          });
        })
        .catch(function () {});
    }, 5000);
    return;
  }
  var box = document.getElementById("sp-chat");
  var form = document.getElementById("sp-chat-form");
  var log = document.getElementById("sp-chat-log");
  if (!box || !form || !log || !window.fetch) return;
  var input = form.querySelector("textarea[name=text]");
  var csrf = form.querySelector("input[name=_csrf]").value;
  var conv = box.getAttribute("data-conversation") || null;
  var last = parseInt(box.getAttribute("data-last") || "0", 10);
  var who = { citizen: box.getAttribute("data-you"), assistant: box.getAttribute("data-assistant"), officer: box.getAttribute("data-officer") };
  var timer = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function clearChoices() {
    var old = log.querySelectorAll(".sp-chat__choices");
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
  }
  function add(author, text, actions) {
    var li = el("li", "sp-chat__msg sp-chat__msg--" + author);
    li.appendChild(el("span", "sp-chat__who", who[author] || author));
    li.appendChild(el("p", "sp-chat__text", text));
    var links = (actions || []).filter(function (a) { return a.href; });
    var sends = (actions || []).filter(function (a) { return a.send; });
    if (links.length) {
      var ul = el("ul", "govuk-list sp-chat__links");
      links.forEach(function (a) {
        var item = el("li"), link = el("a", "govuk-link", a.label);
        link.href = a.href;
        item.appendChild(link);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    if (sends.length) {
      clearChoices();
      var group = el("div", "sp-chat__choices");
      sends.forEach(function (a) {
        var b = el("button", "govuk-button govuk-button--secondary", a.label);
        b.type = "button";
        // The pressed button goes away with the other choices: keep the keyboard in the chat.
        b.addEventListener("click", function () { send(a.send, a.label).then(function () { input.focus(); }); });
        group.appendChild(b);
      });
      li.appendChild(group);
    }
    log.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }
  function setStatus(status) {
    box.setAttribute("data-status", status);
    if ((status === "waiting" || status === "live") && !timer) timer = setInterval(poll, 4000);
    if (status === "bot" && timer) { clearInterval(timer); timer = null; }
  }
  function poll() {
    if (!conv) return;
    fetch("/api/v1/assistant/conversations/" + encodeURIComponent(conv) + "/messages?after=" + last, {
      credentials: "same-origin",
      // The API takes the browser session only with the CSRF token (a signed-in citizen's conversation is theirs).
      headers: { "X-CSRF-Token": csrf }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.messages.forEach(function (m) {
          last = Math.max(last, m.id);
          if (m.author !== "citizen") add(m.author, m.text, m.actions);
        });
        setStatus(data.status);
      })
      .catch(function () {});
  }
  function send(text, shown) {
    add("citizen", shown || text, []);
    clearChoices();
    var body = { text: text };
    if (conv) body.conversation_id = conv;
    return fetch("/api/v1/assistant/messages", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept-Language": document.documentElement.lang },
      body: JSON.stringify(body)
    })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) {
        if (!res.ok) throw new Error((res.d.error && res.d.error.message) || "");
        conv = res.d.conversation_id;
        last = Math.max(last, res.d.message_id);
        if (res.d.reply) add("assistant", res.d.reply, res.d.actions);
        setStatus(res.d.status);
      })
      .catch(function (e) {
        add("assistant", e.message || box.getAttribute("data-error"), []);
      });
  }
  // The server-rendered choice buttons work as they are (they post the form); live ones replace them.
  form.addEventListener("submit", function (ev) {
    var text = (input.value || "").trim();
    if (!text || text.length > 1000) return; // let the server explain
    ev.preventDefault();
    input.value = "";
    send(text).then(function () { input.focus(); });
  });
  setStatus(box.getAttribute("data-status") || "bot");
})();
