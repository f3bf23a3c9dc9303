import KontorCore

/// What categorizes a bank line after the explicit rules: the vendor's default category
/// from master data, then the model trained on the business's history.
///
/// The model is trained lazily, on the first line that needs it, from `history` (the
/// import hands in a loader that reads the ledger inside the file's transaction), so a
/// file whose lines all match rules never pays for training.
public struct LearnedCategorizer {
    public var directory: VendorDirectory
    /// The categories the business can book to: defaults and history outside it are ignored.
    private let allowed: Set<CategoryKey>
    private let enabled: Bool
    private let threshold: Double
    private let minimumExamples: Int
    private var history: (() throws(KontorError) -> [ClassifierExample])?
    private var model: CategoryModel?

    /// What it decided for one line.
    public struct Decision: Sendable {
        /// The category to book, or nil when the line still goes to review (the model was
        /// not sure enough; `evidence` then says so and names its guess).
        public var category: CategoryKey?
        public var evidence: JSONValue
    }

    /// A categorizer that decides nothing (no master data, no history).
    public init() {
        self.init(directory: VendorDirectory(), allowed: [], enabled: false, threshold: 1, minimumExamples: 1, history: nil)
    }

    public init(directory: VendorDirectory, allowed: Set<CategoryKey>, enabled: Bool, threshold: Double, minimumExamples: Int,
                history: (() throws(KontorError) -> [ClassifierExample])?) {
        self.directory = directory
        self.allowed = allowed
        self.enabled = enabled
        self.threshold = threshold
        self.minimumExamples = minimumExamples
        self.history = history
    }

    /// The decision for a line no rule matched, or nil when neither the vendor nor the
    /// model has anything to say.
    /// - Parameter vendorKey: the line's normalized vendor key (after aliases).
    public mutating func decide(payee: String?, memo: String?, amount: Money, date: LocalDate, account: String?,
                                vendorKey: String?) throws(KontorError) -> Decision? {
        if let vendorKey, let vendor = directory.vendor(forKey: vendorKey), let category = vendor.defaultCategory,
           allowed.contains(category) {
            return Decision(category: category, evidence: ["source": "vendor-default", "vendor": .string(vendor.name)])
        }
        guard enabled else { return nil }
        if model == nil {
            guard let load = history else { return nil }
            history = nil
            let examples = try load().filter { allowed.contains($0.category) }
            model = CategoryModel(history: examples, threshold: threshold, minimumExamples: minimumExamples)
        }
        guard let prediction = model?.predict(payee: payee, memo: memo, amount: amount, date: date, account: account) else {
            return nil
        }
        return Decision(category: prediction.accepted ? prediction.category : nil, evidence: prediction.evidence)
    }
}
