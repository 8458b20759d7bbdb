// MonEFlow Pay sandbox card fields: tokenises the card with the client token and hands the
// host window a one-time payment nonce (never the card). With `vault=offer` the customer may
// tick "Save this card for next time"; the choice travels with the nonce (vaultConsent).
(() => {
  const q = new URLSearchParams(location.search);
  const token = q.get("clientToken") || "";
  const parentOrigin = q.get("parentOrigin") || "*";
  const $ = (id) => document.getElementById(id);
  const post = (msg) => window.parent.postMessage({ source: "moneflow-sdk", ...msg }, parentOrigin);
  const offerVault = q.get("vault") === "offer";
  $("save-row").hidden = !offerVault;
  const vaultConsent = () => offerVault && $("save").checked;
  $("form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("pay").disabled = true;
    $("status").className = ""; $("status").textContent = "Securing the card…";
    const [mm, yy] = $("exp").value.split("/").map((s) => parseInt(s.trim(), 10));
    try {
      const r = await fetch("/v1/sdk/tokenize", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ card: { number: $("number").value, expMonth: mm || 0, expYear: (yy || 0) + 2000, cvv: $("cvv").value, holderName: $("holder").value }, vaultConsent: vaultConsent() }),
      });
      const json = await r.json();
      if (!r.ok) throw Object.assign(new Error(json.error?.message || "The card was not accepted"), { code: json.error?.code });
      $("status").className = "ok"; $("status").textContent = `Card accepted (${json.card.brand} •••• ${json.card.last4}).`;
      post({ type: "nonce", nonce: json.nonce, card: json.card, vaultConsent: json.vaultConsent === true });
    } catch (e) {
      $("status").className = "error"; $("status").textContent = e.message;
      $("pay").disabled = false;
      post({ type: "error", code: e.code || "error", message: e.message });
    }
  });
})();
