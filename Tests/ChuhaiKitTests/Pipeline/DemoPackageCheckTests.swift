import Foundation
import Testing
import ChuhaiTestSupport
@testable import ChuhaiKit

/// The demo's packages as a platform would receive them: EPUBs through Debian's epubcheck,
/// manifests through the schema and checksum verifier, and the --zip archives.
@Suite(.serialized) struct DemoPackageCheckTests {
    @Test(.enabled(if: EPUBCheck.available, "epubcheck is not installed (make deps installs it)"))
    func demoEPUBsPassEPUBCheckWithNoWarnings() async throws {
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("dist")
        let (config, _) = try ProjectConfig.load(path: Fixtures.url("fixtures/demo/chuhai.yaml").path)
        _ = try await PipelineRunner(config: config, options: .init(output: out, zip: true, useCache: false)).run()
        for language in ["en", "es"] {
            let epub = out.appendingPathComponent("\(language)/qingyun.epub")
            let (status, output) = try EPUBCheck.run(epub)
            #expect(status == 0, "\(output)")
            #expect(output.contains("0 fatals / 0 errors / 0 warnings"), "\(output)")
        }
        let verified = try ManifestVerifier.verify(out, displayPath: "dist")
        #expect(verified.diagnostics.filter { $0.severity == .error }.isEmpty, "\(verified.diagnostics)")
        // --zip: one deterministic archive per language beside its folder.
        let zip = try Data(contentsOf: out.appendingPathComponent("chuhai-demo-en.zip"))
        let entries = try PackagingSamples.unzip(zip).map(\.0)
        #expect(entries.contains("en/manifest.json") && entries.contains("en/qingyun.epub"))
    }
}
