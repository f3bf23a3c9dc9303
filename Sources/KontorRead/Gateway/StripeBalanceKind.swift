/// What a Stripe balance transaction's `type` (and `reporting_category`) says the movement
/// is, as a ``GatewayKind``.
enum StripeBalanceKind {
    static func of(type: String?, reportingCategory: String?) -> GatewayKind {
        let type = (type ?? "").lowercased().replacing(" ", with: "_")
        let category = (reportingCategory ?? "").lowercased()
        // Disputes are balance transactions of type `adjustment`; only the category tells.
        if category.contains("dispute") || type.contains("dispute") { return .dispute }
        switch type {
        case "charge", "payment", "payment_unreconciled": return .charge
        case "refund", "payment_refund", "refund_failure", "payment_failure_refund", "payment_reversal": return .refund
        case "payout", "payout_cancel", "payout_failure": return .payout
        case "stripe_fee", "stripe_fx_fee", "tax_fee", "application_fee", "application_fee_refund", "network_cost": return .fee
        case "adjustment": return .adjustment
        default: break
        }
        if type.hasPrefix("transfer") || type.hasSuffix("_transfer") { return .transfer }
        if type.contains("reserve") || type.contains("hold") || type.contains("release") { return .hold }
        if type.hasPrefix("topup") { return .payout }
        // Stripe's reporting categories for reserves: `risk_reserved_funds`, `connect_reserved_funds`.
        if category.contains("reserve") { return .hold }
        switch category {
        case "charge": return .charge
        case "refund", "refund_failure": return .refund
        case "fee": return .fee
        case let name where name.hasPrefix("payout"): return .payout
        case let name where name.hasPrefix("transfer"): return .transfer
        default: return .adjustment
        }
    }
}
