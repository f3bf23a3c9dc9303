/// The kinds of movement a gateway line can be: the values of
/// ``KontorCore/BankTransaction/gatewayKind``. Posting uses them to pick accounts
/// (clearing, fee expense, bank transfer); they are strings in the core so that stages
/// outside the reader need no new type.
public enum GatewayKind: String, Sendable, CaseIterable {
    /// Money received from a customer (Stripe charge or payment, PayPal payment received).
    case charge
    /// Money paid out by the business through the gateway (a PayPal purchase).
    case payment
    /// Money returned to a customer.
    case refund
    /// A chargeback or its reversal.
    case dispute
    /// The gateway balance moved to (or back from) the business's bank account.
    case payout
    /// A fee the gateway charged on its own line (not withheld from a charge).
    case fee
    /// A correction by the gateway, or anything else that changes the balance.
    case adjustment
    /// One leg of a currency conversion inside the gateway account.
    case conversion
    /// Money held back or released by the gateway (reserves, authorizations).
    case hold
    /// Money moved between gateway accounts (Stripe Connect transfers).
    case transfer
}
