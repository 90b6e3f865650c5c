import ArgumentParser

extension Chuhai {
    /// Every subcommand, one file each under Commands/.
    static let commands: [ParsableCommand.Type] = [
        Segment.self,
        TextCommand.self,
        ManifestCommand.self,
    ]
}
