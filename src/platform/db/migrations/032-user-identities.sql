-- Accounts at an OpenID Connect provider linked to CSP Hub users. The provider's subject never changes
-- for a person, so once linked (by a verified e-mail address) a later change of address there still
-- signs in the same user here.
CREATE TABLE user_identities (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id int NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email_when_linked text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);
