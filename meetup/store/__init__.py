"""The workspace on disk: records, TOML, the file store, references, migrations."""
