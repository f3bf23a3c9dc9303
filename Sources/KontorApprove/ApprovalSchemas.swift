/// The JSON Schemas (draft 2020-12) of the approval files, published by `kontor schema`:
/// the request (`<id>.json`), its status (`<id>.status.json`) and a decision token's
/// header and claims. String constants (see `FilePreview+Schema.swift` for why); an
/// end-to-end test validates real files against them (ApprovalInteropEndToEndTests).
public enum ApprovalSchemas {
    static let tiers = #"""
        "tiers": {
          "type": "array", "minItems": 1,
          "items": {
            "type": "object",
            "required": ["tier", "name", "mode", "approvers", "status", "approved_by", "escalated"],
            "additionalProperties": false,
            "properties": {
              "tier": { "type": "integer", "minimum": 1 },
              "name": { "type": "string" },
              "mode": { "enum": ["any-of", "sequence"] },
              "approvers": { "type": "array", "items": { "type": "string", "pattern": "^(role|user):" } },
              "status": { "enum": ["done", "waiting", "pending", "rejected", "expired"] },
              "approved_by": { "type": "array", "items": { "type": "string" } },
              "escalated": { "type": "boolean" }
            }
          }
        }
        """#

    public static let request = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/approval-request.schema.json",
          "title": "outbox/<business>/approvals/<id>.json",
          "description": "An approval request and its evidence. Amounts are exact decimal strings in their currency.",
          "type": "object",
          "required": ["id", "business", "item", "policy_rule", "tiers", "created_at", "status", "decide_with"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "pattern": "^(EXP|BILL|PAY|INV)-[0-9]{6,}$" },
            "business": { "type": "string" },
            "item": {
              "type": "object",
              "required": ["kind", "record_id", "amount", "currency", "date", "vendor", "category", "receipt", "description", "submitted_by"],
              "additionalProperties": false,
              "properties": {
                "kind": { "enum": ["expense", "bill", "payment-batch", "invoice"] },
                "record_id": { "type": "string" },
                "amount": { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
                "currency": { "type": "string", "pattern": "^[A-Z]{3}$" },
                "date": { "type": "string", "format": "date" },
                "vendor": { "type": ["string", "null"] },
                "category": { "type": ["string", "null"] },
                "receipt": { "type": ["string", "null"] },
                "description": { "type": "string" },
                "submitted_by": { "type": ["string", "null"] }
              }
            },
            "policy_rule": { "type": "string" },
        """# + tiers + #"""
        ,
            "created_at": { "type": "string", "format": "date-time" },
            "status": { "enum": ["waiting", "approved", "rejected", "expired"] },
            "decide_with": { "type": "string" }
          }
        }
        """#

    public static let status = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/approval-status.schema.json",
          "title": "outbox/<business>/approvals/<id>.status.json",
          "description": "Where an approval request stands, rewritten at every step.",
          "type": "object",
          "required": ["id", "business", "status", "waiting_for", "waiting_for_approvers", "waiting_since", "tiers", "history"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string" },
            "business": { "type": "string" },
            "status": { "enum": ["waiting", "approved", "rejected", "expired"] },
            "waiting_for": {
              "type": "array",
              "items": {
                "type": "object", "required": ["user", "name", "email"], "additionalProperties": false,
                "properties": { "user": { "type": "string" }, "name": { "type": "string" }, "email": { "type": ["string", "null"] } }
              }
            },
            "waiting_for_approvers": { "type": "array", "items": { "type": "string" } },
            "waiting_since": { "type": ["string", "null"], "format": "date-time" },
        """# + tiers + #"""
        ,
            "history": {
              "type": "array", "minItems": 1,
              "items": {
                "type": "object",
                "required": ["event", "at", "user", "tier", "comment", "jti"],
                "additionalProperties": false,
                "properties": {
                  "event": { "enum": ["requested", "approved", "rejected", "escalated", "expired", "posted"] },
                  "at": { "type": "string", "format": "date-time" },
                  "user": { "type": ["string", "null"] },
                  "tier": { "type": ["integer", "null"], "minimum": 1 },
                  "comment": { "type": ["string", "null"] },
                  "jti": { "type": ["string", "null"] }
                }
              }
            }
          }
        }
        """#

    public static let decision = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://kontor.invalid/schemas/approval-decision.schema.json",
          "title": "inbox/<business>/approvals/*: a decision token's header and claims",
          "description": "A decision file is one compact JWS (header.payload.signature, base64url). This describes the decoded header and claims as {\"header\": …, \"claims\": …}. Kontor also refuses jwk, jku, x5u, x5c and crit headers.",
          "type": "object",
          "required": ["header", "claims"],
          "properties": {
            "header": {
              "type": "object",
              "required": ["alg", "typ"],
              "properties": {
                "alg": { "enum": ["EdDSA", "ES256", "HS256"] },
                "typ": { "enum": ["kontor-decision+jwt", "application/kontor-decision+jwt", "JWT"] },
                "kid": { "type": "string" }
              },
              "not": { "anyOf": [ { "required": ["jwk"] }, { "required": ["jku"] }, { "required": ["x5u"] }, { "required": ["x5c"] }, { "required": ["crit"] } ] }
            },
            "claims": {
              "type": "object",
              "required": ["item", "decision", "iss", "aud", "iat", "exp", "jti"],
              "properties": {
                "item": { "type": "string", "minLength": 1 },
                "decision": { "enum": ["approve", "reject"] },
                "comment": { "type": "string", "maxLength": 4000 },
                "iss": { "type": "string", "description": "The deciding user's id in pipelines/users.yaml." },
                "aud": { "oneOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ], "description": "The business id." },
                "iat": { "type": "integer" },
                "exp": { "type": "integer", "description": "At most 30 days after iat." },
                "nbf": { "type": "integer" },
                "jti": { "type": "string", "minLength": 1, "maxLength": 128 }
              }
            }
          }
        }
        """#
}
