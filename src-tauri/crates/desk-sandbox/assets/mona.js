// Mona sandbox checkout: loads the transaction with the public key, signs the consent
// challenge with this device's ECDSA P-256 key and reports the outcome to the host window.
(() => {
  const q = new URLSearchParams(location.search);
  const key = q.get("key") || "";
  const transactionId = q.get("transactionId") || "";
  const parentOrigin = q.get("parentOrigin") || "*";
  const $ = (id) => document.getElementById(id);
  const post = (msg) => window.parent.postMessage({ source: "mona-sdk", transactionId, ...msg }, parentOrigin);
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open("mona-device", 1);
      req.onupgradeneeded = () => req.result.createObjectStore("keys");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function deviceKey() {
    const db = await openDb();
    const get = (k) => new Promise((res, rej) => {
      const r = db.transaction("keys").objectStore("keys").get(k);
      r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
    });
    let pair = await get("device");
    if (!pair) {
      pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      await new Promise((res, rej) => {
        const t = db.transaction("keys", "readwrite");
        t.objectStore("keys").put(pair, "device");
        t.oncomplete = res; t.onerror = () => rej(t.error);
      });
    }
    return pair;
  }
  async function api(path, body) {
    const r = await fetch(path, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json();
    if (!r.ok) throw Object.assign(new Error(json.error?.message || "Request failed"), { code: json.error?.code });
    return json;
  }
  async function load() {
    try {
      const t = await api(`/sdk/v1/transaction?key=${encodeURIComponent(key)}&transactionId=${encodeURIComponent(transactionId)}`);
      $("merchant").textContent = `${t.merchant} — ${t.description || "payment"}`;
      $("amount").textContent = `${(t.amount / 100).toFixed(2)} ${t.currency}`;
    } catch (e) {
      $("merchant").textContent = e.message;
      $("approve").disabled = true;
      post({ type: "failed", status: "failed", reason: e.code || "error" });
    }
  }
  async function approve() {
    $("approve").disabled = true;
    $("status").className = ""; $("status").textContent = "Signing the consent on this device…";
    try {
      const pair = await deviceKey();
      const ch = await api("/sdk/v1/challenge", { key, transactionId });
      const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, new TextEncoder().encode(ch.payload));
      const pub = await crypto.subtle.exportKey("raw", pair.publicKey);
      const out = await api("/sdk/v1/authorize", { key, challengeId: ch.challengeId, publicKey: b64(pub), signature: b64(sig), cardNumber: $("card").value });
      const ok = out.status === "successful";
      $("status").className = ok ? "ok" : "error";
      $("status").textContent = ok ? "Payment approved." : `Payment failed: ${out.failureReason}`;
      post({ type: ok ? "completed" : "failed", status: out.status, reason: out.failureReason || undefined });
    } catch (e) {
      $("status").className = "error"; $("status").textContent = e.message;
      $("approve").disabled = false;
      post({ type: "failed", status: "failed", reason: e.code || "error" });
    }
  }
  $("approve").addEventListener("click", approve);
  load();
})();
