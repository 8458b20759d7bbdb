// MONEI sandbox payment page: shows the payment (its id is the only value it needs), turns the
// card into a paymentToken for this payment, confirms the payment with it and tells the host
// window that the payment reached a final status (the host reads the outcome from MONEI).
(() => {
  const paymentId = decodeURIComponent(location.pathname.split("/").pop() || "");
  const parentOrigin = new URLSearchParams(location.search).get("parentOrigin") || "*";
  const $ = (id) => document.getElementById(id);
  const post = (msg) => window.parent.postMessage({ source: "monei-sdk", paymentId, ...msg }, parentOrigin);
  const path = `/sdk/v1/payments/${encodeURIComponent(paymentId)}`;
  async function api(url, body) {
    const r = await fetch(url, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json();
    if (!r.ok) throw Object.assign(new Error(json.error?.message || "Request failed"), { code: json.error?.code });
    return json;
  }
  function closed(status) {
    $("pay").disabled = true;
    $("status").className = "error"; $("status").textContent = `This payment is ${status}.`;
  }
  async function load() {
    try {
      const p = await api(path);
      $("merchant").textContent = `${p.accountName || "Merchant"} — ${p.description || "payment"}`;
      $("amount").textContent = `${(p.amount / 100).toFixed(2)} ${p.currency}`;
      if (p.status !== "PENDING") closed(p.status);
    } catch (e) {
      $("merchant").textContent = e.message;
      $("pay").disabled = true;
    }
  }
  $("form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("pay").disabled = true;
    $("status").className = ""; $("status").textContent = "Paying…";
    const [mm, yy] = $("exp").value.split("/").map((s) => parseInt(s.trim(), 10));
    try {
      const card = { number: $("number").value, expMonth: mm || 0, expYear: (yy || 0) + 2000, cvc: $("cvc").value, cardholderName: $("holder").value };
      const t = await api("/sdk/v1/tokens", { paymentId, card });
      const out = await api(`${path}/confirm`, { paymentToken: t.paymentToken });
      const ok = out.status === "SUCCEEDED";
      $("status").className = ok ? "ok" : "error";
      $("status").textContent = ok ? "Payment approved." : `Payment failed: ${out.statusReason}`;
      post({ type: ok ? "completed" : "failed", status: out.status, statusReason: out.statusReason || undefined });
    } catch (e) {
      $("status").className = "error"; $("status").textContent = e.message;
      $("pay").disabled = e.code === "conflict";
      post({ type: "error", code: e.code || "error", message: e.message });
    }
  });
  load();
})();
