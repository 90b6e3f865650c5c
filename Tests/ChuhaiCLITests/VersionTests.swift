import ChuhaiTestSupport
import Testing

@Suite struct VersionTests {
    @Test func versionPrintsAndExitsZero() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("0."))
    }

    @Test func unknownCommandIsUsageError() throws {
        let r = try CLI.run(["no-such-command"])
        #expect(r.status == 2)
    }
}
