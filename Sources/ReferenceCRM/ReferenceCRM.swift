import Hummingbird
import GRDB

/// ReferenceCRM: the CRM API server used as the default target and the tests' fixture.
public enum ReferenceCRM {}
