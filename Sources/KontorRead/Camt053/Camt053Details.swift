/// What the transaction details (`NtryDtls/TxDtls`) of one entry say, merged as they
/// stream past.
///
/// An entry is one booking, whatever number of `TxDtls` it carries (a batch booked as one
/// amount is one line on the statement, and the statement's balances add up over
/// entries). A field of the details reaches the transaction only when every `TxDtls`
/// agrees on it; so a single-detail entry keeps its payee and references, and a batch
/// keeps only what its parts share. Memory stays fixed however many details a batch has.
struct Camt053Details {
    enum Field: Hashable, CaseIterable {
        case endToEndID, debtorName, creditorName, debtorAccount, creditorAccount
        case debtorBank, creditorBank, remittance, creditorReference
    }

    /// The longest remittance text kept (the schema allows 140 characters per `Ustrd`).
    static let maximumRemittanceLength = 1_000

    /// How many `TxDtls` the entry had.
    private(set) var count = 0
    private var agreed: [Field: String] = [:]
    private var current: [Field: String] = [:]

    /// The field a path below `TxDtls` fills, if Kontor uses it.
    static func field(for relativePath: String) -> Field? {
        switch relativePath {
        case "Refs/EndToEndId": .endToEndID
        case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm": .debtorName
        case "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm": .creditorName
        case "RltdPties/DbtrAcct/Id/IBAN", "RltdPties/DbtrAcct/Id/Othr/Id": .debtorAccount
        case "RltdPties/CdtrAcct/Id/IBAN", "RltdPties/CdtrAcct/Id/Othr/Id": .creditorAccount
        case "RltdAgts/DbtrAgt/FinInstnId/BIC", "RltdAgts/DbtrAgt/FinInstnId/BICFI": .debtorBank
        case "RltdAgts/CdtrAgt/FinInstnId/BIC", "RltdAgts/CdtrAgt/FinInstnId/BICFI": .creditorBank
        case "RmtInf/Ustrd": .remittance
        case "RmtInf/Strd/CdtrRefInf/Ref": .creditorReference
        default: nil
        }
    }

    /// Records `value` for the element at `relativePath` below the current `TxDtls`.
    mutating func take(_ relativePath: String, value: String) {
        guard let field = Camt053Details.field(for: relativePath), !value.isEmpty else { return }
        if field == .endToEndID && value == "NOTPROVIDED" { return }
        if field == .remittance, let earlier = current[.remittance] {
            // Several Ustrd lines are one message cut into 140-character pieces.
            current[.remittance] = String((earlier + " " + value).prefix(Camt053Details.maximumRemittanceLength))
        } else if current[field] == nil {
            current[field] = String(value.prefix(Camt053Details.maximumRemittanceLength))
        }
    }

    /// Closes the current `TxDtls` and merges it into what all details agree on.
    mutating func finishDetail() {
        count += 1
        if count == 1 {
            agreed = current
        } else {
            for field in Field.allCases where agreed[field] != current[field] {
                agreed[field] = nil
            }
        }
        current = [:]
    }

    /// The value every detail agrees on, or nil.
    subscript(_ field: Field) -> String? { agreed[field] }
}
