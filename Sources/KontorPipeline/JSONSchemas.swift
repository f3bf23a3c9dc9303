import KontorApprove

/// The JSON Schemas Kontor publishes (`kontor schema NAME`), by name.
public enum JSONSchemas {
    public static let all: [String: String] = [
        "read": FilePreview.jsonSchema,
        "approval-request": ApprovalSchemas.request,
        "approval-status": ApprovalSchemas.status,
        "approval-decision": ApprovalSchemas.decision,
    ]

    public static var names: [String] { all.keys.sorted() }
}
