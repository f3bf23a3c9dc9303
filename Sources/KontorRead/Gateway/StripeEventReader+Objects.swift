import KontorCore

extension StripeEventReader.Context {
    /// The transactions the event implies; empty when it moves no money, nil when the
    /// event type is unknown.
    func transactions() throws(KontorError) -> [BankTransaction]? {
        let family = type.split(separator: ".").first.map(String.init) ?? type
        switch type {
        case "payment_intent.succeeded": return [try paymentIntent()]
        case "charge.succeeded", "charge.captured": return try charge()
        case "charge.refunded": return try chargeRefunds()
        case _ where type.hasPrefix("charge.refund.") || family == "refund": return try refund()
        case _ where type.hasPrefix("charge.dispute."): return try dispute()
        case _ where family == "payout": return try payout()
        case _ where family == "payment_intent" || family == "charge": return []
        case _ where StripeEventReader.informationalPrefixes.contains(where: { type.hasPrefix($0) }): return []
        default: return nil
        }
    }

    private func line(_ amount: Money, id: String, kind: GatewayKind, payee: String? = nil, memo: String? = nil,
                      reference: String? = nil, fee: Money? = nil, valueDate: LocalDate? = nil,
                      at node: GatewayJSON? = nil) -> BankTransaction {
        var position = (node ?? object).position
        position.recordID = eventID
        return BankTransaction(position: position, date: date, valueDate: valueDate, amount: amount, bankID: id,
                               payee: payee.flatMap { $0.isEmpty ? nil : $0 }, memo: memo.flatMap { $0.isEmpty ? nil : $0 },
                               endToEndID: reference, kind: type, fee: fee, gatewayKind: kind.rawValue)
    }

    private func expect(_ objectType: String) throws(KontorError) {
        if let actual = try object.string("object"), actual != objectType {
            throw object.error("object", "a \(type) event carries a \(actual), expected a \(objectType)",
                               hint: "drop the raw body of the webhook request, unchanged")
        }
    }

    /// `payment_intent.succeeded`: the received amount, keyed by the PaymentIntent.
    private func paymentIntent() throws(KontorError) -> BankTransaction {
        try expect("payment_intent")
        let currency = try object.currency("currency")
        var amount = try object.stripeMoney("amount_received", currency)
        if amount == nil { amount = try object.requiredStripeMoney("amount", currency) }
        let firstCharge = try object.object("charges")?.objects("data")?.first
        let payee = try firstCharge?.object("billing_details")?.string("name")
        var charge = try object.reference("latest_charge")
        if charge == nil { charge = try firstCharge?.string("id") }
        return line(amount ?? .zero(currency), id: try object.requiredString("id"), kind: .charge, payee: payee,
                    memo: try Self.chargeMemo(object), reference: charge)
    }

    /// `charge.succeeded` / `charge.captured`: keyed like the PaymentIntent event of the same payment.
    private func charge() throws(KontorError) -> [BankTransaction] {
        try expect("charge")
        if let captured = object.node["captured"], case .bool(false) = captured.kind { return [] }
        let currency = try object.currency("currency")
        let captured = try object.stripeMoney("amount_captured", currency)
        var amount = captured.flatMap { $0.isZero ? nil : $0 }
        if amount == nil { amount = try object.requiredStripeMoney("amount", currency) }
        let chargeID = try object.requiredString("id")
        let fee = try object.object("balance_transaction")?.stripeMoney("fee", currency)
        let key = try object.reference("payment_intent") ?? chargeID
        return [line(amount ?? .zero(currency), id: key, kind: .charge,
                     payee: try object.object("billing_details")?.string("name"), memo: try Self.chargeMemo(object),
                     reference: chargeID, fee: fee)]
    }

    /// A charge's description, followed by the invoice number its metadata names
    /// (`metadata.invoice_number`, the key Stripe's docs use for it) when the description
    /// does not already hold it: payment matching reads the number from the text.
    static func chargeMemo(_ object: GatewayJSON) throws(KontorError) -> String? {
        let description = try object.string("description")
        guard let number = try object.object("metadata")?.string("invoice_number")?.trimming(" \t"),
              !number.isEmpty else { return description }
        guard let description, !description.isEmpty else { return "invoice \(number)" }
        return description.contains(number) ? description : "\(description) · invoice \(number)"
    }

    /// `charge.refunded`: the listed refunds, or (newer API versions list none) the amount
    /// refunded since the previous state.
    private func chargeRefunds() throws(KontorError) -> [BankTransaction] {
        try expect("charge")
        let chargeID = try object.requiredString("id")
        if let listed = try object.object("refunds")?.objects("data"), !listed.isEmpty {
            var result: [BankTransaction] = []
            for refund in listed { result += try refundLines(refund, chargeID: chargeID) }
            return result
        }
        let currency = try object.currency("currency")
        let total = try object.requiredStripeMoney("amount_refunded", currency)
        let before = try previous?.stripeMoney("amount_refunded", currency) ?? .zero(currency)
        let refunded = Money(minorUnits: total.minorUnits - before.minorUnits, currency: currency)
        guard refunded.minorUnits > 0 else { return [] }
        return [line(refunded.negated, id: "\(chargeID)#refunded-\(total.minorUnits)", kind: .refund,
                     payee: try object.object("billing_details")?.string("name"), memo: try object.string("description"),
                     reference: try object.reference("payment_intent") ?? chargeID)]
    }

    /// `refund.*` and `charge.refund.*`: the refund object itself.
    private func refund() throws(KontorError) -> [BankTransaction] {
        try expect("refund")
        return try refundLines(object, chargeID: try object.reference("charge"))
    }

    /// A refund leaves the balance (keyed by its id); a failed or canceled one comes back.
    private func refundLines(_ refund: GatewayJSON, chargeID: String?) throws(KontorError) -> [BankTransaction] {
        let currency = try refund.currency("currency")
        let amount = try refund.requiredStripeMoney("amount", currency)
        let id = try refund.requiredString("id")
        var memo = try refund.string("reason")
        if memo == nil { memo = try refund.string("description") }
        let status = try refund.string("status") ?? "succeeded"
        var result = [line(amount.negated, id: id, kind: .refund, memo: memo, reference: chargeID, at: refund)]
        if status == "failed" || status == "canceled" {
            let back = try refund.reference("failure_balance_transaction") ?? "\(id)#\(status)"
            result.append(line(amount, id: back, kind: .refund, memo: "refund \(status)", reference: chargeID, at: refund))
        }
        return result
    }

    /// `charge.dispute.*`: the dispute's balance transactions (none for an inquiry).
    private func dispute() throws(KontorError) -> [BankTransaction] {
        try expect("dispute")
        let chargeID = try object.reference("charge")
        let memo = try object.string("reason").map { "dispute: \($0)" }
        var result: [BankTransaction] = []
        for movement in try object.objects("balance_transactions") ?? [] {
            let currency = try movement.currency("currency")
            let amount = try movement.requiredStripeMoney("amount", currency)
            let fee = try movement.stripeMoney("fee", currency) ?? .zero(currency)
            if let net = try movement.stripeMoney("net", currency), net.minorUnits != amount.minorUnits - fee.minorUnits {
                throw movement.error("net", "\(movement.path): net \(net.decimalString) is not amount \(amount.decimalString) − fee \(fee.decimalString)",
                                     hint: "the event is inconsistent; drop the body exactly as Stripe sent it")
            }
            result.append(line(amount, id: try movement.requiredString("id"), kind: .dispute, memo: memo,
                               reference: chargeID, fee: fee, at: movement))
        }
        return result
    }

    /// `payout.*`: the balance moves to the bank; a failed or canceled payout comes back.
    private func payout() throws(KontorError) -> [BankTransaction] {
        try expect("payout")
        let currency = try object.currency("currency")
        let amount = try object.requiredStripeMoney("amount", currency)
        let id = try object.requiredString("id")
        let key = try object.reference("balance_transaction") ?? id
        var memo = try object.string("description")
        if memo == nil { memo = try object.string("statement_descriptor") }
        let arrival = try object.unixDate("arrival_date")
        var result = [line(amount.negated, id: key, kind: .payout, memo: memo, reference: id, valueDate: arrival)]
        let status = try object.string("status")
        if status == "failed" || status == "canceled" || type == "payout.failed" || type == "payout.canceled" {
            let back = try object.reference("failure_balance_transaction") ?? "\(id)#\(status ?? "failed")"
            result.append(line(amount, id: back, kind: .payout, memo: "payout \(status ?? "failed")", reference: id))
        }
        return result
    }
}
