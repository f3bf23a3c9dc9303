import KontorCore

/// Reads one PayPal webhook event body (`{"id": "WH-…", "event_type": …, "resource": {…}}`)
/// and emits the money movement it implies, in the resource's currency:
///
/// | event | transaction | bankID |
/// | --- | --- | --- |
/// | `PAYMENT.CAPTURE.COMPLETED` | + gross, fee = PayPal fee + platform fees (`seller_receivable_breakdown`) | the capture id |
/// | `PAYMENT.CAPTURE.REFUNDED` | − gross; the fee PayPal returns is a negative fee (`seller_payable_breakdown`) | the refund id |
/// | `PAYMENT.CAPTURE.REVERSED` | − the amount, dispute (a chargeback) | the capture id + `#reversed` |
///
/// `amount − fee = net` is checked where the breakdown states the net. The date is the
/// resource's `create_time` (when the money moved) in UTC, else the event's. Other
/// `PAYMENT.CAPTURE.*` states (pending, denied, declined), `CHECKOUT.ORDER.*`,
/// `PAYMENT.AUTHORIZATION.*` and `CUSTOMER.DISPUTE.*` move no money by themselves: they
/// emit a statement without transactions (informational). The event id is not the key —
/// PayPal's own samples reuse one event id for different captures — the capture or refund
/// id is, so a redelivered event is a duplicate by bankID.
public struct PayPalEventReader: StatementReader {
    public init() {}

    /// Event families read as informational (no transaction).
    public static let informationalPrefixes = ["PAYMENT.CAPTURE.", "CHECKOUT.ORDER.", "PAYMENT.AUTHORIZATION.",
                                               "CUSTOMER.DISPUTE.", "PAYMENT.ORDER."]

    public func read(_ source: inout some ByteSource, fileName: String,
                     _ sink: (StatementEvent) throws(KontorError) -> Void) throws(KontorError) {
        let event = try GatewayJSON.document(&source, fileName: fileName, what: "a PayPal webhook event")
        let type = try event.requiredString("event_type")
        let eventID = try event.requiredString("id")
        guard let resource = event.object("resource") else {
            throw KontorError(.badInput, "the event \(eventID) has no resource object",
                              hint: "drop the raw body of the webhook request, unchanged", at: event.position(of: "resource"))
        }
        let amountObject = resource.object("amount")
        let currency = try amountObject.map { amount throws(KontorError) in try amount.currency("currency_code") }
        var statements = GatewayStatements(account: nil)
        let sign: Int64
        let kind: GatewayKind
        var idSuffix = ""
        switch type {
        case "PAYMENT.CAPTURE.COMPLETED": (sign, kind) = (1, .charge)
        case "PAYMENT.CAPTURE.REFUNDED": (sign, kind) = (-1, .refund)
        case "PAYMENT.CAPTURE.REVERSED": (sign, kind, idSuffix) = (-1, .dispute, "#reversed")
        case _ where PayPalEventReader.informationalPrefixes.contains(where: { type.hasPrefix($0) }):
            if let currency { statements.addEmpty(currency, at: resource.position) }
            try statements.emit(fileName: fileName, sink)
            return
        default:
            throw event.error("event_type", "PayPal event type \(type) is not one Kontor reads",
                              hint: "send Kontor PAYMENT.CAPTURE.* events (COMPLETED, REFUNDED, REVERSED); leave others out of the webhook")
        }
        guard let amountObject, let currency else {
            throw KontorError(.badInput, "the \(type) resource has no amount", hint: "drop the raw body of the webhook request, unchanged",
                              at: resource.position(of: "amount"))
        }
        let gross = try PayPalEventReader.money(amountObject, currency)
        let breakdown = resource.object("seller_receivable_breakdown") ?? resource.object("seller_payable_breakdown")
        var fee = Money.zero(currency)
        if let breakdown {
            if let paypalFee = breakdown.object("paypal_fee") { fee.minorUnits += try PayPalEventReader.money(paypalFee, currency).minorUnits }
            for platform in try breakdown.objects("platform_fees") ?? [] {
                if let amount = platform.object("amount") { fee.minorUnits += try PayPalEventReader.money(amount, currency).minorUnits }
            }
            if let netObject = breakdown.object("net_amount") {
                let net = try PayPalEventReader.money(netObject, currency)
                guard net.minorUnits == gross.minorUnits - fee.minorUnits else {
                    throw KontorError(.badInput, "net \(net.decimalString) is not gross \(gross.decimalString) − fees \(fee.decimalString)",
                                      hint: "the event is inconsistent; drop the body exactly as PayPal sent it", at: netObject.position)
                }
            }
        }
        var timeText = try resource.string("create_time")
        if timeText == nil { timeText = try event.string("create_time") }
        guard let timeText, let date = PayPalEventReader.utcDate(timeText) else {
            throw KontorError(.badInput, "the event has no create_time PayPal writes as RFC 3339 (2022-08-23T18:29:50Z)",
                              hint: "drop the raw body of the webhook request, unchanged", at: resource.position(of: "create_time"))
        }
        var position = resource.position
        position.recordID = eventID
        let related = try resource.object("supplementary_data")?.object("related_ids")?.string("order_id")
        var memo = try resource.string("invoice_id").map { "invoice \($0)" }
        if memo == nil { memo = try event.string("summary") }
        statements.add(BankTransaction(
            position: position, date: date,
            amount: Money(minorUnits: sign * gross.minorUnits, currency: currency),
            bankID: try resource.requiredString("id") + idSuffix,
            memo: memo, endToEndID: related, kind: type,
            fee: Money(minorUnits: sign * fee.minorUnits, currency: currency), gatewayKind: kind.rawValue))
        try statements.emit(fileName: fileName, sink)
    }

    /// A PayPal money object `{"currency_code": "USD", "value": "30.00"}` in `currency`.
    static func money(_ object: GatewayJSON, _ currency: CurrencyCode) throws(KontorError) -> Money {
        let code = try object.currency("currency_code")
        guard code == currency else {
            throw object.error("currency_code", "\(object.path) is in \(code.code), the amount in \(currency.code)",
                               hint: "Kontor reads a PayPal event whose amounts share one currency")
        }
        let text = try object.requiredString("value")
        do { return try AmountNotation.parse(text, field: object.path, currency: currency, separator: .point, allowsGrouping: false) } catch {
            throw object.error("value", error.message, hint: error.hint)
        }
    }

    /// The UTC date of an RFC 3339 time (`2018-08-15T12:13:29-07:00`, `…Z`, with or without fractions).
    static func utcDate(_ text: String) -> LocalDate? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == 0x54 || bytes[10] == 0x74, let day = LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = Int(String(decoding: bytes[11..<13], as: UTF8.self)), let minute = Int(String(decoding: bytes[14..<16], as: UTF8.self)),
              hour < 24, minute < 60 else { return nil }
        var minutes = hour * 60 + minute
        let last = bytes[bytes.count - 1]
        if last == 0x5A || last == 0x7A {
            // Z: already UTC.
        } else {
            let zone = bytes.suffix(6)
            guard zone.count == 6, zone[zone.startIndex] == 0x2B || zone[zone.startIndex] == 0x2D,
                  let zh = Int(String(decoding: zone.dropFirst().prefix(2), as: UTF8.self)),
                  let zm = Int(String(decoding: zone.suffix(2), as: UTF8.self)) else { return nil }
            let offset = zh * 60 + zm
            minutes += zone[zone.startIndex] == 0x2B ? -offset : offset
        }
        return day.adding(days: minutes < 0 ? -1 : (minutes >= 1440 ? 1 : 0))
    }
}
