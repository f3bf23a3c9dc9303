import GRDB
import KontorCore

/// An approval request as the ledger keeps it. The item, route, lifecycle state and the
/// held entry are JSON texts the approval stage reads and writes; the store only keeps
/// them, with the columns queries need.
public struct StoredApproval: Sendable, Equatable {
    /// One step of the request's history.
    public typealias Event = ApprovalEvent

    public var business: BusinessID
    public var id: String
    public var kind: String
    public var recordID: String
    public var amount: Money
    public var submitter: String?
    public var status: String
    public var item: String
    public var route: String
    public var state: String
    public var payload: String
    public var createdAt: Int64
    public var waitingSince: Int64
    public var fileID: Int64
    public var transactionID: Int64?
    public var history: [Event]

    public init(business: BusinessID, id: String, kind: String, recordID: String, amount: Money, submitter: String?, status: String,
                item: String, route: String, state: String, payload: String, createdAt: Int64, waitingSince: Int64,
                fileID: Int64 = 0, transactionID: Int64? = nil, history: [Event] = []) {
        self.business = business
        self.id = id
        self.kind = kind
        self.recordID = recordID
        self.amount = amount
        self.submitter = submitter
        self.status = status
        self.item = item
        self.route = route
        self.state = state
        self.payload = payload
        self.createdAt = createdAt
        self.waitingSince = waitingSince
        self.fileID = fileID
        self.transactionID = transactionID
        self.history = history
    }

    init(row: Row, history: [Event]) throws {
        let businessText: String = row["business_id"]
        let currencyText: String = row["currency"]
        guard let business = BusinessID(businessText), let currency = CurrencyCode(currencyText) else {
            throw KontorError(.internal, "a stored approval request has a bad business or currency")
        }
        self.init(business: business, id: row["id"], kind: row["kind"], recordID: row["record_id"],
                  amount: Money(minorUnits: row["amount"], currency: currency), submitter: row["submitter"], status: row["status"],
                  item: row["item"], route: row["route"], state: row["state"], payload: row["payload"],
                  createdAt: row["created_at"], waitingSince: row["waiting_since"], fileID: row["file_id"],
                  transactionID: row["transaction_id"], history: history)
    }
}
