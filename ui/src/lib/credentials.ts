// The credentials form's fields per provider, and the input Rust takes from them. Which field
// carries the key whose prefix names an environment is Rust's to read (`readKey`).
import type { CredentialInput, Environment, Provider } from "../api";
import { m } from "../paraglide/messages.js";

/** Up to three fields, in order: label (in the desk's language), whether it is secret, and the input's key for it. */
export type CredentialField = { label: () => string; secret: boolean; name: string; prefixed: boolean };

/** The fields the merchant fills for each provider. */
export const credentialFields: Record<Provider, CredentialField[]> = {
  mona: [
    { label: m.settings_mona_private_key, secret: true, name: "privateKey", prefixed: true },
    { label: m.settings_mona_public_key, secret: false, name: "publicKey", prefixed: true },
  ],
  monei: [{ label: m.settings_monei_api_key, secret: true, name: "apiKey", prefixed: true }],
  moneflow: [
    { label: m.settings_merchant_id, secret: false, name: "merchantId", prefixed: false },
    { label: m.settings_client_id, secret: false, name: "clientId", prefixed: true },
    { label: m.settings_secret, secret: true, name: "secret", prefixed: false },
  ],
  monnet: [
    { label: m.settings_merchant_id, secret: false, name: "merchantId", prefixed: false },
    { label: m.settings_api_key, secret: true, name: "apiKey", prefixed: false },
    { label: m.settings_api_secret, secret: true, name: "apiSecret", prefixed: false },
  ],
};

/** The input for `provider` from the values typed into its fields, in `environment`. */
export function credentialInput(provider: Provider, environment: Environment, values: Record<string, string>): CredentialInput {
  const v = (name: string) => values[name] ?? "";
  switch (provider) {
    case "mona": return { provider, environment, privateKey: v("privateKey"), publicKey: v("publicKey") };
    case "monei": return { provider, environment, apiKey: v("apiKey") };
    case "moneflow": return { provider, environment, merchantId: v("merchantId"), clientId: v("clientId"), secret: v("secret") };
    case "monnet": return { provider, environment, merchantId: v("merchantId"), apiKey: v("apiKey"), apiSecret: v("apiSecret") };
  }
}
