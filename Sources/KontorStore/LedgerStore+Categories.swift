import GRDB
import KontorCore

/// A category created by an import (the business allows new categories on import).
public struct ImportedCategory: Sendable, Equatable {
    public var key: CategoryKey
    public var name: String
    public var account: AccountPath

    public init(key: CategoryKey, name: String, account: AccountPath) {
        self.key = key
        self.name = name
        self.account = account
    }
}

extension LedgerStore {
    /// The categories imports created for this business, by key.
    public func importedCategories(business: BusinessID) throws(KontorError) -> [ImportedCategory] {
        try read("list imported categories") { db in try LedgerStore.importedCategories(business: business, in: db) }
    }

    static func importedCategories(business: BusinessID, in db: Database) throws -> [ImportedCategory] {
        try Row.fetchAll(db, sql: "SELECT key, name, account FROM custom_category WHERE business_id = ? ORDER BY key",
                         arguments: [business.rawValue]).compactMap { row in
            guard let account = AccountPath(row["account"] as String) else { return nil }
            return ImportedCategory(key: CategoryKey(row["key"]), name: row["name"], account: account)
        }
    }
}
