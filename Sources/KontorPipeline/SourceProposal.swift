import KontorConfig
import KontorCore
import KontorIntake
import KontorRead

/// `kontor pipelines detect FILE`: a bank CSV mapping proposed from a file's first bytes
/// (``MappingSniffer``), as the text of `pipelines/sources/<name>.yaml`, checked to load
/// and to recognize the file it came from; and saving it for review.
public struct SourceProposal: Sendable {
    public var name: String
    public var mapping: BankCSVMapping
    /// The YAML text, with comments on what was sniffed and what to review.
    public var yaml: String
    /// Existing mappings of `pipelines/sources/` that already recognize the file.
    public var alreadyMatching: [String]
    /// Why the proposal cannot be saved as it is (it does not load, or does not recognize
    /// its own file); nil when it can.
    public var problem: KontorError?

    /// Where `write` saves the proposal.
    public static func path(name: String, workspace: Workspace) -> String {
        workspace.sourcesDirectory + "/\(name).yaml"
    }

    /// Proposes a mapping for the file at `path`.
    ///
    /// - Parameters:
    ///   - name: the source's name (default: the file's stem, lower-cased, with characters
    ///     other than letters, digits, `-` and `_` turned into `-`).
    ///   - fallbackCurrency: the currency written when the file shows none (the business's
    ///     base currency), so the proposal loads; a comment says so.
    public static func propose(path: String, name: String?, configuration: Configuration,
                               fallbackCurrency: CurrencyCode?) throws(KontorError) -> SourceProposal {
        let prefix = try FileByteSource.prefix(of: path)
        let fileName = DurableFile.name(of: path)
        let sourceName = name ?? defaultName(for: fileName)
        try check(name: sourceName)
        guard !prefix.isEmpty else {
            throw KontorError(.badInput, "the file is empty: there is nothing to sniff", at: SourcePosition(file: fileName))
        }
        let format = FormatDetector.detect(prefix: prefix, fileName: fileName)
        guard ![.ofx, .camt053, .mt940, .zip, .gzip].contains(format) else {
            throw KontorError(.badInput, "this is \(format.rawValue), not a bank CSV: Kontor reads it without a mapping",
                              hint: "drop it into inbox/<business>/bank/ as it is", at: SourcePosition(file: fileName))
        }
        var mapping = MappingSniffer.propose(prefix: prefix, name: sourceName)
        mapping.label = "\(fileName) (proposed by kontor pipelines detect)"
        var comment = [
            "Proposed by `kontor pipelines detect` from \(fileName). Review every line before relying on it:",
            "the columns, the date format, the decimal separator and the sign of amounts in particular.",
            "Saved as pipelines/sources/\(sourceName).yaml, it makes files of this shape recognized in inbox/<business>/bank/.",
        ]
        if mapping.currency == nil, mapping.columns.currency == nil, let fallbackCurrency {
            mapping.currency = fallbackCurrency
            comment.append("currency: the file shows none; \(fallbackCurrency.code) is the business's base currency.")
        }
        let yaml = BankSourceMapping.yaml(for: mapping, comment: comment)
        let existing = configuration.sources.keys.sorted().compactMap { configuration.sources[$0] }
        let matching = BankCSVRecognizer.matching(prefix: prefix, among: existing).map(\.name)
        var problem: KontorError?
        do {
            let parsed = try BankSourceMapping.parse(yaml: yaml, name: sourceName)
            let cells = BankCSVRecognizer.headerCells(prefix: prefix, mapping: parsed) ?? []
            if !parsed.matches(headerCells: cells) {
                problem = KontorError(.badInput, "the proposed mapping does not recognize its own file",
                                      hint: "write the mapping by hand (docs/bank-csv-mappings.md), starting from this proposal")
            }
        } catch {
            problem = KontorError(.badInput, "the proposed mapping would not load: \(error.message)",
                                  hint: "fix the proposal by hand (docs/bank-csv-mappings.md) and save it as pipelines/sources/\(sourceName).yaml")
        }
        return SourceProposal(name: sourceName, mapping: mapping, yaml: yaml, alreadyMatching: matching, problem: problem)
    }

    /// Saves the proposal as `pipelines/sources/<name>.yaml` (atomically). Refuses to
    /// overwrite an existing file, to save a proposal that does not load, and to save one
    /// for a file an existing mapping already recognizes (two matching mappings make the
    /// file ambiguous) — the last two unless `force`.
    public func write(workspace: Workspace, force: Bool) throws(KontorError) -> String {
        let target = SourceProposal.path(name: name, workspace: workspace)
        if let problem { throw problem }
        if DurableFile.exists(target) && !force {
            throw KontorError(.usage, "pipelines/sources/\(name).yaml exists already; not overwritten",
                              hint: "choose another --name, or pass --force to replace it")
        }
        if !alreadyMatching.filter({ $0 != name }).isEmpty && !force {
            throw KontorError(.usage, "this file is already recognized by pipelines/sources/\(alreadyMatching.filter { $0 != name }.joined(separator: ".yaml, ")).yaml; a second mapping would make it ambiguous",
                              hint: "edit the existing mapping instead, or pass --force to save this one anyway")
        }
        try DurableFile.makeDirectory(workspace.sourcesDirectory)
        try DurableFile.write(yaml, to: target)
        return target
    }

    /// A source name from a file name: the stem, lower-cased, other characters as `-`.
    static func defaultName(for fileName: String) -> String {
        var stem = Substring(fileName)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        var name = ""
        for character in stem.lowercased() {
            let allowed = character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_")
            let next: Character = allowed ? character : "-"
            if next == "-" && name.hasSuffix("-") { continue }
            name.append(next)
        }
        while name.hasPrefix("-") { name.removeFirst() }
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? "bank" : String(name.prefix(64))
    }

    static func check(name: String) throws(KontorError) {
        let valid = !name.isEmpty && name.utf8.count <= 64 && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard valid else {
            throw KontorError(.usage, "'\(name)' is not a source name: use letters, digits, '-' and '_' (at most 64)",
                              hint: "for example --name my-bank")
        }
    }
}
