-- gateway: accounts. Emails are unique case-insensitively; passwords are
-- stored only as Argon2id hashes (libsodium's encoded form).
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL,
  name          text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

-- gateway: failed sign-ins per email, for throttling (DESIGN §3.2).
CREATE TABLE sign_in_failures (
  email_lower text NOT NULL,
  failed_at   timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_lower, failed_at);
