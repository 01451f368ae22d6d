"""Verifies a platform token the way a Python service would, from the issuer URL alone.

Usage: verify_platform_token.py ISSUER AUDIENCE TOKEN
Prints one JSON line: {"ok": true, "sub": ...} (exit 0) or {"ok": false, "error": ...} (exit 1).
Discovery (RFC 8414 / OpenID location) gives the key set and algorithms; PyJWT's
PyJWKClient fetches the keys, jwt.decode checks signature, issuer, audience and expiry.
"""
import json
import sys
import urllib.request

import jwt


def main() -> int:
    issuer, audience, token = sys.argv[1:4]
    with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=10) as response:
        metadata = json.load(response)
    try:
        key = jwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=metadata["id_token_signing_alg_values_supported"],
            audience=audience,
            issuer=metadata["issuer"],
            options={"require": ["exp", "iat", "sub"]},
        )
    except jwt.PyJWTError as err:
        print(json.dumps({"ok": False, "error": type(err).__name__}))
        return 1
    print(json.dumps({"ok": True, "sub": claims["sub"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
