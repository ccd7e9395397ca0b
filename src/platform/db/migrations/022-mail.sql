-- Every e-mail the app composes, whether sent through SMTP, refused, or kept here when no mail
-- server is configured: the partnership's record of what went out (the outbox page).
CREATE TABLE mail_messages (
  id serial PRIMARY KEY,
  partnership_id int REFERENCES partnerships(id) ON DELETE CASCADE,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  template text NOT NULL,
  -- What the message is about (e.g. 'update_round' 12), so a feature can find its own messages.
  concerns_kind text,
  concerns_id int,
  status text NOT NULL CHECK (status IN ('sent', 'failed', 'kept')),
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((concerns_kind IS NULL) = (concerns_id IS NULL)),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK ((status = 'failed') = (error IS NOT NULL))
);
CREATE INDEX mail_messages_partnership ON mail_messages(partnership_id, created_at DESC, id DESC);
CREATE INDEX mail_messages_concerns ON mail_messages(concerns_kind, concerns_id);

-- One-time tokens proving that someone can read mail at an address (public forms). Only the
-- SHA-256 of each token is kept, so the table alone cannot be used to verify anything.
CREATE TABLE email_verifications (
  id serial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  purpose text NOT NULL,
  email text NOT NULL,
  partnership_id int REFERENCES partnerships(id) ON DELETE CASCADE,
  concerns_kind text,
  concerns_id int,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CHECK ((concerns_kind IS NULL) = (concerns_id IS NULL))
);
