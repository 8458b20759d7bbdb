-- Payout news for the OS notifications: the status steps that took a payout to paid, failed
-- or reversed, kept as the timeline is written, so that a sync pass reads these steps only.
-- Reading every step after the last news joined each to its record: a million sales' steps
-- took a core for seconds of every pass until the pass ended (desk-store's `payout_news`).
CREATE TABLE payout_steps (
    step_id INTEGER PRIMARY KEY REFERENCES status_history (id) ON DELETE CASCADE
);

INSERT INTO payout_steps (step_id)
    SELECT h.id FROM status_history h JOIN transactions t ON t.id = h.transaction_id
    WHERE t.kind = 'payout' AND h.status IN ('paid', 'failed', 'reversed');

CREATE TRIGGER payout_steps_kept AFTER INSERT ON status_history
    WHEN NEW.status IN ('paid', 'failed', 'reversed')
     AND (SELECT kind FROM transactions WHERE id = NEW.transaction_id) = 'payout'
BEGIN
    INSERT INTO payout_steps (step_id) VALUES (NEW.id);
END;
