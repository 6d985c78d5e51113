#!/usr/bin/env python3
"""Sign in every demo role and print one bearer token per line: `<role> <token>`.

Usage: tokens.py BASE_URL DEMO_STDOUT_FILE

The demo server prints its accounts on stdout; the TOTP secrets of the agency admin and the
super admin are read from there (the line after the account, "TOTP secret (authenticator
app): <BASE32>"). TOTP is RFC 6238 (SHA-1, 6 digits, 30 s), computed with the standard library.
Only the standard library is used, so this runs before or without any pip install.
"""

import base64
import hashlib
import hmac
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.request

# role -> (login, password); staff sign in with e-mail, citizens with NIK.
ACCOUNTS = {
    "citizen": ("3273014506900001", "warga-demo-2026"),
    "officer": ("petugas@disdukcapil.example.id", "petugas-demo-2026"),
    "supervisor": ("supervisor@disdukcapil.example.id", "supervisor-demo-2026"),
    "agency_admin": ("admin@disdukcapil.example.id", "admin-demo-2026"),
    "auditor": ("auditor@inspektorat.example.id", "auditor-demo-2026"),
    "super_admin": ("superadmin@satupintu.example.id", "superadmin-demo-2026"),
}


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP with HMAC-SHA-1."""
    secret = secret_b32.strip().replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % (10**digits)
    return str(code).zfill(digits)


def totp_secrets(demo_stdout: str) -> dict[str, str]:
    """Map each account e-mail to the TOTP secret printed on the line after it."""
    secrets: dict[str, str] = {}
    last_email = None
    for line in demo_stdout.splitlines():
        m = re.search(r"TOTP secret \(authenticator app\):\s*([A-Z2-7=]+)", line)
        if m and last_email:
            secrets[last_email] = m.group(1)
            continue
        emails = re.findall(r"[\w.+-]+@[\w.-]+\.\w+", line)
        if emails:
            last_email = emails[0]
    return secrets


def login(base: str, login_name: str, password: str, code: str | None) -> str:
    body = {"login": login_name, "password": password}
    if code is not None:
        body["totp"] = code
    req = urllib.request.Request(
        f"{base}/api/v1/auth/login",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.load(resp)["token"]
    except urllib.error.HTTPError as e:
        raise SystemExit(f"tokens.py: sign-in of {login_name} failed: {e.code} {e.read().decode(errors='replace')}")


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    base, demo_file = sys.argv[1].rstrip("/"), sys.argv[2]
    with open(demo_file, encoding="utf-8") as f:
        secrets = totp_secrets(f.read())
    for role, (name, password) in ACCOUNTS.items():
        if role in ("agency_admin", "super_admin") and name not in secrets:
            raise SystemExit(f"tokens.py: no TOTP secret for {name} in {demo_file}")
        # A code read just before a 30-second step ends can be stale on arrival: try the next one.
        for attempt in range(3):
            code = totp(secrets[name]) if name in secrets else None
            try:
                print(role, login(base, name, password, code))
                break
            except SystemExit:
                if code is None or attempt == 2:
                    raise
                time.sleep(2)


if __name__ == "__main__":
    main()
