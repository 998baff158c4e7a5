"""Logic of the Civic Coding site: plain, importable, testable without MkDocs."""
