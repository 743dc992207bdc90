import ArgumentParser

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capacity", abstract: "Capacity calculators.")
}
