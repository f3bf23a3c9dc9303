#!/usr/bin/env python3
"""Writes the hostile inbox files of the hostile-input tests into OUTDIR.

    python3 Tests/Fixtures/hostile/make-hostile.py OUTDIR

Generated rather than committed: the zip bomb and the 2 GB sparse file are made here in a
second from a few bytes of script, and the archives with '../' names, absolute names and
symbolic links are crafted with Python's zipfile/tarfile, which write such entries on
request (Kontor's own ArchiveWriter refuses to). Every name is deterministic.
"""
import io
import os
import random
import sys
import tarfile
import zipfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
overlap = os.path.join(here, "..", "overlap")


def write(name, data):
    with open(os.path.join(out, name), "wb") as handle:
        handle.write(data)


ofx = open(os.path.join(overlap, "2026-01.ofx"), "rb").read()
camt = open(os.path.join(overlap, "2026-01.camt053.xml"), "rb").read()
CAMT_NS = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'

# XML external entity: would read /etc/passwd into the message id.
write("xxe.camt053.xml",
      b'<?xml version="1.0" encoding="UTF-8"?>\n'
      b'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
      + CAMT_NS + b"<BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>\n")

# Billion laughs: ten levels of ten-fold entity expansion (10^9 'lol's).
entities = b'<!ENTITY lol0 "lol">' + b"".join(
    b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%d;" % (level - 1) for _ in range(10))) for level in range(1, 10))
write("billion-laughs.camt053.xml",
      b'<?xml version="1.0"?>\n<!DOCTYPE Document [' + entities + b"]>\n"
      + CAMT_NS + b"<BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>\n")

# Deep nesting: 100,000 nested elements inside a statement.
depth = 100_000
write("deep.camt053.xml",
      b'<?xml version="1.0"?>\n' + CAMT_NS + b"<BkToCstmrStmt><Stmt>" + b"<Ntry>" * depth + b"</Ntry>" * depth
      + b"</Stmt></BkToCstmrStmt></Document>\n")

# Deep nesting in OFX 1 SGML.
write("deep.ofx", ofx.split(b"<OFX>")[0] + b"<OFX>" + b"<STMTRS>" * depth + b"</OFX>\r\n")

# Truncated statements: cut in the middle of a transaction.
write("truncated.ofx", ofx[: len(ofx) * 2 // 3])
write("truncated.camt053.xml", camt[: len(camt) * 2 // 3])

# Binary garbage with an .ofx name.
rng = random.Random(20261126)
write("garbage.ofx", bytes(rng.randrange(256) for _ in range(64 * 1024)))

# A 2 GB sparse file (no blocks on disk) with an .ofx name.
with open(os.path.join(out, "sparse.ofx"), "wb") as handle:
    handle.truncate(2 << 30)


def zip_bytes(entries):
    """entries: (ZipInfo or name, bytes or chunk-iterator)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if not isinstance(info, zipfile.ZipInfo):
                info = zipfile.ZipInfo(info, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(data, bytes):
                archive.writestr(info, data)
            else:
                with archive.open(info, "w", force_zip64=True) as member:
                    for chunk in data:
                        member.write(chunk)
    return buffer.getvalue()


def zeros(total, chunk=1 << 20):
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


# Zip bomb: some 300 KB that inflate to 320 MiB of zeros (caps: 64 MiB an entry, 256 MiB in all).
write("bomb.zip", zip_bytes([("statement.ofx", zeros(320 << 20))]))

# A good member first, then one whose name climbs out with '../'.
write("traversal.zip", zip_bytes([("good.ofx", ofx), ("../../evil.ofx", ofx)]))

# A symbolic link entry in a zip (Unix mode in the external attributes).
link = zipfile.ZipInfo("link.ofx", date_time=(2026, 1, 1, 0, 0, 0))
link.create_system = 3
link.external_attr = (0o120777 << 16)
write("symlink.zip", zip_bytes([(link, b"/etc/passwd")]))


def tar_gz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT) as archive:
        for info, data in members:
            info.mtime = 1767225600
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def regular(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


absolute = regular("/tmp/kontor-absolute-evil.ofx", ofx)
write("absolute.tar.gz", tar_gz([absolute]))
symlink = tarfile.TarInfo("passwd.ofx")
symlink.type = tarfile.SYMTYPE
symlink.linkname = "/etc/passwd"
write("symlink.tar.gz", tar_gz([regular("good.ofx", ofx), (symlink, None)]))
write("traversal.tar.gz", tar_gz([regular("../evil.ofx", ofx)]))
