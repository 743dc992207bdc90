/// A small dense square matrix, row-major, for the normal equations of a fit with a handful of parameters.
struct Matrix: Equatable, Sendable {
    let size: Int
    private(set) var values: [Double]

    init(size: Int, values: [Double]) {
        precondition(values.count == size * size)
        self.size = size
        self.values = values
    }

    static func zero(_ size: Int) -> Matrix { Matrix(size: size, values: Array(repeating: 0, count: size * size)) }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// JᵀJ for a Jacobian given as rows (one row per observation).
    static func gram(_ jacobianRows: [[Double]], size: Int) -> Matrix {
        var result = Matrix.zero(size)
        for row in jacobianRows {
            for i in 0..<size { for j in 0..<size { result[i, j] += row[i] * row[j] } }
        }
        return result
    }

    /// Solves A·x = b by Gaussian elimination with partial pivoting; nil when A is singular.
    func solve(_ rhs: [Double]) -> [Double]? {
        var a = self
        var b = rhs
        let n = size
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(a[row, column]) > abs(a[pivot, column]) { pivot = row }
            guard abs(a[pivot, column]) > 1e-300 else { return nil }
            if pivot != column {
                for k in 0..<n { let t = a[column, k]; a[column, k] = a[pivot, k]; a[pivot, k] = t }
                b.swapAt(column, pivot)
            }
            for row in (column + 1)..<n {
                let factor = a[row, column] / a[column, column]
                guard factor != 0 else { continue }
                for k in column..<n { a[row, k] -= factor * a[column, k] }
                b[row] -= factor * b[column]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row, k] * x[k] }
            x[row] = sum / a[row, row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// The inverse, column by column; nil when singular.
    func inverse() -> Matrix? {
        var result = Matrix.zero(size)
        for column in 0..<size {
            var unit = Array(repeating: 0.0, count: size)
            unit[column] = 1
            guard let x = solve(unit) else { return nil }
            for row in 0..<size { result[row, column] = x[row] }
        }
        return result
    }
}
