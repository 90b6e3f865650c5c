import ChuhaiTestSupport
import Foundation
import Testing

@testable import ChuhaiKit

/// Every file in `fixtures/subtitles/bad/` is paired with `<file>.expected`: a `# args:` line
/// (profile, language, fps as on the command line) and one `line:col: severity[rule]` per
/// diagnostic it must produce, in order (`-` for file-level findings).
@Suite struct BadFixturesTests {
    static let dir = Fixtures.url("fixtures/subtitles/bad")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasSuffix(".expected") }.sorted()
    }

    static func options(_ args: [String]) throws -> SubtitleValidation.Options {
        var o = SubtitleValidation.Options(profile: try DeliveryProfile.load("generic"))
        var i = 0
        while i + 1 < args.count {
            switch args[i] {
            case "--profile": o.profile = try DeliveryProfile.load(args[i + 1])
            case "--lang": o.language = args[i + 1]
            case "--fps": o.frameRate = FrameRate(args[i + 1])
            default: Issue.record("unknown argument \(args[i]) in .expected")
            }
            i += 2
        }
        return o
    }

    @Test func everyBadFileHasExpectations() {
        #expect(Self.files.count >= 6)
        for f in Self.files {
            #expect(FileManager.default.fileExists(atPath: Self.dir.appendingPathComponent(f + ".expected").path), "\(f) has no .expected")
        }
    }

    @Test(arguments: files)
    func producesExpectedDiagnostics(file: String) throws {
        let expected = try String(contentsOf: Self.dir.appendingPathComponent(file + ".expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let args = expected.first { $0.hasPrefix("# args:") }.map { $0.dropFirst("# args:".count).split(separator: " ").map(String.init) } ?? []
        let path = "fixtures/subtitles/bad/" + file
        let result = try SubtitleValidation.validate(Fixtures.data(path), file: path, options: Self.options(args))
        let actual = result.diagnostics.map { d -> String in
            let loc = d.location.line.map { l in d.location.column.map { "\(l):\($0)" } ?? "\(l)" } ?? "-"
            return "\(loc): \(d.severity.rawValue)[\(d.rule)]"
        }
        #expect(actual == expected.filter { !$0.hasPrefix("#") && !$0.isEmpty },
                "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        // Every finding names the file and says something.
        for d in result.diagnostics {
            #expect(d.location.file == path)
            #expect(d.message.count > 10)
        }
    }
}
