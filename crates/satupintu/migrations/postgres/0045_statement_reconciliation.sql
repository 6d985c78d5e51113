-- Bank statement reconciliation (issue 15): a gateway's payment confirmed by a credit line of
-- the bank statement keeps that line's identity (`reconciled_ref`: account, value date, amount,
-- bank reference and a hash of the line), so importing the same statement again changes nothing.
ALTER TABLE payments ADD COLUMN reconciled_ref TEXT;
CREATE UNIQUE INDEX payments_reconciled_ref ON payments(reconciled_ref);
