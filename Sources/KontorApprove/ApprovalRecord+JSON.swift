import KontorConfig
import KontorCore

/// The stored form of a request's lifecycle (the store keeps it as JSON text, so the
/// store module needs no approval types).
extension ApprovalProcess {
    public var stateJSON: JSONValue {
        var object: [String: JSONValue] = [
            "state": .string(stateName),
            "approved_by": .array(approvedBy.map { .string($0.rawValue) }),
            "escalated_tiers": .array(escalatedTiers.sorted().map { .int(Int64($0)) }),
        ]
        if case .waiting(let tier, let step) = state {
            object["tier"] = .int(Int64(tier))
            object["step"] = .int(Int64(step))
        }
        return .object(object)
    }

    /// Rebuilds a lifecycle from ``stateJSON`` and ``ApprovalRoute/json``.
    public static func decode(state: JSONValue, route: JSONValue, submitter: UserID?) throws(KontorError) -> ApprovalProcess {
        let decoded = try ApprovalRoute.decode(route)
        let name = state["state"]?.stringValue
        let parsed: State
        switch name {
        case "waiting":
            guard case .int(let tier)? = state["tier"], case .int(let step)? = state["step"], tier >= 0, tier < decoded.route.tiers.count,
                  step >= 0, step < decoded.route.tiers[Int(tier)].approvers.count
            else { throw KontorError(.internal, "a stored approval state is damaged") }
            parsed = .waiting(tier: Int(tier), step: Int(step))
        case "approved": parsed = .approved
        case "rejected": parsed = .rejected
        case "expired": parsed = .expired
        default: throw KontorError(.internal, "a stored approval state is damaged")
        }
        let approved = (state["approved_by"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(UserID.init) }
        let escalated = Set((state["escalated_tiers"]?.arrayValue ?? []).compactMap { value -> Int? in
            if case .int(let tier) = value { Int(tier) } else { nil }
        })
        return ApprovalProcess(route: decoded.route, submitter: submitter, escalateTo: decoded.escalateTo, state: parsed,
                               approvedBy: approved, escalatedTiers: escalated)
    }

    /// The route and escalation targets, as stored.
    public var routeJSON: JSONValue {
        var object = route.json.objectValue ?? [:]
        object["escalate_to"] = .array(escalateTo.map { .string($0.description) })
        return .object(object)
    }
}

extension ApprovalRoute {
    public var json: JSONValue {
        .object([
            "rule": .string(rule),
            "tiers": .array(tiers.map { tier in
                .object(["name": .string(tier.name), "mode": .string(tier.mode.rawValue),
                         "approvers": .array(tier.approvers.map { .string($0.description) })])
            }),
        ])
    }

    static func decode(_ value: JSONValue) throws(KontorError) -> (route: ApprovalRoute, escalateTo: [Approver]) {
        let damaged = KontorError(.internal, "a stored approval route is damaged")
        guard let rule = value["rule"]?.stringValue, let tiers = value["tiers"]?.arrayValue else { throw damaged }
        var parsed: [ApprovalTier] = []
        for tier in tiers {
            guard let name = tier["name"]?.stringValue, let mode = tier["mode"]?.stringValue.flatMap(ApprovalTier.Mode.init(rawValue:)),
                  let approvers = tier["approvers"]?.arrayValue?.compactMap({ $0.stringValue.flatMap(Approver.init) }), !approvers.isEmpty
            else { throw damaged }
            parsed.append(ApprovalTier(name: name, mode: mode, approvers: approvers))
        }
        guard !parsed.isEmpty else { throw damaged }
        let escalateTo = (value["escalate_to"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(Approver.init) }
        return (ApprovalRoute(rule: rule, tiers: parsed), escalateTo)
    }
}
