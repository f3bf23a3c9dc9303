import ArgumentParser
import Foundation
import KontorApprove
import KontorConfig
import KontorCore
import KontorPipeline
import KontorStore

/// What `approve` and `reject` share: sign a decision with the user's key and drop it
/// atomically into `inbox/<business>/approvals/`.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The approval request id (e.g. EXP-000001; see kontor approvals list).")
    var id: String
    @Option(help: "Who decides: a user of pipelines/users.yaml (default: $KONTOR_USER).")
    var user: String?
    @Option(help: "The private key or HS256 secret file to sign with (default: ~/.config/kontor/keys/<user>.key, $KONTOR_KEYS/<user>.key).",
            completion: .file())
    var key: String?
    @Option(help: "How long the signed decision stays valid, in seconds (at most 30 days).")
    var expiresIn: Int64 = 7 * 86_400

    func drop(_ verdict: Verdict, comment: String?) throws {
        let (workspace, configuration, business) = try global.resolve()
        guard let userText = user ?? KeyFiles.environment("KONTOR_USER") else {
            throw KontorError(.usage, "who decides? pass --user ID or set KONTOR_USER")
        }
        guard let userID = UserID(userText), let person = configuration.users[userID] else {
            throw KontorError(.forbidden, "'\(userText)' is not a user of \(UserDirectory.fileName)", hint: "add them there with a role and a public key")
        }
        guard (1...DecisionClaims.maximumLifetimeSeconds).contains(expiresIn) else {
            throw KontorError(.usage, "--expires-in must be between 1 and \(DecisionClaims.maximumLifetimeSeconds) seconds")
        }
        let store = try global.openStore(workspace)
        guard let request = try store.approval(business: business.id, id: id) else {
            throw KontorError(.notFound, "there is no approval request '\(id)' in business \(business.id)", hint: "kontor approvals list shows them")
        }
        guard request.status == "waiting" else {
            throw KontorError(.conflict, "approval request \(id) is already \(request.status)", hint: "kontor approvals show \(id) has its history")
        }
        try configuration.users.check(.approve, by: userID, in: business.id, amount: verdict == .approve ? request.amount : nil)
        // The key: the user's registered key whose algorithm matches the key file.
        let signing: SigningKey
        if let key {
            signing = try SigningKey.read(try KeyFiles.read(key), algorithm: nil)
        } else {
            let path = try KeyFiles.defaultPath(for: userID)
            if DurableFile.exists(path) {
                signing = try SigningKey.read(try KeyFiles.read(path), algorithm: nil)
            } else if let shared = person.keys.first(where: { $0.algorithm == .hs256 }), let secret = DecisionOptions.secret(shared) {
                signing = .hmac(secret)
            } else {
                throw KontorError(.notFound, "no key for \(userID): \(path) does not exist",
                                  hint: "pass --key PATH, or generate one with kontor keys generate --user \(userID) and register it")
            }
        }
        guard let registered = person.keys.first(where: { $0.algorithm == signing.algorithm && signing.matches($0) }) else {
            throw KontorError(.usage, "the key does not match any \(signing.algorithm) key registered for \(userID)",
                              hint: "register its public key (kontor keys generate prints it) or pass --key with the right file")
        }
        let now = Int64(Date().timeIntervalSince1970)
        let jti = UUID().uuidString.lowercased()
        let claims = DecisionClaims(item: id, verdict: verdict, comment: comment, issuer: userID, business: business.id, issuedAt: now,
                                    expiresAt: now + expiresIn, tokenID: jti, keyID: registered.id, algorithm: signing.algorithm)
        // What the pipeline will decide, checked before signing: a decision the chain
        // would refuse (not this user's tier, their own item, already decided) is not made.
        let record = try Pipeline.approvalRecord(request)
        var process = record.process
        let decider = Pipeline.decider(claims, record: record, users: configuration.users, business: business.id,
                                       today: Pipeline.day(of: now * 1_000_000_000))
        if case .refuse(let refusal) = process.handle(.decision(decider, verdict)) { throw refusal.error }
        let token = try signing.token(for: claims, keyID: registered.id)
        let directory = workspace.inbox(business.id, .approvals)
        try DurableFile.makeDirectory(directory)
        let name = "\(id)-\(verdict.rawValue)-\(userID)-\(jti.prefix(8)).jwt"
        try DurableFile.write(token + "\n", to: directory + "/." + name + ".part")
        try DurableFile.move(directory + "/." + name + ".part", to: directory + "/" + name)
        Terminal.print("""
            \(verdict == .approve ? "approval" : "rejection") of \(id) signed by \(userID) (\(signing.algorithm)\(registered.id.map { ", kid \($0)" } ?? ""))
            dropped into \(workspace.relative(directory + "/" + name))
            kontor run --once (or the running daemon) applies it
            """)
    }

    static func secret(_ key: UserKey) -> [UInt8]? {
        switch key.material {
        case .secretEnvironment(let name): KeyFiles.environment(name).map { Array($0.utf8) }
        case .secretFile(let path): try? KeyFiles.read(path)
        case .publicKey: nil
        }
    }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a waiting request: sign a decision with your key into the inbox.")

    @OptionGroup var options: DecisionOptions
    @Option(help: "A comment kept in the request's history.")
    var comment: String?

    func run() throws { try options.drop(.approve, comment: comment) }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a waiting request: sign a decision with your key into the inbox.")

    @OptionGroup var options: DecisionOptions
    @Option(help: "Why (required; kept in the request's history and shown to the submitter).")
    var comment: String

    func run() throws { try options.drop(.reject, comment: comment) }
}
