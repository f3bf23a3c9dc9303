/// JSON Schemas (draft 2020-12) of the master-data files Kontor reads: vendor files in
/// JSON (`kontor schema vendors`) and, for the CSV formats, what a row holds
/// (`kontor schema corrections` describes one corrections row as an object).
public enum MasterDataSchemas {
    public static let vendors = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/vendors.schema.json",
          "title": "Vendor master data (inbox/<business>/vendors/*.json)",
          "description": "An array of vendors, or an object whose 'vendors' key holds one. CSV files use the same names as header columns, with aliases separated by '|'.",
          "oneOf": [
            { "$ref": "#/$defs/vendors" },
            { "type": "object", "required": ["vendors"], "additionalProperties": false,
              "properties": { "vendors": { "$ref": "#/$defs/vendors" } } }
          ],
          "$defs": {
            "vendors": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/vendor" } },
            "text": { "type": ["string", "null"] },
            "vendor": {
              "type": "object",
              "required": ["name"],
              "additionalProperties": false,
              "properties": {
                "name": { "type": "string", "minLength": 1, "description": "The vendor's name; its normalized form is the vendor's key." },
                "aliases": { "type": "array", "items": { "type": "string" },
                             "description": "Names the vendor appears under on statements and in logs; vendors made from them earlier are merged into this one." },
                "tax_id": { "$ref": "#/$defs/text" },
                "iban": { "type": ["string", "null"], "pattern": "^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{11,36}$",
                          "description": "Checked with ISO 7064 MOD 97-10 and the country's length." },
                "bic": { "type": ["string", "null"], "pattern": "^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$" },
                "email": { "type": ["string", "null"], "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" },
                "address": { "$ref": "#/$defs/text" },
                "payment_terms": { "type": ["string", "integer", "null"],
                                   "description": "Days until payment is due: 30, \"net 30\" or \"30 days\" (0 to 365)." },
                "default_category": { "type": ["string", "null"],
                                      "description": "A category of the business: bank lines of this vendor no rule matches get it (evidence vendor-default)." }
              }
            }
          }
        }
        """#

    public static let corrections = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/corrections-row.schema.json",
          "title": "One row of a corrections file (inbox/<business>/corrections/*.csv)",
          "description": "Corrections are CSV: id,category[,vendor], with or without that header row. This schema describes one row as an object of those columns.",
          "type": "object",
          "required": ["id", "category"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "integer", "minimum": 1, "description": "The item's id as `kontor expenses list` (or --bank) shows it." },
            "category": { "type": "string", "minLength": 1, "description": "A category key or name of the business." },
            "vendor": { "type": "string", "description": "Optional: the vendor the item should name." }
          }
        }
        """#
}
