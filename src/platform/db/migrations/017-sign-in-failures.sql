-- Failed sign-ins per account and per client address, kept in the database so the limits hold
-- across every instance. Keys are SHA-256 hashes: the e-mail addresses and IP addresses typed
-- or used are not stored. Rows are forgotten a day after their last failure.
CREATE TABLE sign_in_failures (
  key text PRIMARY KEY,
  failures int NOT NULL,
  first_failed_at timestamptz NOT NULL,
  last_failed_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX sign_in_failures_last ON sign_in_failures(last_failed_at);
