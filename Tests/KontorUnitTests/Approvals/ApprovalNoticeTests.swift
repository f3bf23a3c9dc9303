import Foundation
import KontorApprove
import KontorConfig
import KontorCore
import Testing

/// The queued e-mail: RFC 5322 headers, nothing from an inbox file can add a header.
@Suite struct ApprovalNoticeTests {
    static func record(vendor: String) -> ApprovalRecord {
        let item = ApprovalItem(kind: .expense, business: BusinessID("acme")!, recordID: "exp:1",
                                amount: Money(minorUnits: 1_200_000, currency: CurrencyCode("EUR")!), date: LocalDate(iso: "2026-11-24")!,
                                vendor: vendor, description: "Centrifuge")
        let route = ApprovalRoute(rule: "large", tiers: [ApprovalTier(name: "approver", mode: .anyOf, approvers: [.role(.approver)])])
        return ApprovalRecord(id: "EXP-000001", item: item, process: ApprovalProcess(route: route, submitter: nil, escalateTo: []),
                              createdAt: 0, waitingSince: 0, history: [.init(event: "requested", at: 0)])
    }

    static let ben = User(id: UserID("ben")!, name: "Bén Brandt", email: "ben@acme.example", roles: [BusinessID("acme")!: .approver])

    @Test func headers() throws {
        // 2026-11-26T14:00:00Z is a Thursday.
        let notice = ApprovalNotice(record: Self.record(vendor: "LabSource"), recipient: Self.ben, reason: "waiting",
                                    at: 1_795_701_600 * 1_000_000_000)
        let text = String(decoding: try #require(notice.eml), as: UTF8.self)
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(headers.contains("Date: Thu, 26 Nov 2026 14:00:00 +0000"))
        #expect(headers.contains("To: =?UTF-8?B?QsOpbiBCcmFuZHQ=?= <ben@acme.example>"))
        #expect(headers.contains("Content-Transfer-Encoding: base64"))
        #expect(headers.contains { $0.hasPrefix("Subject: =?UTF-8?B?") }, "the subject's dash is not ASCII")
        #expect(notice.fileName == "EXP-000001-1-ben.eml")
    }

    @Test func aVendorCannotInjectHeaders() throws {
        let notice = ApprovalNotice(record: Self.record(vendor: "Evil\r\nBcc: all@example.com"), recipient: Self.ben, reason: "escalated", at: 0)
        let text = String(decoding: try #require(notice.eml), as: UTF8.self)
        #expect(!text.contains("\r\nBcc:") && !text.contains("\nBcc:"))
        #expect(notice.subject.hasPrefix("Escalated: Approval needed: EXP-000001"))
    }

    @Test func noAddressNoMessage() {
        var user = Self.ben
        user.email = nil
        #expect(ApprovalNotice(record: Self.record(vendor: "X"), recipient: user, reason: "waiting", at: 0).eml == nil)
    }
}
