import KontorCore

/// The signature sidecar of a webhook event (docs/decisions/webhook-signatures.md):
/// `inbox/<b>/gateway/<event>.sig` beside `inbox/<b>/gateway/<event>`, holding the
/// `Stripe-Signature` header of the delivery — the value alone, or header lines of which
/// one is `Stripe-Signature: …`.
///
/// Settling: the daemon holds a settled event back while its sidecar is still settling
/// (``SettleTracker``), so the two are taken together.
///
/// A sidecar is never taken alone: it waits in the inbox until its event is taken, is
/// claimed just before the event (so a crash between the two leaves it in the spool,
/// where the event finds it), and follows the event to its terminal place.
public enum SignatureSidecar {
    public static let suffix = ".sig"
    /// Sidecars are small; anything longer is not a header.
    public static let maximumBytes: Int64 = 8192

    public static func isSidecar(_ name: String) -> Bool {
        name.utf8.count > suffix.utf8.count && name.lowercased().hasSuffix(suffix)
    }

    public static func path(of eventPath: String) -> String { eventPath + suffix }

    /// The `Stripe-Signature` value in a sidecar's text, or nil when it has none.
    public static func headerValue(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }
            .filter { !$0.isEmpty }
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingSpaces.lowercased() == "stripe-signature" {
                return line[line.index(after: colon)...].trimmingSpaces
            }
        }
        // The value alone: one line that starts like Stripe's header.
        if lines.count == 1, let line = lines.first, line.hasPrefix("t=") { return line }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate var trimmingSpaces: String { self[...].trimmingSpaces }
}

