/// The JSON Schemas of the invoicing inbox files (`kontor schema clients`,
/// `kontor schema invoice-request`). YAML files follow the same structure.
public enum InvoiceSchemas {
    static let decimal = #"{"type": ["string", "number"], "pattern": "^[+-]?[0-9]*(\\.[0-9]{1,8})?$", "description": "a plain decimal with a dot, at most 8 decimals"}"#
    static let date = #"{"type": "string", "format": "date", "description": "YYYY-MM-DD"}"#
    static let taxFields = """
        "tax_category": {"enum": ["S", "Z", "E", "AE", "K", "G", "O"], "description": "EN 16931 VAT category (UNCL 5305)"},
            "tax_rate": \(decimal)
        """

    public static let clients = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.example/schemas/clients.json",
          "title": "Kontor clients file (inbox/<business>/clients/*.json or *.yaml)",
          "type": "object",
          "additionalProperties": false,
          "required": ["clients"],
          "properties": {
            "clients": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "name", "address"],
                "properties": {
                  "id": {"type": "string", "pattern": "^[a-z0-9._-]{1,64}$", "description": "the key invoice requests use"},
                  "name": {"type": "string", "minLength": 1},
                  "address": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["country"],
                    "properties": {
                      "street": {"type": "string"}, "additional_street": {"type": "string"}, "city": {"type": "string"},
                      "postal_code": {"type": "string"}, "country": {"type": "string", "pattern": "^[A-Z]{2}$"}
                    }
                  },
                  "tax_id": {"type": "string", "description": "VAT identifier, e.g. DE123456789"},
                  "legal_id": {"type": "string"},
                  "email": {"type": "string", "format": "email"},
                  "phone": {"type": "string"},
                  "language": {"type": "string", "pattern": "^[a-z]{2}$"},
                  "payment_terms_days": {"type": "integer", "minimum": 0, "maximum": 3650},
                  "peppol_id": {"type": "string", "pattern": "^[0-9]{4}:.+$", "description": "EAS scheme and id, e.g. 0088:4012345000009"},
                  "buyer_reference": {"type": "string"}
                }
              }
            }
          }
        }
        """

    public static let invoiceRequest = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.example/schemas/invoice-request.json",
          "title": "Kontor invoice request file (inbox/<business>/invoices/*.json or *.yaml)",
          "type": "object",
          "additionalProperties": false,
          "minProperties": 1,
          "properties": {
            "invoices": {"type": "array", "items": {"$ref": "#/$defs/invoice"}},
            "changes": {"type": "array", "items": {"$ref": "#/$defs/change"}}
          },
          "$defs": {
            "key": {"type": "string", "pattern": "^[A-Za-z0-9._/-]{1,100}$"},
            "invoice": {
              "type": "object",
              "additionalProperties": false,
              "required": ["key", "client", "issue_date", "lines"],
              "properties": {
                "key": {"$ref": "#/$defs/key"},
                "client": {"type": "string"},
                "series": {"type": "string"},
                "issue_date": \(date),
                "due_date": \(date),
                "terms_days": {"type": "integer", "minimum": 0},
                "delivery_date": \(date),
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "prices": {"enum": ["exclusive", "inclusive"], "default": "exclusive"},
                "status": {"enum": ["issued", "draft"], "default": "issued"},
                "buyer_reference": {"type": "string"},
                "order_reference": {"type": "string"},
                "notes": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                "lines": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"$ref": "#/$defs/line"}},
                "allowances": {"type": "array", "items": {"$ref": "#/$defs/allowanceCharge"}},
                "charges": {"type": "array", "items": {"$ref": "#/$defs/allowanceCharge"}}
              }
            },
            "line": {
              "type": "object",
              "additionalProperties": false,
              "required": ["description", "quantity", "unit_price", "tax_category"],
              "properties": {
                "description": {"type": "string", "minLength": 1},
                "quantity": \(decimal),
                "unit": {"type": "string", "pattern": "^[A-Z0-9]{2,3}$", "default": "C62", "description": "UN/ECE Recommendation 20"},
                "unit_price": \(decimal),
                "discount": \(decimal),
                "discount_percent": \(decimal),
                \(taxFields),
                "exemption_reason": {"type": "string"},
                "exemption_code": {"type": "string", "description": "VATEX code, e.g. VATEX-EU-132-1I"},
                "item_id": {"type": "string"}
              }
            },
            "allowanceCharge": {
              "type": "object",
              "additionalProperties": false,
              "required": ["reason", "amount", "tax_category"],
              "properties": {
                "reason": {"type": "string"},
                "reason_code": {"type": "string", "description": "UNCL 5189 (allowances) or UNCL 7161 (charges)"},
                "amount": \(decimal),
                \(taxFields)
              }
            },
            "change": {
              "type": "object",
              "additionalProperties": false,
              "required": ["key", "action", "invoice", "date"],
              "properties": {
                "key": {"$ref": "#/$defs/key"},
                "action": {"enum": ["issue", "void", "credit", "change_due_date"]},
                "invoice": {"type": "string", "description": "the invoice number or its request key"},
                "date": \(date),
                "reason": {"type": "string"},
                "due_date": \(date),
                "lines": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/line"}}
              }
            }
          }
        }
        """
}
