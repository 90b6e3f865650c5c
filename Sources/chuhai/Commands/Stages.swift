import ArgumentParser
import ChuhaiKit

struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the pipeline's stages in order.",
        discussion: """
            Stages marked per document run for every chapter and episode; skip one in the project file with
            `stages: {skip: [quality.translation]}`; add an optional one with `stages: {add: [translations.pseudo]}`.
            `ingest`, `package` and `manifest` cannot be skipped.
            """
    )

    func run() {
        for e in StageRegistry.all {
            let kind = e.perDocument ? "per document" : "per language"
            let mode = e.optional ? "optional " : e.skippable ? "         " : "required "
            print("\(e.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(kind.padding(toLength: 13, withPad: " ", startingAt: 0)) \(mode) \(e.summary)")
        }
    }
}
