/// Simplified ↔ Traditional Chinese with ICU's `Hans-Hant` / `Hant-Hans`
/// transliterators (character-level; regional vocabulary is left to translators).
public enum ChineseScript: String, Sendable, CaseIterable {
    case simplified = "zh-Hans"
    case traditional = "zh-Hant"

    private static let toTraditional = try? ICU.Transliterator("Hans-Hant")
    private static let toSimplified = try? ICU.Transliterator("Hant-Hans")

    /// Converts `text` to this script.
    public func convert(_ text: String) throws -> String {
        guard let t = self == .traditional ? Self.toTraditional : Self.toSimplified else {
            throw ChuhaiError("ICU has no \(self == .traditional ? "Hans-Hant" : "Hant-Hans") transliterator on this system")
        }
        // Convert line by line: ICU transliterates a single buffer, and chapters can be large.
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { t.apply(String($0)) }.joined(separator: "\n")
    }
}
