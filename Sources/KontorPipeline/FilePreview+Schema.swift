extension FilePreview {
    /// The JSON Schema (draft 2020-12) of ``json``: what `kontor read --format json`
    /// prints, and `kontor schema read` publishes, so scripts can rely on the layout.
    ///
    /// A string constant, not a resource file: SwiftPM resources on Linux need Foundation's
    /// `Bundle.module`, which the core modules do not import. An end-to-end test validates
    /// real output against it (EndToEndReadTests).
    public static let jsonSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/read.schema.json",
          "title": "kontor read --format json",
          "description": "What importing one file would post (a dry run: nothing is posted). Amounts are exact decimal strings in their currency; dates are YYYY-MM-DD.",
          "type": "object",
          "required": ["file", "business", "channel", "format", "dry_run", "statements", "expenses", "new_categories"],
          "additionalProperties": false,
          "properties": {
            "file": { "type": "string", "description": "The file's name." },
            "business": { "type": "string" },
            "channel": { "enum": ["bank", "gateway", "expenses"] },
            "format": { "type": "string", "description": "The detected format as receipts name it: ofx, camt.053, mt940, csv:<mapping>, stripe-…, paypal-…, expense-csv, expense-json." },
            "dry_run": { "const": true },
            "statements": { "type": "array", "items": { "$ref": "#/$defs/statement" } },
            "expenses": { "type": "array", "items": { "$ref": "#/$defs/expense" } },
            "new_categories": {
              "description": "Categories the import would create from names in an expense log.",
              "type": "array",
              "items": {
                "type": "object",
                "required": ["key", "name", "account"],
                "additionalProperties": false,
                "properties": {
                  "key": { "type": "string" },
                  "name": { "type": "string" },
                  "account": { "type": "string" }
                }
              }
            }
          },
          "$defs": {
            "decimal": { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
            "currency": { "type": "string", "pattern": "^[A-Z]{3}$" },
            "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            "optionalText": { "type": ["string", "null"] },
            "optionalDecimal": { "oneOf": [{ "$ref": "#/$defs/decimal" }, { "type": "null" }] },
            "optionalDate": { "oneOf": [{ "$ref": "#/$defs/date" }, { "type": "null" }] },
            "position": {
              "description": "Where the record is in the file.",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "line": { "type": "integer", "minimum": 1 },
                "column": { "type": "integer", "minimum": 1 },
                "field": { "type": "string" },
                "path": { "type": "string" },
                "record": { "type": "string" }
              }
            },
            "postings": {
              "description": "The balanced ledger transaction: the amounts of one currency add up to zero.",
              "type": "array",
              "minItems": 2,
              "items": {
                "type": "object",
                "required": ["account", "amount", "currency"],
                "additionalProperties": false,
                "properties": {
                  "account": { "type": "string" },
                  "amount": { "$ref": "#/$defs/decimal" },
                  "currency": { "$ref": "#/$defs/currency" }
                }
              }
            },
            "statement": {
              "type": "object",
              "required": ["account", "statement_id", "ledger_account", "currency", "opening", "closing", "from", "to",
                           "line_count", "sum", "balance_check", "lines"],
              "additionalProperties": false,
              "properties": {
                "account": { "$ref": "#/$defs/optionalText", "description": "The account as the file names it (IBAN, ACCTID, :25:)." },
                "statement_id": { "$ref": "#/$defs/optionalText" },
                "ledger_account": { "type": "string", "description": "The ledger account the lines would post to." },
                "currency": { "$ref": "#/$defs/currency" },
                "opening": { "$ref": "#/$defs/optionalDecimal" },
                "closing": { "$ref": "#/$defs/optionalDecimal" },
                "from": { "$ref": "#/$defs/optionalDate", "description": "The earliest booking date of the lines." },
                "to": { "$ref": "#/$defs/optionalDate", "description": "The latest booking date of the lines." },
                "line_count": { "type": "integer", "minimum": 0 },
                "sum": { "$ref": "#/$defs/decimal" },
                "balance_check": {
                  "description": "passed: opening + sum = closing; not-stated: the file states no opening and closing balance. A statement that does not add up is an error, not a preview.",
                  "enum": ["passed", "not-stated"]
                },
                "lines": { "type": "array", "items": { "$ref": "#/$defs/line" } }
              }
            },
            "line": {
              "type": "object",
              "required": ["record_id", "bank_id", "date", "value_date", "amount", "currency", "fee", "payee", "memo", "kind",
                           "gateway_kind", "category", "vendor", "status", "evidence", "position", "postings"],
              "additionalProperties": false,
              "properties": {
                "record_id": { "type": "string", "description": "The id the ledger dedupes on." },
                "bank_id": { "$ref": "#/$defs/optionalText", "description": "The bank's own id (FITID, AcctSvcrRef, txn_…)." },
                "date": { "$ref": "#/$defs/date" },
                "value_date": { "$ref": "#/$defs/optionalDate" },
                "amount": { "$ref": "#/$defs/decimal" },
                "currency": { "$ref": "#/$defs/currency" },
                "fee": { "$ref": "#/$defs/optionalDecimal" },
                "payee": { "$ref": "#/$defs/optionalText" },
                "memo": { "$ref": "#/$defs/optionalText" },
                "kind": { "$ref": "#/$defs/optionalText" },
                "gateway_kind": { "$ref": "#/$defs/optionalText" },
                "category": { "$ref": "#/$defs/optionalText" },
                "vendor": { "$ref": "#/$defs/optionalText" },
                "status": { "enum": ["categorized", "review", "transfer"] },
                "evidence": {
                  "description": "Why the line goes where it goes: a rule id, a vendor default, the model (score, threshold, deciding features), a gateway, a payout, none (with the model's guess when it was below the threshold), payment-match (the invoices an incoming payment settles, the evidence kind and score) or payment-review (why the payment waits for a person, and the candidate invoices).",
                  "type": "object",
                  "required": ["source"],
                  "properties": { "source": { "type": "string" } }
                },
                "position": { "$ref": "#/$defs/position" },
                "postings": { "$ref": "#/$defs/postings" }
              }
            },
            "expense": {
              "type": "object",
              "required": ["record_id", "date", "amount", "currency", "vendor", "category", "category_status", "description",
                           "payment_account", "tax_amount", "receipt", "position", "postings"],
              "additionalProperties": false,
              "properties": {
                "record_id": { "type": "string" },
                "date": { "$ref": "#/$defs/date" },
                "amount": { "$ref": "#/$defs/decimal" },
                "currency": { "$ref": "#/$defs/currency" },
                "vendor": { "type": "string" },
                "category": { "type": "string" },
                "category_status": { "enum": ["existing", "would-create"] },
                "description": { "type": "string" },
                "payment_account": { "type": "string" },
                "tax_amount": { "$ref": "#/$defs/optionalDecimal" },
                "receipt": { "$ref": "#/$defs/optionalText" },
                "position": { "$ref": "#/$defs/position" },
                "postings": { "$ref": "#/$defs/postings" }
              }
            }
          }
        }
        """#
}
