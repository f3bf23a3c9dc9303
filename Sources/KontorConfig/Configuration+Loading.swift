import KontorCore

extension Configuration {
    /// Loads and validates `pipelines/` of `workspace`: `kontor.yaml` (optional: defaults
    /// when absent), `categories.yaml` (required) and every `businesses/<id>.yaml`.
    ///
    /// Every error is a ``KontorError`` with code `.config` that names the file
    /// (workspace-relative), line, column and key path, and says what was expected.
    public static func load(workspace: Workspace) throws(KontorError) -> Configuration {
        let files = ConfigFiles(workspace: workspace)
        var settings = WorkspaceSettings.default
        if let text = try files.textIfPresent(WorkspaceSettings.fileName) {
            settings = try WorkspaceSettings.parse(yaml: text, file: WorkspaceSettings.fileName)
        }
        let catalogText = try files.text(CategoryCatalog.fileName)
        let catalog = try CategoryCatalog.parse(yaml: catalogText, file: CategoryCatalog.fileName)
        var businesses: [BusinessProfile] = []
        for (id, name) in try files.businessFiles() {
            let text = try files.text(name)
            businesses.append(try BusinessProfile.parse(yaml: text, id: id, file: name, catalog: catalog))
        }
        var configuration = Configuration(settings: settings, businesses: businesses, catalog: catalog)
        for (name, file) in try files.yamlFiles(in: BankSourceMapping.directory) {
            configuration.sources[name] = try BankSourceMapping.parse(yaml: try files.text(file), name: name, file: file)
        }
        for business in configuration.businesses {
            for binding in business.bankAccounts {
                guard let source = binding.source, configuration.sources[source] == nil else { continue }
                throw KontorError(.config, "bank account \(binding.id) of business \(business.id) names source '\(source)', but \(BankSourceMapping.directory)/\(source).yaml does not exist",
                                  hint: "write that mapping (kontor pipelines detect FILE --name \(source) --write), or correct bank_accounts[].source",
                                  at: SourcePosition(file: "pipelines/businesses/\(business.id).yaml", path: "bank_accounts"))
            }
        }
        var ids = Set<String>()
        for (_, file) in try files.yamlFiles(in: "pipelines/rules") {
            for rule in try RuleFile.parse(yaml: try files.text(file), file: file, configuration: configuration) {
                guard ids.insert(rule.id).inserted else {
                    throw KontorError(.config, "rule id '\(rule.id)' is used twice", hint: "give every rule its own id",
                                      at: rule.position)
                }
                configuration.rules.append(rule)
            }
        }
        try configuration.loadApprovals(files)
        return configuration
    }

    /// `users.yaml` and `policies/<business>.yaml` (see docs/approvals.md).
    private mutating func loadApprovals(_ files: ConfigFiles) throws(KontorError) {
        if let text = try files.textIfPresent(UserDirectory.fileName) {
            users = try UserDirectory.parse(yaml: text, businesses: businesses, workspaceRoot: files.workspace.root)
        }
        for (name, file) in try files.yamlFiles(in: ApprovalPolicy.directory) {
            guard let id = BusinessID(name), let profile = business(id) else {
                throw KontorError(.config, "\(file) names no business of this workspace",
                                  hint: "name policy files <business>.yaml after pipelines/businesses/", at: SourcePosition(file: file))
            }
            policies[id] = try ApprovalPolicy.parse(yaml: try files.text(file), file: file, business: profile,
                                                    catalog: categories(for: id), users: users)
        }
    }
}
