// Mona sandbox SDK page: a checkout (transactionId), a collection's consent (collectionId) or
// a verification (verificationId). It loads what the customer consents to with the public key,
// signs the consent challenge with this device's ECDSA P-256 key (kept in IndexedDB: the same
// browser profile is the same device) and reports the outcome to the host window, which reads
// the resource back from Mona (the message only says when to look).
(() => {
  const q = new URLSearchParams(location.search);
  const key = q.get("key") || "";
  const collectionId = q.get("collectionId") || "";
  const verificationId = q.get("verificationId") || "";
  const transactionId = q.get("transactionId") || "";
  const mode = collectionId ? "collection" : verificationId ? "verification" : "transaction";
  const subject = mode === "collection" ? { collectionId } : mode === "verification" ? { verificationId } : { transactionId };
  const parentOrigin = q.get("parentOrigin") || "*";
  const $ = (id) => document.getElementById(id);
  const post = (msg) => window.parent.postMessage({ source: "mona-sdk", ...subject, ...msg }, parentOrigin);
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  const money = (minor, currency) => `${(minor / 100).toFixed(2)} ${currency}`;
  const PER = { weekly: "every week", monthly: "every month" };

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
  const buttons = (disabled) => { $("approve").disabled = disabled; $("refuse").disabled = disabled; };

  async function load() {
    const id = encodeURIComponent(collectionId || verificationId || transactionId);
    const k = encodeURIComponent(key);
    try {
      if (mode === "collection") {
        const c = await api(`/sdk/v1/collection?key=${k}&collectionId=${id}`);
        $("title").textContent = "Mona · sandbox collection";
        $("merchant").textContent = `${c.merchant} — ${c.description || "recurring payment"}`;
        $("amount").textContent = `${money(c.amount, c.currency)} ${PER[c.frequency] || c.frequency}`;
        $("approve").textContent = "Approve the collection on this device";
      } else if (mode === "verification") {
        const v = await api(`/sdk/v1/verification?key=${k}&verificationId=${id}`);
        $("title").textContent = "Mona · sandbox verification";
        $("merchant").textContent = `${v.merchant} asks ${v.customerName || "you"} to confirm it is you`;
        $("approve").textContent = "Confirm on this device";
        $("refuse").textContent = "This is not me";
      } else {
        const t = await api(`/sdk/v1/transaction?key=${k}&transactionId=${id}`);
        $("merchant").textContent = `${t.merchant} — ${t.description || "payment"}`;
        $("amount").textContent = money(t.amount, t.currency);
      }
      $("card-row").hidden = mode !== "transaction";
      $("refuse").hidden = mode === "transaction";
    } catch (e) {
      $("merchant").textContent = e.message;
      buttons(true);
      post({ type: "failed", status: "error", reason: e.code || "error" });
    }
  }

  // What each mode's answer means: [accepted, sentence].
  function told(out, decision) {
    if (mode === "collection") return out.status === "active" ? [true, "Collection approved."] : [false, "Collection refused."];
    if (mode === "verification") return out.status === "verified" ? [true, "Verified: it is you."] : [false, decision === "refuse" ? "You said this is not you." : "Not verified."];
    return out.status === "successful" ? [true, "Payment approved."] : [false, `Payment failed: ${out.failureReason}`];
  }

  async function decide(decision) {
    buttons(true);
    $("status").className = ""; $("status").textContent = "Signing the consent on this device…";
    try {
      const pair = await deviceKey();
      const ch = await api("/sdk/v1/challenge", { key, ...subject, ...(mode === "transaction" ? {} : { decision }) });
      const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, new TextEncoder().encode(ch.payload));
      const pub = await crypto.subtle.exportKey("raw", pair.publicKey);
      const body = { key, challengeId: ch.challengeId, publicKey: b64(pub), signature: b64(sig) };
      if (mode === "transaction") body.cardNumber = $("card").value;
      const out = await api("/sdk/v1/authorize", body);
      const [ok, sentence] = told(out, decision);
      $("status").className = ok ? "ok" : "error";
      $("status").textContent = sentence;
      const reason = ok ? undefined : out.failureReason || (mode === "transaction" ? undefined : "refused_by_customer");
      post({ type: ok ? "completed" : "failed", status: out.status, reason });
    } catch (e) {
      $("status").className = "error"; $("status").textContent = e.message;
      buttons(false);
      post({ type: "failed", status: "error", reason: e.code || "error" });
    }
  }
  $("approve").addEventListener("click", () => decide("approve"));
  $("refuse").addEventListener("click", () => decide("refuse"));
  load();
})();
