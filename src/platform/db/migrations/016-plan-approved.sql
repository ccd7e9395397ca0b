-- Whether an approval was recorded. A plan can be published without one (deliberately, after the
-- confirmation page says so), and then nothing may claim it was approved. Until now every plan past
-- draft had gone through approval.
ALTER TABLE plans ADD COLUMN approved boolean NOT NULL DEFAULT false;
UPDATE plans SET approved = true WHERE status <> 'draft';
