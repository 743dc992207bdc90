import BenchCore
import Capacity

/// Reports: pure rendering of results into text (terminal, Markdown, HTML, CSV, JUnit).
public enum Reports {}
