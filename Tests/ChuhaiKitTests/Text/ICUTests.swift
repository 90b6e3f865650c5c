import Testing
@testable import ChuhaiKit

@Suite struct ICUTests {
    @Test func versionIsSystemICU() {
        #expect(icuVersion.split(separator: ".").count >= 2)
    }
}
