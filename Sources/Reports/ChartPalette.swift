/// The colours of chart lines: distinguishable, colour-blind-friendly (Okabe–Ito order), readable on white.
enum ChartPalette {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F7F", "#332288",
                         "#882255", "#117733"]

    /// The colour of the series at `index`.
    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
