"""Checks a VC-JWT the way an outside verifier would: with PyJWT (not the crate that
signed it) and only the issuer's published JWKS.

    verify_credential.py JWKS_FILE JWT_FILE

Prints the verified payload as JSON and exits 0; prints why and exits 1 otherwise.
"""
import json
import sys

import jwt


def main() -> int:
    jwks = json.load(open(sys.argv[1]))
    token = open(sys.argv[2]).read().strip()
    header = jwt.get_unverified_header(token)
    keys = {k["kid"]: k for k in jwks["keys"]}
    if header.get("kid") not in keys:
        print(f"no published key for kid {header.get('kid')!r}")
        return 1
    if any("d" in k for k in jwks["keys"]):
        print("the JWKS publishes a private key")
        return 1
    key = jwt.PyJWK(keys[header["kid"]])
    try:
        # Open Badges names the recipient in `sub` and the issuer in `iss`; the
        # payload's own fields are compared by the test.
        payload = jwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False, "require": ["iss", "jti", "nbf", "sub"]})
    except jwt.PyJWTError as e:
        print(f"invalid: {e}")
        return 1
    print(json.dumps({"header": header, "payload": payload}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
