/// Capacity: pure capacity-planning maths (USL, operational laws, MVA, M/M/c, what-if, planner).
public enum Capacity {}
