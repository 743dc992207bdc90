/// A step's `record:` declaration: what the step writes, so a data-quality audit can read every acknowledged write
/// back after the load.
///
/// ```yaml
/// record:
///   resource: customers
///   id: $.id                                     # where the 201 answer holds the new id
///   fields: [name, email, phone]                 # top-level keys of the json body, compared when read back
///   key: email                                   # natural key (one of fields): duplicates are found by it
///   readBack: /api/v1/customers/${id}
///   search: /api/v1/customers?search=${key}      # lists the records with that key (needs key)
///   parent: {resource: customers, field: customerId}   # orphaned when the parent is gone
/// ```
public struct WriteDeclaration: Hashable, Sendable {
    /// The child side of a parent link: `field` of this record holds the id of a `resource` record.
    public struct Parent: Hashable, Sendable {
        /// The parent's resource, declared by another step's `record:`.
        public var resource: String
        /// The field (in the body sent) holding the parent's id.
        public var field: String

        /// A parent link.
        public init(resource: String, field: String) {
            self.resource = resource
            self.field = field
        }
    }

    /// Resource name (its records are audited together), e.g. `customers`.
    public var resource: String
    /// Where the answer to an acknowledged write holds the record's id.
    public var idPath: JSONPath
    /// Fields of the sent JSON body that the stored record must keep.
    public var fields: [String]
    /// The natural key, one of `fields`; nil when the resource has none.
    public var key: String?
    /// Path (or URL) that returns the record; `${id}` is its id.
    public var readBack: Template
    /// Path (or URL) that lists the records with a natural key; `${key}` is the key's value.
    public var search: Template?
    /// The record's parent, when it has one.
    public var parent: Parent?

    /// A declaration; the decoder checks it against the scenario.
    public init(resource: String, idPath: JSONPath, fields: [String], key: String? = nil, readBack: Template,
                search: Template? = nil, parent: Parent? = nil) {
        self.resource = resource
        self.idPath = idPath
        self.fields = fields
        self.key = key
        self.readBack = readBack
        self.search = search
        self.parent = parent
    }
}
