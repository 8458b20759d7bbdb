// Typed wrappers over the Tauri commands: the UI's whole contract with Rust. Types come from
// the generated bindings in ./bindings (never edited by hand).
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { ask, call, callRaw } from "./invoke";
import type { AfterSaleAction } from "./bindings/AfterSaleAction";
import type { AfterSaleRequest } from "./bindings/AfterSaleRequest";
import type { AfterSaleResult } from "./bindings/AfterSaleResult";
import type { AfterSaleReview } from "./bindings/AfterSaleReview";
import type { AmountLocale } from "./bindings/AmountLocale";
import type { AmountReading } from "./bindings/AmountReading";
import type { AppInfo } from "./bindings/AppInfo";
import type { BatchApproval } from "./bindings/BatchApproval";
import type { BatchInfo } from "./bindings/BatchInfo";
import type { BatchProgress } from "./bindings/BatchProgress";
import type { BatchReview } from "./bindings/BatchReview";
import type { BatchReviewRow } from "./bindings/BatchReviewRow";
import type { BatchRowFilter } from "./bindings/BatchRowFilter";
import type { BatchRowsQuery } from "./bindings/BatchRowsQuery";
import type { BatchStatus } from "./bindings/BatchStatus";
import type { CellProblem } from "./bindings/CellProblem";
import type { BeneficiaryDraft } from "./bindings/BeneficiaryDraft";
import type { BeneficiaryItem } from "./bindings/BeneficiaryItem";
import type { BeneficiaryPage } from "./bindings/BeneficiaryPage";
import type { BeneficiaryRecord } from "./bindings/BeneficiaryRecord";
import type { BeneficiaryReview } from "./bindings/BeneficiaryReview";
import type { BeneficiarySaved } from "./bindings/BeneficiarySaved";
import type { CheckoutRequest } from "./bindings/CheckoutRequest";
import type { CheckoutResult } from "./bindings/CheckoutResult";
import type { CheckoutReview } from "./bindings/CheckoutReview";
import type { Confirmation } from "./bindings/Confirmation";
import type { CheckoutSession } from "./bindings/CheckoutSession";
import type { CredentialInput } from "./bindings/CredentialInput";
import type { CredentialSummary } from "./bindings/CredentialSummary";
import type { DaySummaryView } from "./bindings/DaySummaryView";
import type { Environment } from "./bindings/Environment";
import type { HistoryDetail } from "./bindings/HistoryDetail";
import type { HistoryPage } from "./bindings/HistoryPage";
import type { HistoryQuery } from "./bindings/HistoryQuery";
import type { KeyReading } from "./bindings/KeyReading";
import type { Money } from "./bindings/Money";
import type { NonceSubmission } from "./bindings/NonceSubmission";
import type { Notice } from "./bindings/Notice";
import type { OnboardingState } from "./bindings/OnboardingState";
import type { PaymentActions } from "./bindings/PaymentActions";
import type { PayoutDraft } from "./bindings/PayoutDraft";
import type { PayoutReview } from "./bindings/PayoutReview";
import type { Provider } from "./bindings/Provider";
import type { QueuedPayout } from "./bindings/QueuedPayout";
import type { SecretStoreView } from "./bindings/SecretStoreView";
import type { Settings } from "./bindings/Settings";
import type { SettingsView } from "./bindings/SettingsView";
import type { StatementChoices } from "./bindings/StatementChoices";
import type { StatementFormat } from "./bindings/StatementFormat";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { UpdateOffer } from "./bindings/UpdateOffer";
import type { UpdateStatus } from "./bindings/UpdateStatus";

export { DeskError, describeError } from "./invoke";
export * from "./customers";
export type {
  BatchApproval, BatchInfo, BatchProgress, BatchReview, BatchReviewRow, BatchRowFilter, BatchRowsQuery, BatchStatus, CellProblem,
  BeneficiaryDraft, BeneficiaryItem, BeneficiaryPage, BeneficiaryRecord, BeneficiaryReview, BeneficiarySaved,
  AfterSaleAction, AfterSaleRequest, AfterSaleResult, AfterSaleReview, AmountLocale, AmountReading, AppInfo, CheckoutRequest, CheckoutResult, CheckoutReview, CheckoutSession,
  Confirmation, CredentialInput, CredentialSummary, DaySummaryView, Environment, HistoryDetail, HistoryPage, HistoryQuery, KeyReading,
  Money, NonceSubmission, Notice,
  OnboardingState, PaymentActions, PayoutDraft, PayoutReview, Provider, QueuedPayout, SecretStoreView, Settings, SettingsView,
  StatementChoices, StatementFormat,
  SyncStatus, UpdateOffer, UpdateStatus,
};

/** The app's name, version and active environment. */
export const appInfo = () => call<AppInfo>("app_info");

// Onboarding and settings
/** Whether onboarding is needed, the sandbox's state and the stored credentials. */
export const onboardingState = () => call<OnboardingState>("onboarding_state");
/** Starts the embedded sandbox and stores sandbox credentials for the four providers. */
export const startSandboxOnboarding = () => call<CredentialSummary[]>("start_sandbox_onboarding");
/** The settings and where files live. */
export const getSettings = () => call<SettingsView>("get_settings");
/** Switches environment; production needs `confirmed: true` after the UI has asked. */
export const setEnvironment = (environment: Environment, confirmed: boolean) =>
  call<SettingsView>("set_environment", { environment, confirmed });
/**
 * Saves update, sandbox and amount preferences (the language of amounts, the "ask once more
 * above" limits); the environment is changed by setEnvironment.
 */
export const updateSettings = (settings: Settings) => call<SettingsView>("update_settings", { settings });

// Credentials
/** Stored credentials, without secrets. */
export const listCredentials = () => call<CredentialSummary[]>("list_credentials");
/** Checks, verifies with the provider, then stores credentials in the keychain. */
export const addCredentials = (input: CredentialInput) => call<CredentialSummary>("add_credentials", { input });
/** What the desk reads from a key's prefix (its environment), before anything is stored. */
export const readKey = (provider: Provider, key: string) => call<KeyReading>("read_key", { provider, key });
/**
 * The merchant's own keys for one provider, in the desk's environment: refused (field errors)
 * when a key names the other environment, else verified with the provider and stored.
 */
export const addKeys = (input: CredentialInput) => call<CredentialSummary>("add_keys", { input });
/** Replaces a secret after the new one verifies. */
export const rotateCredentials = (input: CredentialInput) => call<CredentialSummary>("rotate_credentials", { input });
/** Sandbox only: the sandbox issues a new secret and the desk rotates to it (the secret never comes here). */
export const rotateSandboxCredentials = (provider: Provider) =>
  call<CredentialSummary>("rotate_sandbox_credentials", { provider });
/** Removes one provider's credentials for an environment. */
export const removeCredentials = (provider: Provider, environment: Environment) =>
  call<void>("remove_credentials", { provider, environment });
/**
 * Incident response: deletes every secret and the database key. `confirmation` must be "WIPE".
 * With money movements not yet carried out it fails with `errors.confirmation_required` and a
 * sentence naming them; `unsettledConfirmed: true` wipes anyway.
 */
export const lockAndWipe = (confirmation: string, unsettledConfirmed?: boolean) =>
  call<void>("lock_and_wipe", unsettledConfirmed === undefined ? { confirmation } : { confirmation, unsettledConfirmed });

// The opt-in passphrase-protected file vault
/** Creates the file vault, moves the keys into it and uses it from now on. */
export const enableFileVault = (passphrase: string, repeated: string) =>
  call<SecretStoreView>("enable_file_vault", { passphrase, repeated });
/** Unlocks the file vault for this session. */
export const unlockFileVault = (passphrase: string) => call<SecretStoreView>("unlock_file_vault", { passphrase });
/** Locks the file vault now. */
export const lockFileVault = () => call<SecretStoreView>("lock_file_vault");
/** Moves the keys back to the system keychain and deletes the vault file. */
export const useSystemKeychain = () => call<SecretStoreView>("use_system_keychain");

// Amounts
/** Reads an amount as the merchant types it, in the desk's locale; stores nothing. */
export const readAmount = (text: string, currency: string) => call<AmountReading>("read_amount", { text, currency });

// Checkout
/** What the desk read from a checkout form, before anything is created. */
export const reviewCheckout = (request: CheckoutRequest) => call<CheckoutReview>("review_checkout", { request });
/**
 * Creates a reviewed checkout: what the SDK page needs (public values only), or, when the
 * outcome is not known yet, `state` `checking`/`queued` with a `note` (never send it again:
 * follow it with resumeCheckout).
 */
export const createCheckout = (request: CheckoutRequest, confirmation: Confirmation) =>
  call<CheckoutSession>("create_checkout", { request, confirmation });
/** A checkout as it stands, its charge moved on first (never sent twice). */
export const resumeCheckout = (localId: string) => call<CheckoutSession>("resume_checkout", { localId });
/** Turns a MonEFlow one-time nonce into a payment. */
export const submitNonce = (submission: NonceSubmission) => call<CheckoutResult>("submit_nonce", { submission });
/** Reads a checkout's outcome from the provider (after the SDK reports completion). */
export const checkoutStatus = (localId: string) => call<CheckoutResult>("checkout_status", { localId });

// Payouts
/** Validates a payout draft field by field, without storing anything. */
export const reviewPayout = (draft: PayoutDraft) => call<PayoutReview>("review_payout", { draft });
/**
 * Queues a reviewed payout in the outbox; production needs `confirmed`, an amount above the
 * merchant's limit `aboveLimit`, and `amountShown` is the amount the review showed.
 */
export const createPayout = (draft: PayoutDraft, confirmation: Confirmation) =>
  call<QueuedPayout>("create_payout", { draft, confirmation });

// Saved beneficiaries
/** Saved beneficiaries whose names, email or CLABE digits match `text` (all when empty), masked. */
export const searchBeneficiaries = (text: string, offset = 0, limit = 50) =>
  ask<BeneficiaryPage>("beneficiaries", "search_beneficiaries", { text, offset, limit });
/** One saved beneficiary whole, to fill the payout form or the edit form. */
export const getBeneficiary = (id: number) => ask<BeneficiaryRecord>("beneficiaries", "get_beneficiary", { id });
/** Checks a beneficiary form as the merchant types (field errors, the bank), storing nothing. */
export const reviewBeneficiary = (draft: BeneficiaryDraft) => ask<BeneficiaryReview>("beneficiaries", "review_beneficiary", { draft });
/** Saves a beneficiary entered by hand; field errors when a field is wrong or it is saved already. */
export const addBeneficiary = (draft: BeneficiaryDraft) => ask<BeneficiaryRecord>("beneficiaries", "add_beneficiary", { draft });
/** Replaces a saved beneficiary's fields. */
export const updateBeneficiary = (id: number, draft: BeneficiaryDraft) =>
  ask<BeneficiaryRecord>("beneficiaries", "update_beneficiary", { id, draft });
/** Removes a saved beneficiary. */
export const removeBeneficiary = (id: number) => ask<void>("beneficiaries", "remove_beneficiary", { id });
/** Saves a payout's beneficiary, or returns the one already saved with its CLABE and document. */
export const savePayoutBeneficiary = (draft: PayoutDraft) => ask<BeneficiarySaved>("beneficiaries", "save_payout_beneficiary", { draft });

// Batch payouts
/** Reads a payout file (its raw bytes) and reviews every row; the import is kept until queued or discarded. */
export const importBatch = (fileName: string, bytes: Uint8Array) =>
  callRaw<BatchReview>("import_batch", bytes, { "x-file-name": encodeURIComponent(fileName) });
/** The imported file's review again, another page or filter of its rows. */
export const reviewBatch = (query: BatchRowsQuery) => ask<BatchReview>("batches", "review_batch", { query });
/** Replaces a row with the merchant's fix and checks it again (its problems come back if still wrong). */
export const fixBatchRow = (row: number, draft: PayoutDraft, query: BatchRowsQuery) =>
  ask<BatchReview>("batches", "fix_batch_row", { row, draft, query });
/** Leaves a row out of the batch. */
export const dropBatchRow = (row: number, query: BatchRowsQuery) => ask<BatchReview>("batches", "drop_batch_row", { row, query });
/** Keeps a row that repeats another payout. */
export const keepBatchRow = (row: number, query: BatchRowsQuery) => ask<BatchReview>("batches", "keep_batch_row", { row, query });
/** Forgets the imported file; nothing was queued. */
export const discardBatch = () => ask<null>("batches", "discard_batch");
/**
 * Queues the reviewed batch, once: production needs `confirmed` (and `aboveLimit` for rows
 * above the limit), else `errors.confirmation_required` with the sentence to confirm.
 */
export const queueBatch = (approval: BatchApproval) => ask<BatchStatus>("batches", "queue_batch", { approval });
/** A queued batch and where its payouts are. */
export const batchStatus = (id: number) => ask<BatchStatus>("batches", "batch_status", { id });
/** The queued batches, latest first. */
export const listBatches = () => ask<BatchStatus[]>("batches", "list_batches");
/** Writes a batch's result CSV (one line per row) into Downloads; returns its path. */
export const saveBatchResult = (id: number) => ask<string>("batches", "save_batch_result", { id });
/** Writes the payout file template into Downloads; returns its path. */
export const saveBatchTemplate = () => ask<string>("batches", "save_batch_template");

// History
/** A filtered page of the history. */
export const listHistory = (query: HistoryQuery) => call<HistoryPage>("list_history", { query });
/** One record with its status timeline. */
export const historyDetail = (id: string) => call<HistoryDetail>("history_detail", { id });
/** Refused, reversed or conflicting money movements not opened yet, newest first. */
export const listNotices = () => call<Notice[]>("list_notices");
/**
 * The day at a glance: taken, refunded and paid out today, in 7 and 30 days (per currency and
 * provider), each currency day by day, and what needs attention with where it leads.
 */
export const daySummary = () => call<DaySummaryView>("day_summary");
/** Writes the filtered history as CSV into the Downloads folder; returns the file's path. */
export const exportHistoryCsv = (query: HistoryQuery) => call<string>("export_history_csv", { query });

// After the sale
/** What a payment's detail offers (refund, capture, void) with its net figures. */
export const paymentActions = (paymentId: string) => call<PaymentActions>("payment_actions", { paymentId });
/** Reads and checks a refund, capture or void without sending anything. */
export const reviewAfterSale = (request: AfterSaleRequest) => call<AfterSaleReview>("review_after_sale", { request });
/**
 * Commits a reviewed refund, capture or void and sends it exactly once (queued when the
 * provider cannot be reached); `checking`/`queued` are followed with afterSaleStatus.
 */
export const createAfterSale = (request: AfterSaleRequest, confirmation: Confirmation) =>
  call<AfterSaleResult>("create_after_sale", { request, confirmation });
/** A refund, capture or void as it stands (looked up if in doubt, never sent twice). */
export const afterSaleStatus = (id: string) => call<AfterSaleResult>("after_sale_status", { id });
/** Saves the receipt of a payment, refund or payout as a PDF in Downloads; returns its path. */
export const saveReceipt = (id: string) => call<string>("save_receipt", { id });

// Monthly statements
/** The months (newest first) and currencies that have movements in the desk's environment. */
export const statementChoices = () => call<StatementChoices>("statement_choices");
/** Saves the statement of `month` (`2026-11`) for `currency` as CSV or PDF in Downloads; returns its path. */
export const saveStatement = (month: string, currency: string, format: StatementFormat) =>
  call<string>("save_statement", { month, currency, format });

// Sync and connectivity
/** The sync engine's state now. */
export const syncStatus = () => call<SyncStatus>("sync_status");
/** Asks the sync engine to run now. */
export const syncNow = () => call<SyncStatus>("sync_now");
/** Sandbox only: simulates the network going down or coming back. */
export const setSandboxNetwork = (online: boolean) => call<SyncStatus>("set_sandbox_network", { online });
/** Subscribes to `sync:progress` events. */
export const onSyncProgress = (handler: (s: SyncStatus) => void): Promise<UnlistenFn> =>
  listen<SyncStatus>("sync:progress", (e) => handler(e.payload));

// Updates
/** Asks the release channel for an update; null when up to date or the server was not reached. */
export const checkUpdate = () => call<UpdateOffer | null>("check_update");
/** When the desk last looked for updates, when it looks next, and whether the server answered. */
export const updateStatus = () => call<UpdateStatus>("update_status");
/** Downloads, verifies and installs the offered update (only after the merchant agreed). */
export const installUpdate = () => call<void>("install_update");
