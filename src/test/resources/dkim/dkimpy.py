"""Sign or verify with dkimpy (Debian python3-dkim), an independent DKIM implementation, for interop tests.

verify <message> <txt-file>             prints pass or fail; the TXT value is served for any selector
sign <message> <selector> <domain> <key-file> <rsa-sha256|ed25519-sha256>   writes the signed message
"""
import sys

import dkim

mode = sys.argv[1]
with open(sys.argv[2], "rb") as f:
    message = f.read()
if mode == "verify":
    with open(sys.argv[3], "rb") as f:
        txt = f.read()
    ok = dkim.verify(message, dnsfunc=lambda name, timeout=5: txt)
    print("pass" if ok else "fail")
else:
    selector, domain, key_file, algorithm = sys.argv[3:7]
    with open(key_file, "rb") as f:
        key = f.read()
    signature = dkim.sign(message, selector.encode(), domain.encode(), key,
                          canonicalize=(b"relaxed", b"relaxed"),
                          include_headers=[b"from", b"to", b"subject"],
                          signature_algorithm=algorithm.encode())
    sys.stdout.buffer.write(signature + message)
