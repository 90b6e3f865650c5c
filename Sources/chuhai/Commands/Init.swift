import ArgumentParser
import ChuhaiKit
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter project (chuhai.yaml and a sample chapter).",
        discussion: """
            Examples:
              chuhai init                 # in the current folder
              chuhai init my-novel && cd my-novel && chuhai run
            """
    )

    @Argument(help: "Folder for the project (created if missing).") var folder = "."
    @Flag(help: "Overwrite an existing chuhai.yaml.") var force = false

    func run() throws {
        let written = try ProjectTemplate.write(to: URL(fileURLWithPath: folder), force: force)
        for path in written { print("wrote \(folder == "." ? path : folder + "/" + path)") }
        print("next: edit chuhai.yaml, then run `chuhai run`\(folder == "." ? "" : " in \(folder)")")
    }
}
