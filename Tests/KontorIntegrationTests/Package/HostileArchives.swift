import Foundation

/// Makes hostile archives at test time with Python's `zipfile` and `tarfile`, which (unlike
/// Kontor's writer) will happily write links, `..` names and bombs. Bombs are streamed:
/// nothing near their unpacked size is ever held in memory or written to disk.
enum HostileArchives {
    /// `python3` is needed; tests using these fixtures are disabled without it.
    static var available: Bool { PackageTools.python != nil }

    /// One entry of a zip or tar made by ``zip(_:at:)`` / ``tarGz(_:at:)``.
    struct Entry: Encodable {
        var name: String
        var type = "file"
        var data = ""
        var target = ""
    }

    static func zip(_ entries: [Entry], at path: String) throws { try python("zip", path, entries) }
    static func tarGz(_ entries: [Entry], at path: String) throws { try python("tar", path, entries) }

    /// A zip with one deflated entry of `size` zero bytes. With `claimedSize`, the sizes in
    /// its local header and central directory are patched to lie.
    static func zipBomb(size: Int, claimedSize: Int? = nil, at path: String) throws {
        try python("zipbomb", path, [Entry(name: "zeros.bin", data: "\(size)", target: claimedSize.map(String.init) ?? "")])
    }

    /// A gzip-compressed tar with one entry of `size` zero bytes.
    static func tarBomb(size: Int, at path: String) throws {
        try python("tarbomb", path, [Entry(name: "zeros.bin", data: "\(size)")])
    }

    private static func python(_ mode: String, _ path: String, _ entries: [Entry]) throws {
        guard let python = PackageTools.python else { throw PackageTools.ToolMissing(name: "python3") }
        let spec = String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
        let run = try PackageTools.run(python, ["-c", script, mode, path, spec])
        guard run.status == 0 else { throw PackageTools.ToolFailed(output: run.output) }
    }

    private static let script = #"""
    import io, json, struct, sys, tarfile, zipfile
    mode, out, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

    class Zeros(io.RawIOBase):
        def __init__(self, n): self.left = n
        def readable(self): return True
        def readinto(self, b):
            n = min(len(b), self.left); b[:n] = bytes(n); self.left -= n; return n

    if mode == "zip":
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for e in spec:
                info = zipfile.ZipInfo(e["name"])
                info.create_system = 3
                if e["type"] == "symlink":
                    info.external_attr = 0o120777 << 16
                    z.writestr(info, e["target"])
                else:
                    info.external_attr = 0o100644 << 16
                    z.writestr(info, e["data"])
    elif mode == "tar":
        with tarfile.open(out, "w:gz") as t:
            for e in spec:
                info = tarfile.TarInfo(e["name"])
                data = e["data"].encode()
                kind = e["type"]
                if kind == "symlink": info.type = tarfile.SYMTYPE; info.linkname = e["target"]
                elif kind == "hardlink": info.type = tarfile.LNKTYPE; info.linkname = e["target"]
                elif kind == "dir": info.type = tarfile.DIRTYPE
                elif kind == "chardev": info.type = tarfile.CHRTYPE; info.devmajor = 1; info.devminor = 3
                else: info.size = len(data)
                t.addfile(info, io.BytesIO(data) if kind == "file" else None)
    elif mode == "zipbomb":
        size = int(spec[0]["data"]); chunk = bytes(1 << 20)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            with z.open(spec[0]["name"], "w") as f:
                for _ in range(size >> 20): f.write(chunk)
        if spec[0]["target"]:
            claimed = int(spec[0]["target"])
            blob = bytearray(open(out, "rb").read())
            assert blob[0:4] == b"PK\x03\x04" and not blob[6] & 8
            struct.pack_into("<I", blob, 22, claimed)
            central = blob.rindex(b"PK\x01\x02")
            struct.pack_into("<I", blob, central + 24, claimed)
            open(out, "wb").write(blob)
    elif mode == "tarbomb":
        size = int(spec[0]["data"])
        with tarfile.open(out, "w:gz", compresslevel=1) as t:
            info = tarfile.TarInfo(spec[0]["name"]); info.size = size
            t.addfile(info, io.BufferedReader(Zeros(size), 1 << 20))
    """#
}
