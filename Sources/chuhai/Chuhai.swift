import ArgumentParser
import ChuhaiKit
import Foundation

@main
struct Chuhai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chuhai",
        abstract: "Take Chinese web novels and micro-drama subtitles overseas.",
        discussion: """
            Exit codes: 0 clean, 1 findings (errors in validated input), 2 usage error or unreadable input.
            """,
        version: ChuhaiKit.version,
        subcommands: Chuhai.commands
    )

    /// Maps errors to chuhai's exit codes (ArgumentParser's usage code is 64; ours is 2).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ChuhaiError {
            Output.error(error.description)
            Foundation.exit(ExitStatus.unreadable)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Output.error(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? ExitStatus.unreadable : code.rawValue)
        }
    }
}
