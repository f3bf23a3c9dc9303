import Foundation
import KontorCore

/// Reads the files of `pipelines/`, by workspace-relative name.
struct ConfigFiles {
    let workspace: Workspace

    /// The UTF-8 text of a file that must exist.
    func text(_ name: String) throws(KontorError) -> String {
        guard let text = try textIfPresent(name) else {
            throw KontorError(.config, "\(name) is missing", hint: "create it; the Kontor repository's pipelines/ has an example",
                              at: SourcePosition(file: name))
        }
        return text
    }

    /// The UTF-8 text of a file; nil when it does not exist.
    func textIfPresent(_ name: String) throws(KontorError) -> String? {
        let path = workspace.root + "/" + name
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else {
            throw KontorError(.config, "\(name) is a directory, expected a YAML file", at: SourcePosition(file: name))
        }
        let data: Data
        do {
            let size = try manager.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            guard size <= ConfigDocument.maximumBytes else {
                throw KontorError(.config, "\(name) is \(size) bytes; configuration files may be at most \(ConfigDocument.maximumBytes) bytes",
                                  hint: "check that this is the intended file", at: SourcePosition(file: name))
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as KontorError {
            throw error
        } catch {
            throw KontorError(.io, "cannot read \(name)", hint: "check the file's permissions",
                              at: SourcePosition(file: name), cause: String(describing: error))
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw KontorError(.config, "\(name) is not UTF-8 text", hint: "save the file as UTF-8", at: SourcePosition(file: name))
        }
        return text
    }

    /// The `.yaml` files of a directory under the workspace (`pipelines/sources`), sorted,
    /// as (stem, relative name); an absent directory has none.
    func yamlFiles(in directory: String) throws(KontorError) -> [(String, String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: workspace.root + "/" + directory)
        } catch {
            guard FileManager.default.fileExists(atPath: workspace.root + "/" + directory) else { return [] }
            throw KontorError(.io, "cannot list \(directory)", hint: "check the directory's permissions",
                              at: SourcePosition(file: directory), cause: String(describing: error))
        }
        // `acme.yml` would be skipped without a word — for an approval policy, everything would
        // then be approved at once — so a YAML file not named `.yaml` is an error.
        if let misnamed = names.sorted().first(where: { name in
            !name.hasPrefix(".") && !name.hasSuffix(".yaml") && [".yml", ".yaml"].contains { name.lowercased().hasSuffix($0) }
        }) {
            let stem = misnamed.lowercased().hasSuffix(".yml") ? misnamed.dropLast(4) : misnamed.dropLast(5)
            throw KontorError(.config, "\(directory)/\(misnamed) would not be read: Kontor reads files named <name>.yaml",
                              hint: "rename it to \(stem).yaml", at: SourcePosition(file: directory + "/" + misnamed))
        }
        return names.sorted().filter { !$0.hasPrefix(".") && $0.hasSuffix(".yaml") }
            .map { (String($0.dropLast(5)), directory + "/" + $0) }
    }

    /// The business files in `pipelines/businesses/`, sorted by id, as (id, relative name).
    /// Hidden files are ignored; anything else that is not `<id>.yaml` is an error.
    func businessFiles() throws(KontorError) -> [(BusinessID, String)] {
        let directory = "pipelines/businesses"
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: workspace.businessesDirectory)
        } catch {
            guard FileManager.default.fileExists(atPath: workspace.businessesDirectory) else { return [] }
            throw KontorError(.io, "cannot list \(directory)", hint: "check the directory's permissions",
                              at: SourcePosition(file: directory), cause: String(describing: error))
        }
        var result: [(BusinessID, String)] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let relative = directory + "/" + name
            guard name.hasSuffix(".yaml") else {
                throw KontorError(.config, "\(relative) is not a business profile: expected files named <id>.yaml",
                                  hint: name.hasSuffix(".yml") ? "rename it to \(name.dropLast(4)).yaml" : "move it out of \(directory)/",
                                  at: SourcePosition(file: relative))
            }
            let stem = String(name.dropLast(5))
            guard let id = BusinessID(stem) else {
                throw KontorError(.config, "'\(stem)' is not a valid business id",
                                  hint: "name the file with lower-case letters, digits, '-' and '_' (at most 64), such as acme.yaml",
                                  at: SourcePosition(file: relative))
            }
            result.append((id, relative))
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
