"""Verifies every DKIM-Signature of a message with dkimpy (Debian python3-dkim), an implementation independent of
the mail servers that signed it, looking each public key up at one DNS server only (the test's BIND).

usage: dkim-verify.py <dns-port> <message-file>
prints one line per signature, in header order: pass|fail d=<domain> s=<selector> a=<algorithm>
"""
import sys

import dkim
import dkim.util
import dns.resolver

resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = ["127.0.0.1"]
resolver.port = int(sys.argv[1])
resolver.lifetime = 10
resolver.use_edns(0, 0, 4096)


def txt(name, timeout=5):
    name = name.decode("ascii") if isinstance(name, bytes) else name
    try:
        answer = resolver.resolve(name, "TXT", tcp=False, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return None
    if answer.rrset is None:
        return None
    return b"".join(answer.rrset[0].strings)


with open(sys.argv[2], "rb") as f:
    message = f.read()
checker = dkim.DKIM(message)
signatures = [value for (name, value) in checker.headers if name.lower() == b"dkim-signature"]
for index, value in enumerate(signatures):
    tags = dkim.util.parse_tag_value(value)
    try:
        ok = checker.verify(idx=index, dnsfunc=txt)
    except dkim.DKIMException as e:
        sys.stderr.write("signature %d: %s\n" % (index, e))
        ok = False
    print("%s d=%s s=%s a=%s" % ("pass" if ok else "fail", tags.get(b"d", b"").decode(),
                                 tags.get(b"s", b"").decode(), tags.get(b"a", b"").decode()))
