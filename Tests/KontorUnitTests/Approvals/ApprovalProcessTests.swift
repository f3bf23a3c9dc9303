import KontorApprove
import KontorConfig
import KontorCore
import Testing

/// The approval lifecycle, state × event (STYLE.md 13): every state of a two-tier chain
/// (an any-of tier, then a two-person sequence) against every kind of event.
@Suite struct ApprovalProcessTests {
    static let ben = UserID("ben")!, dora = UserID("dora")!, anna = UserID("anna")!, olga = UserID("olga")!
    static let carl = UserID("carl")!, erik = UserID("erik")!

    static let route = ApprovalRoute(rule: "large", tiers: [
        ApprovalTier(name: "approver", mode: .anyOf, approvers: [.role(.approver), .role(.accountant)]),
        ApprovalTier(name: "owners", mode: .sequence, approvers: [.user(anna), .user(olga)]),
    ])

    enum StateName: String, CaseIterable, CustomTestStringConvertible {
        case tier1, tier2step1, tier2step2, approved, rejected, expired
        var testDescription: String { rawValue }
    }

    enum EventName: String, CaseIterable, CustomTestStringConvertible {
        case approveByEligible, rejectByEligible, approveBySubmitter, approveByIneligible, approveForbidden
        case approveAgainBySameUser, approveByDelegate, escalationDue, expiryDue
        var testDescription: String { rawValue }
    }

    /// The process in a given state (reached through events, not by setting it).
    static func process(in state: StateName) -> ApprovalProcess {
        var process = ApprovalProcess(route: route, submitter: carl, escalateTo: [.role(.owner)])
        func approve(_ user: UserID, _ role: Role) { _ = process.handle(.decision(.init(user: user, role: role), .approve)) }
        switch state {
        case .tier1: break
        case .tier2step1: approve(ben, .approver)
        case .tier2step2: approve(ben, .approver); approve(anna, .owner)
        case .approved: approve(ben, .approver); approve(anna, .owner); approve(olga, .owner)
        case .rejected: _ = process.handle(.decision(.init(user: ben, role: .approver), .reject))
        case .expired: _ = process.handle(.expiryDue)
        }
        return process
    }

    /// The one who may decide next in each waiting state.
    static func eligible(in state: StateName) -> ApprovalProcess.Decider {
        switch state {
        case .tier1: .init(user: dora, role: .accountant)
        case .tier2step1: .init(user: anna, role: .owner)
        default: .init(user: olga, role: .owner)
        }
    }

    static func event(_ name: EventName, in state: StateName) -> ApprovalProcess.Event {
        switch name {
        case .approveByEligible: .decision(eligible(in: state), .approve)
        case .rejectByEligible: .decision(eligible(in: state), .reject)
        case .approveBySubmitter: .decision(.init(user: carl, role: .approver), .approve)
        case .approveByIneligible: .decision(.init(user: erik, role: .auditor), .approve)
        case .approveForbidden: .decision(.init(user: eligible(in: state).user, role: eligible(in: state).role,
                                                forbidden: "limit too low"), .approve)
        case .approveAgainBySameUser: .decision(.init(user: ben, role: .approver), .approve)
        case .approveByDelegate:
            // erik (auditor) stands in for the absent eligible user.
            .decision(.init(user: erik, role: .auditor, standingInFor: [.init(user: eligible(in: state).user, role: eligible(in: state).role)]), .approve)
        case .escalationDue: .escalationDue
        case .expiryDue: .expiryDue
        }
    }

    /// What each pair must do: the action (by name) and the state after.
    static func expected(_ state: StateName, _ event: EventName) -> (action: String, after: String) {
        let final = [StateName.approved, .rejected, .expired].contains(state)
        if final {
            switch event {
            case .escalationDue, .expiryDue: return ("none", state.rawValue)
            default: return ("refuse:not-waiting", state.rawValue)
            }
        }
        let advance: (String, String) = switch state {
        case .tier1: ("waitFor", "tier2step1")
        case .tier2step1: ("waitFor", "tier2step2")
        default: ("post", "approved")
        }
        switch event {
        case .approveByEligible, .approveByDelegate: return advance
        case .rejectByEligible: return ("discard", "rejected")
        case .approveBySubmitter: return ("refuse:segregation-of-duties", state.rawValue)
        case .approveByIneligible: return ("refuse:not-eligible", state.rawValue)
        case .approveForbidden: return ("refuse:forbidden", state.rawValue)
        case .approveAgainBySameUser:
            // ben approved tier 1: in tier 2 he may not approve again; in tier 1 he is eligible.
            return state == .tier1 ? advance : ("refuse:already-decided", state.rawValue)
        case .escalationDue: return ("escalate", state.rawValue)
        case .expiryDue: return ("expire", "expired")
        }
    }

    static func name(of process: ApprovalProcess) -> String {
        switch process.state {
        case .waiting(0, _): "tier1"
        case .waiting(1, 0): "tier2step1"
        case .waiting(1, 1): "tier2step2"
        case .waiting: "other"
        case .approved: "approved"
        case .rejected: "rejected"
        case .expired: "expired"
        }
    }

    static func name(of action: ApprovalProcess.Action) -> String {
        switch action {
        case .waitFor: "waitFor"
        case .post: "post"
        case .discard: "discard"
        case .escalate: "escalate"
        case .expire: "expire"
        case .refuse(let refusal): "refuse:\(refusal.reason.rawValue)"
        case .none: "none"
        }
    }

    @Test("state × event", arguments: StateName.allCases, EventName.allCases)
    func transition(_ state: StateName, _ event: EventName) {
        var process = ApprovalProcessTests.process(in: state)
        #expect(ApprovalProcessTests.name(of: process) == state.rawValue, "setup reached \(state)")
        let before = process
        let action = process.handle(ApprovalProcessTests.event(event, in: state))
        let (expectedAction, expectedState) = ApprovalProcessTests.expected(state, event)
        #expect(ApprovalProcessTests.name(of: action) == expectedAction)
        #expect(ApprovalProcessTests.name(of: process) == expectedState)
        if expectedAction.hasPrefix("refuse") || expectedAction == "none" {
            #expect(process == before, "a refused or ignored event changes nothing")
        }
    }

    @Test func waitForNamesTheNextApprovers() {
        var process = ApprovalProcess(route: ApprovalProcessTests.route, submitter: nil, escalateTo: [.role(.owner)])
        #expect(process.start == .waitFor(tier: 0, approvers: [.role(.approver), .role(.accountant)]))
        #expect(process.handle(.decision(.init(user: ApprovalProcessTests.ben, role: .approver), .approve))
                == .waitFor(tier: 1, approvers: [.user(ApprovalProcessTests.anna)]))
        #expect(process.handle(.escalationDue) == .escalate(tier: 1, approvers: [.role(.owner)]))
        #expect(process.currentApprovers == [.user(ApprovalProcessTests.anna), .role(.owner)], "escalation adds the owners")
        #expect(process.handle(.escalationDue) == .none, "a tier escalates once")
        #expect(process.approvedBy == [ApprovalProcessTests.ben])
    }

    @Test func storedFormRoundTrips() throws {
        var process = ApprovalProcess(route: ApprovalProcessTests.route, submitter: ApprovalProcessTests.carl, escalateTo: [.role(.owner)])
        _ = process.handle(.decision(.init(user: ApprovalProcessTests.ben, role: .approver), .approve))
        _ = process.handle(.escalationDue)
        let decoded = try ApprovalProcess.decode(state: process.stateJSON, route: process.routeJSON, submitter: ApprovalProcessTests.carl)
        #expect(decoded == process)
    }
}
