-- Certificates travel as Open Badges 3.0 credentials (VC-JWT, RS256) beside the PDF.
-- The public keys that ever signed are published in the JWKS; the private key is a
-- file outside the database (LEERLIJN_SIGNING_KEY), so no backup can sign.
CREATE TABLE signing_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- RFC 7638 thumbprint of the public key: its name in the JWKS and in `kid`.
    kid         TEXT    NOT NULL UNIQUE,
    -- The public JWK as JSON (never a private part).
    jwk         TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    -- Set when another key took over signing; the key stays published.
    retired_at  TEXT
);

-- The signed credential (a compact JWS) and the certificate's bit in the revocation
-- list. Both are NULL for a certificate whose name was withheld on request, and until
-- `serve` signs the certificates issued before this migration.
ALTER TABLE certificates ADD COLUMN credential_jwt TEXT;
ALTER TABLE certificates ADD COLUMN status_index INTEGER;
CREATE UNIQUE INDEX certificates_by_status_index ON certificates (status_index) WHERE status_index IS NOT NULL;
CREATE INDEX certificates_without_credential ON certificates (id) WHERE credential_jwt IS NULL AND name_withheld_at IS NULL;
-- The revocation list reads only the revoked certificates' bits.
CREATE INDEX certificates_revoked_bits ON certificates (status_index) WHERE revoked_at IS NOT NULL AND status_index IS NOT NULL;
