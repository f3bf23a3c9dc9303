import Foundation
import KontorCore

extension UserDirectory {
    /// Parses `pipelines/users.yaml`. Roles and approval limits must name businesses of
    /// `businesses`; every key is checked (a PEM or JWK public key that parses, on its
    /// curve and bound to the algorithm it is written for; an HS256 secret only by
    /// reference, from an environment variable or a file outside `workspaceRoot`).
    public static func parse(yaml text: String, file: String = fileName, businesses: [BusinessProfile],
                             workspaceRoot: String) throws(KontorError) -> UserDirectory {
        let root = try ConfigDocument.root(of: text, file: file)
        let top = try ConfigMapping(root, what: "the users file", allowed: ["users"])
        guard let list = top.optional("users") else { return UserDirectory() }
        var users: [User] = []
        for node in try list.sequence(of: "users") {
            let user = try parseUser(node, businesses: businesses, workspaceRoot: workspaceRoot)
            if users.contains(where: { $0.id == user.id }) {
                throw node.error("user id '\(user.id)' is used twice", hint: "give every person one entry with their own id")
            }
            users.append(user)
        }
        for (user, node) in zip(users, try list.sequence(of: "users")) {
            guard let away = user.away else { continue }
            guard away.delegate != user.id, users.contains(where: { $0.id == away.delegate }) else {
                throw node.error("\(node.label).away.delegate '\(away.delegate)' is not another user of this file",
                                 hint: "name the id of the colleague who decides while \(user.id) is away")
            }
        }
        return UserDirectory(users: users)
    }

    private static func parseUser(_ node: ConfigNode, businesses: [BusinessProfile], workspaceRoot: String) throws(KontorError) -> User {
        let map = try ConfigMapping(node, what: "a user", allowed: ["id", "name", "email", "roles", "approval_limit", "away", "keys"])
        let id = try map.required("id", expected: "the user's id, used as iss in their decisions").userID()
        let name = try map.optional("name")?.nonEmptyString() ?? id.rawValue
        let email = try map.optional("email")?.nonEmptyString(expected: "an e-mail address")
        if let email, let at = map.optional("email"),
           email.filter({ $0 == "@" }).count != 1 || email.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7f || "<>(),;:\"[]\\".unicodeScalars.contains($0) }) {
            throw at.error("\(at.label) '\(email)' is not an e-mail address", hint: "write it as name@example.com")
        }
        func business(_ key: String, at node: ConfigNode) throws(KontorError) -> BusinessProfile {
            guard let profile = businesses.first(where: { $0.id.rawValue == key }) else {
                let known = businesses.map(\.id.rawValue).joined(separator: ", ")
                throw node.error("'\(key)' in \(node.label) is not a business of this workspace", hint: "known businesses: \(known)")
            }
            return profile
        }
        var roles: [BusinessID: Role] = [:]
        for (key, value) in try map.required("roles", expected: "a mapping business: role").entries(of: "business") {
            let profile = try business(key, at: value)
            let text = try value.nonEmptyString(expected: "a role")
            guard let role = Role(rawValue: text) else {
                var hint = "roles: " + Role.allCases.map(\.rawValue).joined(separator: ", ")
                if let close = Suggestion.closest(to: text, among: Role.allCases.map(\.rawValue)) { hint = "did you mean '\(close)'? " + hint }
                throw value.error("\(value.label) '\(text)' is not a role", hint: hint)
            }
            roles[profile.id] = role
        }
        var limits: [BusinessID: Money] = [:]
        if let node = map.optional("approval_limit") {
            for (key, value) in try node.entries(of: "business") {
                let profile = try business(key, at: value)
                guard let role = roles[profile.id], role.allows(.approve) else {
                    throw value.error("\(id) has an approval limit for \(key) but no role there that may approve",
                                      hint: "approval limits apply to accountants and approvers; remove it or give \(id) such a role")
                }
                limits[profile.id] = try value.amount(in: profile.baseCurrency)
            }
        }
        var away: User.Absence?
        if let node = map.optional("away") {
            let section = try ConfigMapping(node, what: "an absence", allowed: ["from", "until", "delegate"])
            let from = try section.required("from", expected: "the first day away, YYYY-MM-DD").date()
            let untilNode = try section.required("until", expected: "the last day away, YYYY-MM-DD")
            let until = try untilNode.date()
            guard from <= until else { throw untilNode.error("\(untilNode.label) \(until) is before from \(from)") }
            away = User.Absence(from: from, until: until, delegate: try section.required("delegate", expected: "a user id").userID())
        }
        var keys: [UserKey] = []
        if let node = map.optional("keys") {
            for element in try node.sequence(of: "keys") {
                let key = try parseKey(element, workspaceRoot: workspaceRoot)
                if let kid = key.id, keys.contains(where: { $0.id == kid }) {
                    throw element.error("key id '\(kid)' is used twice for \(id)", hint: "give each key its own id")
                }
                keys.append(key)
            }
        }
        return User(id: id, name: name, email: email, roles: roles, approvalLimits: limits, keys: keys, away: away,
                    position: node.position)
    }

    private static func parseKey(_ node: ConfigNode, workspaceRoot: String) throws(KontorError) -> UserKey {
        let map = try ConfigMapping(node, what: "a key", allowed: ["id", "alg", "public_key", "jwk", "secret_env", "secret_file"])
        let kid = try map.optional("id")?.nonEmptyString(expected: "a key id (the kid tokens name)")
        let algNode = try map.required("alg", expected: "EdDSA, ES256 or HS256: the one algorithm this key may sign with")
        let algText = try algNode.nonEmptyString()
        guard let alg = SignatureAlgorithm(rawValue: algText) else {
            throw algNode.error("\(algNode.label) '\(algText)' is not an accepted algorithm",
                                hint: algText.lowercased() == "none" ? "unsigned tokens are never accepted; use EdDSA, ES256 or HS256"
                                    : "use EdDSA (Ed25519 keys), ES256 (P-256 keys) or HS256 (a shared secret)")
        }
        let sources = ["public_key", "jwk", "secret_env", "secret_file"].filter { map.optional($0) != nil }
        guard sources.count == 1 else {
            throw node.error("\(node.label) must have exactly one of public_key, jwk, secret_env, secret_file (found \(sources.isEmpty ? "none" : sources.joined(separator: ", ")))",
                             hint: alg == .hs256 ? "HS256 keys name their secret: secret_env: VARIABLE or secret_file: /path/outside/the/workspace"
                                 : "paste the PEM printed by `kontor keys generate` under public_key: |")
        }
        let material: UserKey.Material
        switch sources[0] {
        case "public_key", "jwk":
            let source = map.optional(sources[0])!
            guard alg != .hs256 else {
                throw source.error("an HS256 key is a shared secret, not a public key", hint: "use secret_env or secret_file for HS256")
            }
            let parsed: Result<(SignatureAlgorithm, [UInt8]), KeyProblem>
            if sources[0] == "public_key" {
                parsed = PublicKeyText.pem(try source.string(expected: "a PEM public key"))
            } else {
                var members: [String: String] = [:]
                for (key, value) in try source.entries(of: "JWK member") { members[key] = try value.string() }
                if let declared = members["alg"], declared != alg.rawValue {
                    throw source.error("the JWK says alg \(declared) but the key is registered for \(alg)",
                                       hint: "a key is bound to one algorithm: make both say the same")
                }
                parsed = PublicKeyText.jwk(members)
            }
            switch parsed {
            case .failure(let problem):
                throw source.error("the key in \(source.label) \(problem.text)")
            case .success(let (keyAlg, raw)):
                guard keyAlg == alg else {
                    throw algNode.error("\(algNode.label) is \(alg) but the key is \(keyAlg == .eddsa ? "an Ed25519" : "a P-256") key (\(keyAlg))",
                                        hint: "write alg: \(keyAlg): each key is bound to the one algorithm of its type")
                }
                material = .publicKey(raw)
            }
        case "secret_env":
            let value = map.optional("secret_env")!
            guard alg == .hs256 else { throw value.error("secret_env is for HS256 keys; \(alg) keys are public keys") }
            let name = try value.nonEmptyString(expected: "an environment variable name")
            guard name.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 || ($0 >= 97 && $0 <= 122) }) else {
                throw value.error("\(value.label) '\(name)' is not an environment variable name", hint: "use letters, digits and _")
            }
            material = .secretEnvironment(name)
        default:
            let value = map.optional("secret_file")!
            guard alg == .hs256 else { throw value.error("secret_file is for HS256 keys; \(alg) keys are public keys") }
            let path = try value.nonEmptyString(expected: "an absolute path outside the workspace")
            guard path.hasPrefix("/") else {
                throw value.error("\(value.label) '\(path)' must be an absolute path", hint: "keep secrets outside the workspace, e.g. /etc/kontor/secrets/…")
            }
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            let rootResolved = URL(fileURLWithPath: workspaceRoot).standardizedFileURL.resolvingSymlinksInPath().path
            guard resolved != rootResolved, !resolved.hasPrefix(rootResolved + "/"), !path.hasPrefix(workspaceRoot + "/") else {
                throw value.error("\(value.label) '\(path)' lies inside the workspace: secrets never live in workspace files",
                                  hint: "move the secret outside \(workspaceRoot), or use secret_env")
            }
            material = .secretFile(path)
        }
        return UserKey(id: kid, algorithm: alg, material: material, position: node.position)
    }
}
