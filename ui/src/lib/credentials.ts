// The credentials form's fields per provider, and the input Rust takes from them. Which field
// carries the key whose prefix names an environment is Rust's to read (`readKey`).
import type { CredentialInput, Environment, Provider } from "../api";

/** Up to three fields, in order: label, whether it is secret, and the input's key for it. */
export type CredentialField = { label: string; secret: boolean; name: string; prefixed: boolean };

/** The fields the merchant fills for each provider. */
export const credentialFields: Record<Provider, CredentialField[]> = {
  mona: [
    { label: "Private key (mona_sk_…)", secret: true, name: "privateKey", prefixed: true },
    { label: "Public key (mona_pub_…)", secret: false, name: "publicKey", prefixed: true },
  ],
  monei: [{ label: "API key (sk_test_… / sk_live_…)", secret: true, name: "apiKey", prefixed: true }],
  moneflow: [
    { label: "Merchant id", secret: false, name: "merchantId", prefixed: false },
    { label: "Client id (mfp_…)", secret: false, name: "clientId", prefixed: true },
    { label: "Secret", secret: true, name: "secret", prefixed: false },
  ],
  monnet: [
    { label: "Merchant id", secret: false, name: "merchantId", prefixed: false },
    { label: "API key", secret: true, name: "apiKey", prefixed: false },
    { label: "API secret", secret: true, name: "apiSecret", prefixed: false },
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
