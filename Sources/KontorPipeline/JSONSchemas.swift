import KontorApprove
import KontorInvoicing

/// The JSON Schemas Kontor publishes (`kontor schema NAME`), by name.
public enum JSONSchemas {
    public static let all: [String: String] = [
        "read": FilePreview.jsonSchema,
        "vendors": MasterDataSchemas.vendors,
        "corrections": MasterDataSchemas.corrections,
        "clients": InvoiceSchemas.clients,
        "invoice-request": InvoiceSchemas.invoiceRequest,
        "approval-request": ApprovalSchemas.request,
        "approval-status": ApprovalSchemas.status,
        "approval-decision": ApprovalSchemas.decision,
        "report-request": ReportRequestFile.jsonSchema,
    ]

    public static var names: [String] { all.keys.sorted() }
}
