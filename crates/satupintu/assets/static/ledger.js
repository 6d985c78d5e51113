// SatuPintu: the transparency ledger checked in the visitor's own browser. On /buku-besar, for
// each entry shown it fetches /api/v1/ledger/entries/{index}, recomputes the RFC 9162 leaf hash
// (SHA-256 of 0x00 || entry), folds the inclusion proof up to a root, reads the checkpoint note
// (origin, size, base64 root) and compares, and verifies the checkpoint's Ed25519 signature with
// the published key (/ledger/vkey, C2SP vkey). The server's own verdict stays on the page; without
// this file (or without Ed25519 in WebCrypto) nothing else changes.
(function () {
  "use strict";
  var list = document.getElementById("ledger-entries");
  var subtle = window.crypto && window.crypto.subtle;
  if (!list || !subtle || !window.fetch || !window.TextEncoder) return;
  var utf8 = new TextEncoder();

  function bytes(b64) {
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function join() {
    var n = 0, i, at = 0;
    for (i = 0; i < arguments.length; i++) n += arguments[i].length;
    var out = new Uint8Array(n);
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], at); at += arguments[i].length; }
    return out;
  }
  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(data) {
    return new Uint8Array(await subtle.digest("SHA-256", data));
  }
  async function get(path) {
    var r = await fetch(path, { credentials: "omit" });
    if (!r.ok) throw new Error(path + ": " + r.status);
    return r;
  }

  // The log key: <name>+<8 hex key ID>+<base64(0x01 || Ed25519 public key)>, whose key ID is the
  // first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
  async function logKey() {
    var text = (await (await get("/ledger/vkey")).text()).trim();
    var plus = text.indexOf("+"), name = text.slice(0, plus), id = text.slice(plus + 1, plus + 9);
    var material = bytes(text.slice(plus + 10));
    if (plus < 1 || text[plus + 9] !== "+" || material.length !== 33 || material[0] !== 1) return null;
    var hash = await sha256(join(utf8.encode(name + "\n"), material));
    var idBytes = new Uint8Array(4);
    for (var i = 0; i < 4; i++) idBytes[i] = parseInt(id.slice(2 * i, 2 * i + 2), 16);
    if (!same(hash.slice(0, 4), idBytes)) return null;
    var key = await subtle.importKey("raw", material.slice(1), { name: "Ed25519" }, false, ["verify"]);
    return { name: name, id: idBytes, key: key };
  }

  // RFC 9162 section 2.1.3.2: the root an inclusion proof leads to (null if malformed). Plain
  // arithmetic, not 32-bit bit operators, so that any safe integer size works.
  async function rootFrom(index, size, leaf, proof) {
    if (index >= size) return null;
    var fn = index, sn = size - 1, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0) return null;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(join(new Uint8Array([1]), proof[i], r));
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(join(new Uint8Array([1]), r, proof[i]));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  // A checkpoint note: its root when it is of the log's origin and size and its signature by
  // the log key verifies, otherwise null.
  var notes = {};
  function openNote(note, size, log) {
    if (!notes[note]) notes[note] = (async function () {
      var split = note.lastIndexOf("\n\n");
      if (split < 0) return null;
      var text = note.slice(0, split + 1), body = text.split("\n");
      if (body.length < 4 || body[0] !== log.name || body[1] !== String(size)) return null;
      var prefix = "\u2014 " + log.name + " ";
      var line = note.slice(split + 2).split("\n").filter(function (l) { return l.indexOf(prefix) === 0; })[0];
      if (!line) return null;
      var sig = bytes(line.slice(prefix.length));
      if (sig.length !== 68 || !same(sig.slice(0, 4), log.id)) return null;
      var ok = await subtle.verify({ name: "Ed25519" }, log.key, sig.slice(4), utf8.encode(text));
      return ok ? bytes(body[2]) : null;
    })();
    return notes[note];
  }

  // true: matches; false: does not match; throws: could not be checked here.
  async function check(index, log) {
    var e = await (await get("/api/v1/ledger/entries/" + index)).json();
    if (e.tree_size == null) throw new Error("not in a checkpoint yet");
    var leaf = await sha256(join(new Uint8Array([0]), utf8.encode(e.entry)));
    var root = await rootFrom(e.index, e.tree_size, leaf, e.inclusion_proof.map(bytes));
    var signed = await openNote(e.checkpoint, e.tree_size, log);
    return e.index === index && root !== null && signed !== null && same(root, signed);
  }

  function show(item, kind, text) {
    var out = item.querySelector("[data-ledger-result]");
    if (!out) return;
    out.textContent = "";
    var tag = document.createElement("strong");
    tag.className = "govuk-tag govuk-tag--" + kind;
    tag.textContent = text;
    out.appendChild(tag);
    out.hidden = false;
  }

  var items = list.querySelectorAll("[data-ledger-index]");
  var summary = document.getElementById("ledger-browser-summary");
  if (!items.length) {
    // Nothing to check (yet): say so, so that a page waiting for the outcome can go on.
    list.setAttribute("data-checked", "none");
    return;
  }
  var key = logKey();
  var runs = Array.prototype.map.call(items, async function (item) {
    try {
      var log = await key;
      if (!log) throw new Error("the published key is malformed");
      var ok = await check(Number(item.getAttribute("data-ledger-index")), log);
      show(item, ok ? "green" : "red", list.getAttribute(ok ? "data-match" : "data-mismatch"));
      return ok ? "ok" : "bad";
    } catch (err) {
      show(item, "grey", list.getAttribute("data-unchecked"));
      return "unchecked";
    }
  });
  Promise.all(runs).then(function (results) {
    var outcome = results.indexOf("bad") >= 0 ? "some-bad"
      : results.every(function (r) { return r === "ok"; }) ? "all-ok" : "unavailable";
    if (summary) summary.textContent = list.getAttribute("data-" + outcome);
    list.setAttribute("data-checked", outcome);
  });
})();
