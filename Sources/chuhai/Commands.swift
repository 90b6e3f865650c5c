import ArgumentParser

extension Chuhai {
    /// Every subcommand, one file each under Commands/.
    static let commands: [ParsableCommand.Type] = [
        Ingest.self,
        Segment.self,
        TextCommand.self,
    ]
}
