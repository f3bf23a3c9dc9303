import KontorCore

extension WorkspaceSettings {
    /// The workspace-relative name errors use for this file.
    public static let fileName = "pipelines/kontor.yaml"

    /// Parses the text of `pipelines/kontor.yaml`; `file` is the name errors show.
    public static func parse(yaml text: String, file: String = fileName) throws(KontorError) -> WorkspaceSettings {
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "the workspace settings",
                                    allowed: ["settle_seconds", "rescan_seconds", "limits", "schedules"])
        var settings = WorkspaceSettings()
        if let value = top.optional("settle_seconds") {
            settings.settleSeconds = Int(try value.integer(in: 1...3600, unit: "seconds"))
        }
        if let value = top.optional("rescan_seconds") {
            settings.rescanSeconds = Int(try value.integer(in: 1...86_400, unit: "seconds"))
        }
        if let value = top.optional("limits") {
            let limits = try ConfigMapping(value, what: "the limits", allowed: ["max_file_bytes"])
            if let bytes = limits.optional("max_file_bytes") {
                settings.limits.maxFileBytes = try bytes.byteSize(in: 1...(64 << 30))
            }
        }
        if let value = top.optional("schedules") {
            for element in try value.sequence(of: "report schedules") {
                let schedule = try ReportSchedule.parse(element)
                guard !settings.schedules.contains(where: { $0.id == schedule.id }) else {
                    throw element.error("two schedules are called '\(schedule.id)'", hint: "give every schedule its own id")
                }
                settings.schedules.append(schedule)
            }
        }
        return settings
    }
}

extension ConfigNode {
    /// A size in bytes: a whole number, or a number with `KiB`, `MiB` or `GiB`.
    func byteSize(in range: ClosedRange<Int64>) throws(KontorError) -> Int64 {
        let text = try string(expected: "a size in bytes")
        let units: [(suffix: String, shift: Int64)] = [("KiB", 10), ("MiB", 20), ("GiB", 30)]
        var number = text.trimmedSpaces
        var shift: Int64 = 0
        for unit in units where number.hasSuffix(unit.suffix) {
            number = String(number.dropLast(unit.suffix.count)).trimmedSpaces
            shift = unit.shift
        }
        let digits = number.filter { $0 != "_" }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(digits),
              value <= (Int64.max >> shift) else {
            throw error("\(label) must be a size such as 268435456 or 256 MiB, found '\(text)'",
                        hint: "write a number of bytes, optionally followed by KiB, MiB or GiB")
        }
        let bytes = value << shift
        guard range.contains(bytes) else {
            throw error("\(label) must be between \(range.lowerBound) bytes and \(range.upperBound >> 30) GiB, found \(text)",
                        hint: "choose a smaller size, such as 256 MiB")
        }
        return bytes
    }
}
