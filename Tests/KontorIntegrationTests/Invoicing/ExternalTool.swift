import Foundation

/// Runs an external checker (the UBL validator, poppler's tools) and collects its output.
enum ExternalTool {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `../shared/eval/validate-ubl.sh`, beside the package (as in CI).
    static var ubl: String { InvoiceWorkspace.packageRoot + "/../shared/eval/validate-ubl.sh" }

    static var hasUBLValidator: Bool { FileManager.default.isExecutableFile(atPath: ubl) }
    static var hasPoppler: Bool {
        ["/usr/bin/pdftotext", "/usr/bin/pdffonts", "/usr/bin/pdftoppm"].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/kontor-invoice-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
