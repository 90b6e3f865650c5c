import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

/// The profiles are YAML in `profiles/subtitles/`, embedded as Swift string constants so the
/// installed binary (`make install` copies one file) finds them without a resource bundle.
@Suite struct ShippedProfilesTests {
    static func render() throws -> String {
        let dir = Fixtures.url("profiles/subtitles")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var out = """
            // Generated from profiles/subtitles/*.yaml by `make profiles`; do not edit by hand.
            // ShippedProfilesTests fails when this file is out of date with the YAML.

            /// The delivery profiles built into chuhai, by name.
            enum ShippedProfiles {
                static let files: [String: String] = [

            """
        for name in names {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            out += "        \"\(name.dropLast(5))\": #\"\"\"\n\(text)\"\"\"#,\n"
        }
        out += "    ]\n}\n"
        return out
    }

    @Test func generatedFileIsCurrent() throws {
        let path = Fixtures.url("Sources/ChuhaiKit/Quality/ShippedProfiles.swift")
        let expected = try Self.render()
        if ProcessInfo.processInfo.environment["RECORD_PROFILES"] == "1" {
            try expected.write(to: path, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: path, encoding: .utf8)
        #expect(actual == expected, "ShippedProfiles.swift is stale: run `make profiles` and rebuild")
    }

    @Test(arguments: ["netflix", "youtube", "vertical", "generic"])
    func shippedProfileLoadsAndCitesSources(name: String) throws {
        let p = try DeliveryProfile.load(name)
        #expect(p.name == name)
        #expect(!p.sources.isEmpty)
        #expect(p.sources.contains { $0.contains("2026-11-27") })
    }
}

@Suite struct ProfileFileErrorTests {
    @Test func malformedProfileYAMLNamesLineAndColumn() {
        #expect {
            _ = try DeliveryProfile.parse("name: mine\nrules: [unclosed\n", file: "mine.yaml")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.location?.file == "mine.yaml" && e.location?.line != nil && e.message.contains("malformed YAML")
        }
    }
}
