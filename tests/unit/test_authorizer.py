"""The local authorizer refuses exactly what a Cognito authorizer refuses."""

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.local.authorizer import InvalidToken, TokenVerifier, authorizer_claims, bearer

ISSUER = "https://cognito-idp.eu-central-1.amazonaws.com/pool"


def keypair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return key, {**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}


KEY, JWK = keypair()
OTHER_KEY, _ = keypair()
VERIFIER = TokenVerifier({"keys": [JWK]}, issuer=ISSUER, audience="client")


def token(key=KEY, **overrides):
    now = int(time.time())
    claims = {
        "sub": "u",
        "aud": "client",
        "iss": ISSUER,
        "token_use": "id",
        "iat": now,
        "exp": now + 60,
        "custom:tenant_id": "t_1",
        "cognito:groups": ["manager"],
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_a_good_token_passes_with_its_claims():
    claims = VERIFIER.verify(token())
    assert claims["custom:tenant_id"] == "t_1"
    assert authorizer_claims(claims)["cognito:groups"] == "manager"


@pytest.mark.parametrize(
    "bad",
    [
        token(exp=int(time.time()) - 5),
        token(key=OTHER_KEY),
        token(aud="another-client"),
        token(iss="https://evil.example/pool"),
        token(token_use="access"),
        "not-a-jwt",
        jwt.encode({"sub": "u"}, "s" * 32, algorithm="HS256", headers={"kid": "k1"}),
    ],
)
def test_bad_tokens_are_refused(bad):
    with pytest.raises(InvalidToken):
        VERIFIER.verify(bad)


def test_bearer_header():
    assert bearer({"Authorization": "Bearer abc"}) == "abc"
    assert bearer({"authorization": "bearer abc"}) == "abc"
    assert bearer({"Authorization": "Basic abc"}) is None
    assert bearer({}) is None


def _principal_accepts(raw_token):
    from shared.auth import Principal
    from shared.errors import Unauthorized

    claims = authorizer_claims(jwt.decode(raw_token, options={"verify_signature": False}))
    try:
        Principal.from_claims(claims, audience="client")
    except Unauthorized:
        return False
    return True


def _verifier_accepts(raw_token):
    try:
        VERIFIER.verify(raw_token)
    except InvalidToken:
        return False
    return True


@pytest.mark.parametrize(
    ("mint", "accepted"),
    [
        # Minted when the test runs, not when it is collected: a token lives 60 seconds.
        pytest.param(lambda: token(), True, id="id token of this client"),
        pytest.param(lambda: token(token_use=None), False, id="no token_use"),
        pytest.param(lambda: token(token_use="access"), False, id="access token"),
        pytest.param(lambda: token(aud="another-client"), False, id="wrong aud"),
    ],
)
def test_the_local_authorizer_and_the_principal_agree_on_token_use_and_audience(mint, accepted):
    raw = mint()
    # token(token_use=None) still has the key; drop it so the claim is missing, as in a forged token.
    if accepted is False and jwt.decode(raw, options={"verify_signature": False}).get("token_use") is None:
        claims = jwt.decode(raw, options={"verify_signature": False})
        claims.pop("token_use")
        raw = jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "k1"})
    assert _verifier_accepts(raw) is accepted
    assert _principal_accepts(raw) is accepted
