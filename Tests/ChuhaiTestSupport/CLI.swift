import Foundation

/// Runs the built `chuhai` binary the way a user would and captures what it printed.
public enum CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `chuhai` executable next to the test bundle (same build configuration).
    public static var binary: URL {
        let env = ProcessInfo.processInfo.environment
        if let override = env["CHUHAI_BIN"] { return URL(fileURLWithPath: override) }
        // Tests run from .build/<config>/<bundle>.xctest; the product sits beside it.
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("chuhai")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return Fixtures.url(".build/debug/chuhai")
    }

    /// Runs `chuhai ARGS` in `directory` (the repository root by default), feeding `stdin`.
    public static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? Fixtures.root
        var env = ProcessInfo.processInfo.environment
        env["CI"] = "true"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr cannot block the child.
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable { var data = Data() }
