import Foundation
import KontorConfig
import KontorCore

/// An e-mail (RFC 5322, MIME, UTF-8 text in base64) telling a user that an item waits for
/// them. Queued as an `.eml` file in `outbox/<b>/approvals/mail/`; sending is left to the
/// delivery step (an SMTP relay or a mail client picks the files up).
public struct ApprovalNotice: Sendable {
    public let record: ApprovalRecord
    public let recipient: User
    /// Why: `waiting` (a tier now waits for them) or `escalated`.
    public let reason: String
    /// Nanoseconds since the epoch: the Date header.
    public let at: Int64

    public init(record: ApprovalRecord, recipient: User, reason: String, at: Int64) {
        self.record = record
        self.recipient = recipient
        self.reason = reason
        self.at = at
    }

    /// `EXP-000001-3-anna.eml`: the request, the history step and the recipient.
    public var fileName: String { "\(record.id)-\(record.history.count)-\(recipient.id).eml" }

    public var subject: String {
        let item = record.item
        let what = "\(item.kind.rawValue) \(item.amount.decimalString) \(item.amount.currency.code)" + (item.vendor.map { " \($0)" } ?? "")
        return (reason == "escalated" ? "Escalated: " : "") + "Approval needed: \(record.id) — \(what)"
    }

    public var body: String {
        let item = record.item
        var lines = [
            "Hello \(recipient.name),", "",
            reason == "escalated"
                ? "approval request \(record.id) has waited too long and was escalated to you."
                : "approval request \(record.id) is waiting for your decision.",
            "",
            "  Amount:       \(item.amount.decimalString) \(item.amount.currency.code)",
            "  Date:         \(item.date)",
            "  Vendor:       \(item.vendor ?? "-")",
            "  Category:     \(item.category?.rawValue ?? "-")",
            "  Receipt:      \(item.receipt ?? "-")",
            "  Description:  \(item.description)",
            "  Submitted by: \(item.submitter?.rawValue ?? "-")",
            "  Policy rule:  \(record.process.route.rule)",
            "",
        ]
        for (index, tier) in record.process.route.tiers.enumerated() {
            let mark: String
            switch record.process.state {
            case .waiting(let current, _): mark = index < current ? "done" : index == current ? "waiting" : "pending"
            default: mark = record.status
            }
            lines.append("  Tier \(index + 1) (\(tier.name)): \(mark)")
        }
        lines += [
            "",
            "To approve:  kontor approve \(record.id) --business \(item.business) --user \(recipient.id)",
            "To reject:   kontor reject \(record.id) --business \(item.business) --user \(recipient.id) --comment \"why\"",
            "",
            "The request and its evidence: outbox/\(item.business)/approvals/\(record.id).html",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }

    /// The message bytes; nil when the recipient has no e-mail address.
    public var eml: [UInt8]? {
        guard let email = recipient.email else { return nil }
        let base64 = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: Kontor <kontor@\(record.item.business).invalid>",
            "To: \(ApprovalNotice.mailbox(recipient.name, email))",
            "Subject: \(ApprovalNotice.encodedWords(subject))",
            "Date: \(ApprovalNotice.date(at))",
            "Message-ID: <\(record.id).\(record.history.count).\(recipient.id)@\(record.item.business).kontor.invalid>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "X-Kontor-Approval: \(record.id)",
        ]
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + base64 + "\r\n").utf8)
    }

    static func mailbox(_ name: String, _ email: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f && $0 != "\"" && $0 != "\\" }
        return (plain ? "\"\(name)\"" : encodedWords(name)) + " <\(email)>"
    }

    /// RFC 2047 encoded words (UTF-8, base64) for non-ASCII text; ASCII stays as it is.
    static func encodedWords(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }) else { return text }
        // Each word at most 75 characters: 45 bytes of UTF-8 → 60 base64 characters; never split a character.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 5322 date-time in UTC: `Thu, 26 Nov 2026 14:00:00 +0000`.
    static func date(_ nanoseconds: Int64) -> String {
        let iso = Timestamp.iso8601(nanoseconds: nanoseconds)
        let seconds = nanoseconds / 1_000_000_000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let date = LocalDate(daysSinceEpoch: days)
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let time = iso.dropFirst(11).prefix(8)
        let year = String(date.year)
        return "\(names[(date.isoWeekday + 6) % 7]), \(date.day) \(months[(date.month + 11) % 12]) \(String(repeating: "0", count: max(0, 4 - year.count)) + year) \(time) +0000"
    }
}
