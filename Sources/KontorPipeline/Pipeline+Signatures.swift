#if canImport(Glibc)
import Glibc
#endif
import KontorConfig
import KontorCore
import KontorIntake
import KontorRead
import KontorStore

extension Pipeline {
    /// Claims the sidecar of a gateway file, if one is in the inbox, before the file itself.
    func claimSidecar(of file: InboxFile) throws(KontorError) {
        let scanner = InboxScanner(inbox: workspace.inbox)
        guard let sidecar = scanner.file(at: SignatureSidecar.path(of: file.path), business: file.business, channel: file.channel) else {
            return
        }
        _ = try spool.claim(sidecar)
    }

    /// Verifies a Stripe webhook event against its sidecar when the business has a signing
    /// secret (`gateways.stripe.signing_secret_env`): the receipt's `signature` object, or
    /// nil for files that are not Stripe events. Throws the specific reason when the
    /// signature is missing or does not hold.
    func checkSignature(_ input: IntakeInput, business: BusinessProfile, reading: StatementReading) throws(KontorError) -> JSONValue? {
        let arrival = input.arrival
        guard arrival.channel == .gateway, reading.format == GatewayFormat.stripeEvent.rawValue else { return nil }
        let sidecarName = arrival.name + SignatureSidecar.suffix
        var sidecar: [UInt8]?
        var stored: Int64?
        if input.archive == nil, case .file(let path) = input.content {
            let sidecarPath = SignatureSidecar.path(of: path)
            if DurableFile.exists(sidecarPath) {
                sidecar = try InputContent.file(sidecarPath).bytes(limit: SignatureSidecar.maximumBytes)
            }
            stored = Pipeline.modificationSeconds(of: path)
        }
        let position = SourcePosition(file: arrival.name, field: "Stripe-Signature")
        guard let variable = business.gateways["stripe"]?.signingSecretVariable else {
            guard sidecar != nil else { return nil }
            return ["scheme": "stripe-v1", "status": "not-checked", "sidecar": .string(sidecarName),
                    "reason": .string("business \(business.id) has no gateways.stripe.signing_secret_env")]
        }
        guard let secret = environment(variable), !secret.isEmpty else {
            throw KontorError(.badInput, "cannot verify the webhook signature: the environment variable \(variable) (gateways.stripe.signing_secret_env of business \(business.id)) is not set",
                              hint: "set \(variable) to the endpoint's signing secret (whsec_…) in the environment of kontor, then drop the event again",
                              at: position)
        }
        guard let sidecar else {
            if input.archive != nil {
                throw KontorError(.badInput, "a Stripe webhook event inside an archive cannot be verified, and business \(business.id) accepts only signed events",
                                  hint: "drop the event and its \(SignatureSidecar.suffix) sidecar into inbox/\(business.id)/gateway/ directly", at: position)
            }
            throw KontorError(.badInput, "the Stripe webhook event has no signature: \(sidecarName) is not beside it, and business \(business.id) accepts only signed events",
                              hint: "store the delivery's Stripe-Signature header in \(sidecarName), written before the event itself", at: position)
        }
        guard let header = SignatureSidecar.headerValue(sidecar) else {
            throw KontorError(.badInput, "\(sidecarName) holds no Stripe-Signature header",
                              hint: "write the header value (t=…,v1=…) alone, or the line 'Stripe-Signature: t=…,v1=…'",
                              at: SourcePosition(file: sidecarName))
        }
        guard let clock = Timestamp.unixSeconds(iso8601: arrival.receivedAt) else {
            throw KontorError(.internal, "the intake time \(arrival.receivedAt) is not a UTC time stamp")
        }
        // The delivery's age counts until it was stored in the inbox (its mtime), not until
        // Kontor got to it: a daemon that was down for a while must not turn fresh
        // deliveries into stale ones.
        let now = min(clock, stored ?? clock)
        let payload = try input.content.bytes(limit: configuration.settings.limits.maxFileBytes)
        let verdict = StripeSignature.verify(payload: payload, header: header, secret: secret, now: now)
        if let error = StripeSignature.error(for: verdict, file: arrival.name) { throw error }
        guard case .valid(let timestamp) = verdict else { return nil }
        return ["scheme": "stripe-v1", "status": "valid", "timestamp": .int(timestamp), "sidecar": .string(sidecarName)]
    }

    /// A file's modification time in Unix seconds, or nil when it cannot be read.
    static func modificationSeconds(of path: String) -> Int64? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Int64(status.st_mtim.tv_sec)
    }
}
