/// Text that could not be parsed (a template, JSON path, threshold, regex or data file), with the character
/// offset of the problem so the loader can point at the exact column.
public struct TextParseError: Error, Equatable, Sendable {
    /// What is wrong.
    public let message: String
    /// Offset, in characters, from the start of the text (for CSV files, the 1-based record number).
    public let offset: Int
}
